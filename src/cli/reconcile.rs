//! `kb4-setup reconcile`: compare the KnowBe4 tenant's users with a JumpCloud export.
//!
//! Exit status: 0 nothing to act on; 1 users KnowBe4 would archive, conflicts, an
//! incomplete read, or an error from the tenant; 2 bad input (unreadable CSV, bad URL,
//! no token).

use std::fmt::Write as _;
use std::io::{Read, Write as _};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use secrecy::SecretString;
use serde::Serialize;
use zeroize::Zeroize;

use super::{EXIT_FAILED, EXIT_INPUT, EXIT_OK, ReconcileArgs};
use crate::provisioning::job::reconcile_tenant;
use crate::provisioning::paging::{PagingConfig, PagingError, PagingProgress, PagingSummary};
use crate::provisioning::reconcile::{ReconcileReport, ReconcileSummary};
use crate::provisioning::reconcile_export::write_all_lists;
use crate::provisioning::users_csv::read_users_csv_file;

/// Looks up the stored token for a tenant URL: `Ok(None)` when none is stored.
pub type TokenLookup<'a> = &'a dyn Fn(&str) -> Result<Option<SecretString>, String>;

/// Runs the subcommand with the keychain as token source.
pub fn run(args: &ReconcileArgs) -> u8 {
    run_with_token_source(args, &super::keychain_token_lookup)
}

/// Runs the subcommand; `lookup` supplies the token unless `--token-stdin` is given.
pub fn run_with_token_source(args: &ReconcileArgs, lookup: TokenLookup<'_>) -> u8 {
    let csv = match read_users_csv_file(&args.users_csv) {
        Ok(csv) => csv,
        Err(error) => return input_error(&format!("{}: {error}", args.users_csv.display())),
    };
    if let Some(read_error) = &csv.read_error {
        // A partial export would list every later user as "only in KnowBe4": refuse.
        return input_error(&format!(
            "{}: {} Reconciling a partial export would wrongly list users as only in KnowBe4.",
            args.users_csv.display(),
            read_error.message
        ));
    }
    let mut config = PagingConfig {
        page_size: args.page_size,
        ..PagingConfig::new(args.tenant_url.clone())
    };
    config.http.timeout = Duration::from_secs(args.timeout.max(1));
    config.http.proxy_url = args.proxy.clone();
    config.http.extra_ca_file = args.ca_file.clone();
    // A proxy or CA file that cannot be used is an input error, found before the keychain.
    if let Err(error) = config.http.validate() {
        return input_error(&error.to_string());
    }
    let token = match token(args, lookup) {
        Ok(token) => token,
        Err(message) => return input_error(&message),
    };
    let cancel = AtomicBool::new(false);
    let progress = PagingProgress::default();
    let report = match reconcile_tenant(&config, &token, csv.users, &cancel, &progress, &|| {}) {
        Ok(report) => report,
        Err(
            error @ (PagingError::InvalidUrl(_) | PagingError::NotHttps(_) | PagingError::Setup(_)),
        ) => {
            return input_error(&error.to_string());
        }
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_FAILED;
        }
    };
    finish(args, &report)
}

fn finish(args: &ReconcileArgs, report: &ReconcileReport) -> u8 {
    let mut files = Vec::new();
    if let Some(dir) = &args.out {
        let written = std::fs::create_dir_all(dir)
            .map_err(|e| e.to_string())
            .and_then(|()| write_all_lists(report, dir).map_err(|e| e.to_string()));
        match written {
            Ok(paths) => files = paths.iter().map(|p| p.display().to_string()).collect(),
            Err(error) => {
                return input_error(&format!(
                    "cannot write the lists into {}: {error}",
                    dir.display()
                ));
            }
        }
    }
    let output = if args.json {
        let json = JsonOutput {
            summary: report.summary,
            complete: report.is_complete(),
            paging: report.paging.as_ref(),
            notes: &report.notes,
            files: &files,
        };
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    } else {
        render_text(report, &files)
    };
    let _ = writeln!(std::io::stdout().lock(), "{output}");
    let action_needed =
        report.summary.only_in_knowbe4 > 0 || report.summary.conflicts > 0 || !report.is_complete();
    if action_needed { EXIT_FAILED } else { EXIT_OK }
}

