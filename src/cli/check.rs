//! `kb4-setup check`: the SCIM connection checks, headless. Text prints one line per check as
//! it finishes, with its hint; `--json` prints the whole report. Exit codes: 0 all passed
//! (warnings allowed), 1 a check failed, 2 bad input or no token.

use std::io::Write;
use std::time::Duration;

use super::CheckArgs;
use super::failure::{self, Failure, Finished, Outcome};
use super::token_source::{TokenLookup, token_for};
use crate::scim::client::ClientSettings;
use crate::scim::runner::{self, RunEvent, RunRequest, TestUser};

/// Runs the check with the keychain as the token source (when `--token-stdin` is absent).
pub fn run(args: &CheckArgs) -> Outcome {
    run_with_token_source(args, &super::keychain_token_lookup)
}

/// Runs the check, taking the token from stdin or from `keychain_lookup`.
pub fn run_with_token_source(args: &CheckArgs, keychain_lookup: TokenLookup<'_>) -> Outcome {
    let request = build_request(args, keychain_lookup).map_err(Failure::input)?;
    if request.lifecycle.is_some() {
        failure::note(&crate::scim::hints::lifecycle_warning(request.groups));
    }
    let mut handle = runner::start(request, None);
    let mut stdout = std::io::stdout().lock();
    while let Some(event) = handle.recv() {
        match event {
            RunEvent::Result(result) if !args.json => {
                let _ = stdout.write_all(result.to_text().as_bytes());
                let _ = stdout.flush();
            }
            RunEvent::Result(_) => {}
            RunEvent::Finished(report) => {
                let text = if args.json {
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                } else {
                    // The checks were printed as they finished; print only the ending.
                    let full = report.to_text();
                    full.lines()
                        .filter(|l| l.starts_with("LEFTOVER") || l.starts_with("Result:"))
                        .map(|l| format!("{l}\n"))
                        .collect()
                };
                let _ = writeln!(stdout, "{}", text.trim_end());
                return Ok(Finished::problems_if(report.has_failures()));
            }
        }
    }
    Err(Failure::failed("the check worker stopped without a report"))
}

fn build_request(args: &CheckArgs, keychain_lookup: TokenLookup<'_>) -> Result<RunRequest, String> {
    let tenant = super::tenant_url_argument(&args.tenant_url)?;
    let network = ClientSettings {
        proxy_url: args.proxy.clone(),
        extra_ca_file: args.ca_file.clone(),
        ..ClientSettings::default()
    };
    // An unusable proxy or CA file is an input error, found before the keychain is asked.
    network.validate().map_err(|e| e.to_string())?;
    let lifecycle = match (args.lifecycle, &args.test_email, &args.test_domain) {
        (true, Some(email), _) => Some(TestUser::Email(email.clone())),
        (true, None, Some(domain)) => Some(TestUser::OnDomain(domain.clone())),
        (true, None, None) => {
            return Err(
                "--lifecycle needs --test-email EMAIL (a new, unique user) or --test-domain DOMAIN"
                    .to_owned(),
            );
        }
        (false, None, None) => None,
        (false, _, _) => {
            return Err("--test-email and --test-domain only apply with --lifecycle".to_owned());
        }
    };
    if let Some(user) = &lifecycle {
        user.user_name()?;
    }
    let token = token_for(
        &tenant,
        args.token_stdin,
        std::io::stdin().lock(),
        keychain_lookup,
    )?;
    let settings = ClientSettings {
        timeout: Duration::from_secs(args.timeout),
        ..network
    };
    Ok(RunRequest {
        tenant_url: tenant,
        token,
        settings,
        groups: args.groups,
        lifecycle,
        overall_deadline: None,
    })
}
