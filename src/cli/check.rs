//! `kb4-setup check`: the SCIM connection checks, headless. Text prints one line per check as
//! it finishes, with its hint; `--json` prints the whole report. Exit codes: 0 all passed
//! (warnings allowed), 1 a check failed, 2 bad input or no token.

use std::io::{Read, Write};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::{CheckArgs, EXIT_FAILED, EXIT_INPUT, EXIT_OK};
use crate::scim::client::ClientSettings;
use crate::scim::runner::{self, RunEvent, RunRequest, TestUser};
use crate::token::{MAX_TOKEN_CHARS, check_token_length};

/// Looks the token for a tenant URL up in the keychain: `Ok(None)` when none is stored.
pub type KeychainLookup = dyn Fn(&str) -> Result<Option<SecretString>, String>;

/// Runs the check with the keychain as the token source (when `--token-stdin` is absent).
pub fn run(args: &CheckArgs) -> u8 {
    run_with_token_source(args, &super::keychain_token_lookup)
}

/// Runs the check, taking the token from stdin or from `keychain_lookup`.
pub fn run_with_token_source(args: &CheckArgs, keychain_lookup: &KeychainLookup) -> u8 {
    let request = match build_request(args, keychain_lookup) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_INPUT;
        }
    };
    if request.lifecycle.is_some() {
        eprintln!(
            "note: {}",
            crate::scim::hints::lifecycle_warning(request.groups)
        );
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
                return if report.has_failures() {
                    EXIT_FAILED
                } else {
                    EXIT_OK
                };
            }
        }
    }
    eprintln!("error: the check worker stopped without a report");
    EXIT_FAILED
}

fn build_request(args: &CheckArgs, keychain_lookup: &KeychainLookup) -> Result<RunRequest, String> {
    let url_rules = crate::scim::url_rule::check_tenant_url(&args.tenant_url);
    if !url_rules.errors.is_empty() {
        return Err(format!(
            "the tenant URL cannot be used: {}",
            url_rules.errors.join(" ")
        ));
    }
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
    let token = if args.token_stdin {
        read_token(std::io::stdin().lock())?
    } else {
        keychain_token(args, keychain_lookup)?
    };
    let settings = ClientSettings {
        timeout: Duration::from_secs(args.timeout),
        ..network
    };
    Ok(RunRequest {
        tenant_url: args.tenant_url.clone(),
        token,
        settings,
        groups: args.groups,
        lifecycle,
        overall_deadline: None,
    })
}

fn keychain_token(
    args: &CheckArgs,
    keychain_lookup: &KeychainLookup,
) -> Result<SecretString, String> {
    match keychain_lookup(args.tenant_url.trim()) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(format!(
            "no token is stored for {}; store it with `kb4-setup token set --tenant-url {}`, or pass it with --token-stdin",
            args.tenant_url.trim(),
            args.tenant_url.trim()
        )),
        Err(problem) => Err(format!(
            "could not read the token from the keychain ({problem}); pass it with --token-stdin"
        )),
    }
}

/// Reads the token from `input`: surrounding whitespace and the final newline are dropped.
fn read_token(input: impl Read) -> Result<SecretString, String> {
    // A token is short: read a little more than the longest accepted, never without limit.
    let limit = u64::try_from(MAX_TOKEN_CHARS * 4 + 2).unwrap_or(u64::MAX);
    let mut raw = String::new();
    input
        .take(limit)
        .read_to_string(&mut raw)
        .map_err(|e| format!("could not read the token from standard input: {e}"))?;
    if let Err(error) = check_token_length(raw.trim()) {
        zeroize::Zeroize::zeroize(&mut raw);
        return Err(error.to_string());
    }
    let token = SecretString::from(raw.trim().to_owned());
    zeroize::Zeroize::zeroize(&mut raw);
    if token.expose_secret().is_empty() {
        return Err("standard input was empty; pipe the token in, e.g. `kb4-setup check --token-stdin ... < token.txt`".to_owned());
    }
    if token.expose_secret().chars().any(char::is_whitespace) {
        return Err("the token read from standard input contains spaces or line breaks; give only the token".to_owned());
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_token_is_trimmed_and_must_not_be_empty() {
        assert_eq!(
            read_token(&b"  abc.def \n"[..]).unwrap().expose_secret(),
            "abc.def"
        );
        assert!(read_token(&b" \n"[..]).is_err());
        assert!(read_token(&b"two\nlines"[..]).is_err());
        let huge = vec![b'x'; 1024 * 1024];
        let message = read_token(&huge[..]).err().unwrap();
        assert!(message.contains("limit is 4096"), "{message}");
    }
}