/// The `--json` document: the counts at the top level, then how the tenant was read.
#[derive(Serialize)]
struct JsonOutput<'a> {
    #[serde(flatten)]
    summary: ReconcileSummary,
    complete: bool,
    paging: Option<&'a PagingSummary>,
    notes: &'a [String],
    files: &'a [String],
}

fn input_error(message: &str) -> u8 {
    eprintln!("error: {message}");
    EXIT_INPUT
}

fn token(args: &ReconcileArgs, lookup: TokenLookup<'_>) -> Result<SecretString, String> {
    if args.token_stdin {
        // A token is short: read a little more than the longest accepted, never without limit.
        let limit = u64::try_from(crate::token::MAX_TOKEN_CHARS * 4 + 2).unwrap_or(u64::MAX);
        let mut raw = String::new();
        let read = std::io::stdin().take(limit).read_to_string(&mut raw);
        let token = raw.trim().to_owned();
        raw.zeroize();
        read.map_err(|e| format!("cannot read the token from standard input: {e}"))?;
        if token.is_empty() {
            return Err(
                "standard input was empty: pipe the SCIM token into --token-stdin".to_owned(),
            );
        }
        crate::token::check_token_length(&token).map_err(|e| e.to_string())?;
        return Ok(SecretString::from(token));
    }
    match lookup(args.tenant_url.trim()) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(format!(
            "no token is stored for {}: run `kb4-setup token set --tenant-url {}` or use --token-stdin",
            args.tenant_url.trim(),
            args.tenant_url.trim()
        )),
        Err(error) => Err(format!(
            "cannot read the token from the keychain: {error}. Use --token-stdin instead."
        )),
    }
}

/// How many entries of a list the text output shows before pointing at `--out`.
const SHOWN: usize = 20;

/// The text report: counts with what each list means, then the lists that need action.
pub fn render_text(report: &ReconcileReport, files: &[String]) -> String {
    let s = &report.summary;
    let mut out = String::new();
    if let Some(paging) = &report.paging {
        let total = paging
            .last_total
            .map_or("not given".to_owned(), |t| t.to_string());
        let _ = writeln!(
            out,
            "Read {} KnowBe4 user(s) in {} page(s) (totalResults: {total}); {} JumpCloud row(s).",
            s.knowbe4_users, paging.pages, s.jumpcloud_users
        );
    }
    let _ = writeln!(
        out,
        "  Only in KnowBe4:   {:>7}  KnowBe4 will ARCHIVE these once sync is live, unless you import them",
        s.only_in_knowbe4
    );
    let _ = writeln!(
        out,
        "                              in JumpCloud (manual import, \"New\" users) and bind them to the app's user group."
    );
    let _ = writeln!(out, "  Matched:           {:>7}", s.matched);
    let _ = writeln!(
        out,
        "  Only in JumpCloud: {:>7}  sync will create them in KnowBe4.",
        s.only_in_jumpcloud
    );
    let _ = writeln!(
        out,
        "  Conflicts:         {:>7}  fix these before sync goes live.",
        s.conflicts
    );
    if !report.is_complete() {
        let _ = writeln!(
            out,
            "WARNING: the tenant may not have been read completely; the lists may be wrong."
        );
    }
    for note in report
        .notes
        .iter()
        .chain(report.paging.iter().flat_map(|p| p.notes.iter()))
    {
        let _ = writeln!(out, "Note: {note}");
    }
    list(
        &mut out,
        "Only in KnowBe4",
        report
            .only_in_knowbe4
            .iter()
            .map(|u| format!("{} <{}> (id {})", u.user_name, u.email, u.id)),
    );
    list(
        &mut out,
        "Conflicts",
        report.conflicts.iter().map(|c| {
            format!(
                "{} <{}>: {}",
                c.knowbe4.user_name, c.knowbe4.email, c.detail
            )
        }),
    );
    for file in files {
        let _ = writeln!(out, "Wrote {file}");
    }
    out.trim_end().to_owned()
}

fn list(out: &mut String, title: &str, entries: impl ExactSizeIterator<Item = String>) {
    let count = entries.len();
    if count == 0 {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for entry in entries.take(SHOWN) {
        let _ = writeln!(out, "  {entry}");
    }
    if count > SHOWN {
        let _ = writeln!(
            out,
            "  ... and {} more (use --out DIR for the full lists)",
            count - SHOWN
        );
    }
}
