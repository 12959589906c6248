//! `kb4-setup check` as a user runs it: the real binary, the token on stdin, exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use check_helpers::new_token;
use kb4_setup::scim::CheckId;
use kb4_setup::scim::CheckReport;
use kb4_setup::verdict::Verdict;
use scim_server::{ScimServer, ServerOptions};

use crate::support::check_helpers;
use crate::support::net;
use crate::support::scim_server;

fn check(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .arg("check")
        .args(args)
        // No keychain: the "no token" case must say so, whatever the machine's own session has.
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kb4-no-bus",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kb4-setup");
    // The binary may exit before reading stdin (input errors); a broken pipe is fine then.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("kb4-setup ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn all_passing_checks_exit_0_and_print_one_line_per_check() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let output = check(
        &[
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--timeout",
            "5",
        ],
        &format!("{token}\n"),
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("[PASS] Token proof: list users"),
        "{stdout}"
    );
    assert!(stdout.contains("[WARN] Tenant URL format"), "{stdout}");
    assert!(stdout.contains("Result: all checks passed"));
    assert!(!stdout.contains(&token) && !text(&output.stderr).contains(&token));
}

#[test]
fn a_wrong_token_exits_1_and_json_parses() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let output = check(
        &[
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--json",
            "--groups",
        ],
        "wrong-token",
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let report: CheckReport =
        serde_json::from_slice(&output.stdout).expect("--json prints a CheckReport");
    assert_eq!(
        report.result(CheckId::UsersList).map(|r| r.status),
        Some(Verdict::Fail)
    );
    assert_eq!(report.tenant_url, server.base_url);
}

#[test]
fn the_lifecycle_flag_runs_the_lifecycle_suite() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let output = check(
        &[
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--lifecycle",
            "--test-domain",
            "corp.example",
            "--json",
        ],
        &token,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    let report: CheckReport = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        report
            .result(CheckId::LifecycleUserDelete)
            .map(|r| r.status),
        Some(Verdict::Pass)
    );
    assert!(text(&output.stderr).contains("Test Mode"));
}

#[test]
fn input_errors_exit_2() {
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim",
                "--token-stdin",
                "--proxy",
                "http://[bad",
            ],
            "t",
            "not a usable proxy URL",
        ),
        (
            &["--tenant-url", "https://eu.knowbe4.com/scim/v2/x"],
            "",
            "Secret Service",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim/v2/x",
                "--token-stdin",
            ],
            " \n",
            "empty",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim/",
                "--token-stdin",
            ],
            "t",
            "ends with a slash",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim",
                "--token-stdin",
                "--ca-file",
                "/nonexistent/ca.pem",
            ],
            "t",
            "/nonexistent/ca.pem",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim",
                "--token-stdin",
                "--lifecycle",
            ],
            "t",
            "--test-email",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim",
                "--token-stdin",
                "--timeout",
                "0",
            ],
            "t",
            "--timeout",
        ),
        (
            &[
                "--tenant-url",
                "https://eu.knowbe4.com/scim",
                "--token-stdin",
                "--lifecycle",
                "--test-email",
                "not-an-email",
            ],
            "t",
            "test email",
        ),
    ];
    for (args, stdin, message) in cases {
        let output = check(args, stdin);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(
            text(&output.stderr).contains(message),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
}

/// `--proxy` carries the checks: nothing listens at the tenant address, the loopback SCIM
/// server answers as the proxy.
#[test]
fn the_proxy_flag_carries_the_requests() {
    let token = new_token();
    let proxy = ScimServer::start(ServerOptions::http(&token));
    let path = url::Url::parse(&proxy.base_url)
        .expect("url")
        .path()
        .to_owned();
    let tenant = format!("http://127.0.0.1:{}{path}", net::closed_loopback_port());
    let proxy_url = net::origin(&proxy.base_url);
    let output = check(
        &[
            "--tenant-url",
            &tenant,
            "--token-stdin",
            "--proxy",
            &proxy_url,
            "--json",
        ],
        &token,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(!proxy.requests().is_empty());
}
