//! `kb4-setup reconcile`: compare the KnowBe4 tenant's users with a JumpCloud export, or
//! with the users reached through the bound groups, read from JumpCloud (`--from-jumpcloud`, in
//! `reconcile_jumpcloud`, which shares this file's reading of the options and printing).
//!
//! Exit status: 0 nothing to act on; 1 users only in KnowBe4, conflicts, members not
//! in the export, an incomplete read, or an error from the tenant; 2 bad input (unreadable
//! CSV or members file, bad URL, no token).

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use serde::Serialize;

use super::ReconcileArgs;
use super::failure::{Failure, Finished, Outcome};
use crate::provisioning::csv_export::write_rows;
use crate::provisioning::job::reconcile_tenant;
use crate::provisioning::list_meanings::{MEMBERS_NOT_IN_EXPORT, STAGED_OR_SUSPENDED, meaning};
use crate::provisioning::members::{Member, file_name_of, read_members_file};
use crate::provisioning::paging::{PagingConfig, PagingError, PagingProgress, PagingSummary};
use crate::provisioning::reconcile::{ReconcileReport, ReconcileSummary};
use crate::provisioning::reconcile_export::{ReconcileList, write_all_lists};
use crate::provisioning::scope::{ComparisonScope, ScopeKind, ScopeSource, ScopedRows};
use crate::provisioning::set_apart::{STAGED_OR_SUSPENDED_FILE, write_staged_or_suspended};
use crate::provisioning::users_csv::{CsvUser, read_users_csv_file};
use crate::tenant_url::TenantUrl;

use super::token_source::{TokenLookup, token_for};

/// Runs the subcommand with an export, with the keychain as token source.
pub fn run(args: &ReconcileArgs) -> Outcome {
    run_with_token_source(args, &super::keychain_token_lookup)
}

/// Runs the subcommand with an export; `lookup` supplies the token unless `--token-stdin`
/// is given.
pub fn run_with_token_source(args: &ReconcileArgs, lookup: TokenLookup<'_>) -> Outcome {
    let Some(users_csv) = &args.users_csv else {
        return Err(Failure::input(
            "give the JumpCloud export with --users-csv FILE, or --from-jumpcloud",
        ));
    };
    let csv = read_users_csv_file(users_csv)
        .map_err(|error| Failure::input(format!("{}: {error}", users_csv.display())))?;
    if let Some(read_error) = &csv.read_error {
        // A partial export would list every later user as "only in KnowBe4": refuse.
        return Err(Failure::input(format!(
            "{}: {} Reconciling a partial export would wrongly list users as only in KnowBe4.",
            users_csv.display(),
            read_error.message
        )));
    }
    // The scope is applied before the keychain and the network: a bad members file or column
    // is an input error, found at once.
    let scoped = scoped_rows(args, users_csv, csv.users).map_err(Failure::input)?;
    let (tenant, config) = paging_config(args).map_err(Failure::input)?;
    let token = token_for(&tenant, args.token_stdin, std::io::stdin().lock(), lookup)
        .map_err(Failure::input)?;
    let cancel = AtomicBool::new(false);
    let progress = PagingProgress::default();
    let ScopedRows { rows, outcome } = scoped;
    let result = reconcile_tenant(&config, &token, rows, &cancel, &progress, &|| {});
    finish_run(args, result.map(|report| report.with_scope(outcome)))
}

/// The run's report printed and written as the options ask, or its error: a setting that
/// cannot be used is bad input, anything else a failed run.
pub(super) fn finish_run(
    args: &ReconcileArgs,
    result: Result<ReconcileReport, PagingError>,
) -> Outcome {
    match result {
        Ok(report) => finish(args, &report),
        Err(error @ PagingError::Setup(_)) => Err(Failure::input(error.to_string())),
        Err(error) => Err(Failure::failed(error.to_string())),
    }
}

/// The export rows the options ask to compare: all of them, the members listed in
/// `--members`, or the rows whose `--group-column` holds a `--group`.
fn scoped_rows(
    args: &ReconcileArgs,
    users_csv: &std::path::Path,
    rows: Vec<CsvUser>,
) -> Result<ScopedRows, String> {
    let source = if let Some(path) = &args.members {
        let members =
            read_members_file(path).map_err(|error| format!("{}: {error}", path.display()))?;
        ScopeSource::MembersFile {
            file_name: file_name_of(path),
            members,
        }
    } else if let Some(column) = &args.group_column {
        ScopeSource::ExportColumn {
            export_path: users_csv.to_owned(),
            column: column.clone(),
            groups: args.group.clone(),
        }
    } else {
        ScopeSource::WholeExport
    };
    source.apply(rows).map_err(|error| error.to_string())
}

pub(super) fn finish(args: &ReconcileArgs, report: &ReconcileReport) -> Outcome {
    let mut files = Vec::new();
    if let Some(dir) = &args.out {
        let written = std::fs::create_dir_all(dir)
            .map_err(|e| e.to_string())
            .and_then(|()| write_all_lists(report, dir).map_err(|e| e.to_string()));
        match written {
            Ok(mut paths) => {
                // Written even when empty, so no file of an earlier run is left to mislead.
                if args.members.is_some() {
                    match write_members_not_in_export(report, dir) {
                        Ok(path) => paths.push(path),
                        Err(error) => {
                            return Err(Failure::input(format!(
                                "cannot write the members not in the export into {}: {error}",
                                dir.display()
                            )));
                        }
                    }
                }
                if report.scope.kind == ScopeKind::Jumpcloud {
                    match write_staged_or_suspended_file(report, dir) {
                        Ok(path) => paths.push(path),
                        Err(error) => {
                            return Err(Failure::input(format!(
                                "cannot write the STAGED or SUSPENDED users into {}: {error}",
                                dir.display()
                            )));
                        }
                    }
                }
                files = paths.iter().map(|p| p.display().to_string()).collect();
            }
            Err(error) => {
                return Err(Failure::input(format!(
                    "cannot write the lists into {}: {error}",
                    dir.display()
                )));
            }
        }
    }
    let output = if args.json {
        let json = JsonOutput {
            summary: report.summary,
            scope: &report.scope,
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
    let action_needed = report.summary.only_in_knowbe4 > 0
        || report.summary.conflicts > 0
        || !report.members_not_in_export.is_empty()
        || !report.is_complete();
    Ok(Finished::problems_if(action_needed))
}

/// The `--json` document: the counts at the top level, then how the tenant was read.
#[derive(Serialize)]
struct JsonOutput<'a> {
    #[serde(flatten)]
    summary: ReconcileSummary,
    /// Which JumpCloud users were compared: `kind` (`export` or `members`) and `description`.
    scope: &'a ComparisonScope,
    complete: bool,
    paging: Option<&'a PagingSummary>,
    notes: &'a [String],
    files: &'a [String],
}

/// The file name of the members not in the export, written beside the lists by `--out`.
const MEMBERS_NOT_IN_EXPORT_FILE: &str = "members_not_in_export.csv";

fn write_members_not_in_export(
    report: &ReconcileReport,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf, String> {
    let path = dir.join(MEMBERS_NOT_IN_EXPORT_FILE);
    let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    let mut writer = std::io::BufWriter::new(file);
    let rows = report
        .members_not_in_export
        .iter()
        .map(|m| vec![m.line.to_string(), m.username.clone(), m.email.clone()]);
    write_rows(&mut writer, &["line", "username", "email"], rows).map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())?;
    Ok(path)
}

fn write_staged_or_suspended_file(
    report: &ReconcileReport,
    dir: &std::path::Path,
) -> Result<std::path::PathBuf, String> {
    let path = dir.join(STAGED_OR_SUSPENDED_FILE);
    let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
    let mut writer = std::io::BufWriter::new(file);
    write_staged_or_suspended(report, &mut writer).map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())?;
    Ok(path)
}

/// The tenant and the paging run's settings from the arguments; the message says what is
/// wrong. A proxy or CA file that cannot be used is an input error, found before the
/// keychain. The Tenant URL's rules are those of the connection checks, with the same words.
pub(super) fn paging_config(args: &ReconcileArgs) -> Result<(TenantUrl, PagingConfig), String> {
    let tenant = super::tenant_url_argument(&args.tenant_url)?;
    let mut config = PagingConfig {
        page_size: args.page_size,
        ..PagingConfig::new(tenant.clone())
    };
    config.http.timeout = Duration::from_secs(args.jumpcloud.timeout.max(1));
    config.http.proxy_url = args.jumpcloud.proxy.clone();
    config.http.extra_ca_file = args.jumpcloud.ca_file.clone();
    config.http.validate().map_err(|error| error.to_string())?;
    Ok((tenant, config))
}

/// How many entries of a list the text output shows before pointing at `--out`.
const SHOWN: usize = 20;

/// The text report: what was compared, counts with what each list means, then the lists
/// that need action.
pub fn render_text(report: &ReconcileReport, files: &[String]) -> String {
    let s = &report.summary;
    let kind = report.scope.kind;
    let mut out = String::new();
    let _ = writeln!(out, "Compared: {}.", report.scope.description);
    if let Some(paging) = &report.paging {
        let total = paging
            .last_total
            .map_or("not given".to_owned(), |t| t.to_string());
        let _ = writeln!(
            out,
            "Read {} KnowBe4 user(s) in {} page(s) (totalResults: {total}); {} JumpCloud row(s) compared.",
            s.knowbe4_users, paging.pages, s.jumpcloud_users
        );
    }
    for (list, label, count) in [
        (
            ReconcileList::OnlyInKnowbe4,
            "Only in KnowBe4:",
            s.only_in_knowbe4,
        ),
        (ReconcileList::Matched, "Matched:", s.matched),
        (
            ReconcileList::OnlyInJumpcloud,
            "Only in JumpCloud:",
            s.only_in_jumpcloud,
        ),
        (ReconcileList::Conflicts, "Conflicts:", s.conflicts),
    ] {
        let _ = writeln!(out, "  {label:<19}{count:>7}  {}", meaning(list, kind));
    }
    if !report.members_not_in_export.is_empty() {
        let _ = writeln!(
            out,
            "  {:<19}{:>7}  {MEMBERS_NOT_IN_EXPORT}",
            "Not in the export:",
            report.members_not_in_export.len()
        );
    }
    if !report.staged_or_suspended.is_empty() {
        let _ = writeln!(
            out,
            "  {:<19}{:>7}  {STAGED_OR_SUSPENDED}",
            "STAGED/SUSPENDED:",
            report.staged_or_suspended.len()
        );
    }
    if !report.is_complete() {
        let _ = writeln!(
            out,
            "WARNING: the tenant or JumpCloud may not have been read completely; the lists may \
             be wrong."
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
    list(
        &mut out,
        "Members not in the export",
        report
            .members_not_in_export
            .iter()
            .map(|m: &Member| format!("line {}: {}", m.line, m.label())),
    );
    list(
        &mut out,
        "STAGED or SUSPENDED in JumpCloud",
        report.staged_or_suspended.iter().map(|entry| {
            format!(
                "{} <{}>: {}, {}",
                entry.user.username,
                entry.user.email,
                entry.state.label(),
                if entry.in_knowbe4 {
                    "in KnowBe4"
                } else {
                    "not in KnowBe4"
                }
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
