//! The `preflight` and `reconcile` subcommands, run as the built binary.

#[path = "support/net.rs"]
mod net;
#[path = "support/paging_server.rs"]
mod paging_server;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use paging_server::{PagingServer, Quirks, ServedUser};

const BIN: &str = env!("CARGO_BIN_EXE_kb4-setup");

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
    }
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stdout)))
}

const CLEAN: &str = "email,username,firstname,lastname\nada@example.com,ada,Ada,Lovelace\nbob@example.com,bob,Bob,Babbage\n";

#[test]
fn preflight_clean_file_exits_0() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = write(dir.path(), "users.csv", CLEAN);
    let output = run(&["preflight", &file], None);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("2 user row(s) read; 0 problem(s)"));
}

#[test]
fn preflight_problems_exit_1_with_json_counts_and_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\nada@example.com,ada,Ada,Lovelace\nADA@example.com,ada2,Ada,L\nbob@other.example,bob,,B\n",
    );
    let problems = dir.path().join("problems.csv").display().to_string();
    let output = run(
        &[
            "preflight",
            &file,
            "--allowed-domains",
            "example.com",
            "--json",
            "--problems-csv",
            &problems,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["rows"], 3);
    assert_eq!(report["counts"]["duplicate_email"], 1);
    assert_eq!(report["counts"]["domain_not_allowed"], 1);
    assert_eq!(report["counts"]["missing_first_name"], 1);
    assert_eq!(report["problems"][0]["line"], 3);
    let exported = std::fs::read_to_string(&problems).unwrap_or_default();
    assert_eq!(exported.lines().count(), 4, "{exported}");
}

#[test]
fn preflight_malformed_file_exits_2_and_reports_kept_rows() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\na@example.com,a,A,B\nb@example.com,b\n",
    );
    let output = run(&["preflight", &file], None);
    assert_eq!(output.status.code(), Some(2));
    let out = text(&output.stdout);
    assert!(
        out.contains("1 user row(s) read") && out.contains("line 3"),
        "{out}"
    );
}

#[test]
fn preflight_missing_file_exits_2() {
    let output = run(&["preflight", "/nonexistent/users.csv"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("/nonexistent/users.csv"));
}

#[test]
fn reconcile_json_and_out_dir() {
    let served = vec![
        ServedUser::numbered(1),
        ServedUser::numbered(2),
        ServedUser::numbered(3),
    ];
    let server = PagingServer::start(
        &served,
        Quirks {
            token: Some("cli-test-token".into()),
            cap: Some(2),
            ..Quirks::default()
        },
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\nuser1@example.com,user1,Given1,Family1\nuser2@example.com,user2,Other,Family2\nnew@example.com,new,New,User\n",
    );
    let out = dir.path().join("lists");
    let out_arg = out.display().to_string();
    let args = [
        "reconcile",
        "--users-csv",
        &csv,
        "--tenant-url",
        &server.base_url,
        "--token-stdin",
        "--json",
        "--out",
        &out_arg,
    ];
    let output = run(&args, Some("cli-test-token\n"));
    assert_eq!(
        output.status.code(),
        Some(1),
        "only-in-KnowBe4 and a conflict need action: {}",
        text(&output.stderr)
    );
    let summary = json(&output);
    assert_eq!(
        (
            &summary["only_in_knowbe4"],
            &summary["matched"],
            &summary["only_in_jumpcloud"],
            &summary["conflicts"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    assert_eq!(summary["complete"], true);
    for name in [
        "only_in_knowbe4.csv",
        "matched.csv",
        "only_in_jumpcloud.csv",
        "conflicts.csv",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let only_kb4 = std::fs::read_to_string(out.join("only_in_knowbe4.csv")).unwrap_or_default();
    assert!(only_kb4.contains("user3@example.com"), "{only_kb4}");
    assert!(
        !text(&output.stdout).contains("cli-test-token")
            && !text(&output.stderr).contains("cli-test-token")
    );
}

#[test]
fn reconcile_all_matched_exits_0_with_text() {
    let server = PagingServer::start(&[ServedUser::numbered(1)], Quirks::default());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\nuser1@example.com,user1,Given1,Family1\n",
    );
    let output = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
        ],
        Some("t"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let matched = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Matched:"))
        .map(|l| l.split_whitespace().last());
    assert_eq!(matched, Some(Some("1")), "{stdout}");
}

#[test]
fn reconcile_wrong_token_exits_1_with_advice() {
    let server = PagingServer::start(
        &[ServedUser::numbered(1)],
        Quirks {
            token: Some("right".into()),
            ..Quirks::default()
        },
    );
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", CLEAN);
    let output = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
        ],
        Some("wrong"),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("401"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn reconcile_bad_input_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", CLEAN);
    let plain_http = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            "http://example.com/scim",
            "--token-stdin",
        ],
        Some("t"),
    );
    assert_eq!(plain_http.status.code(), Some(2));
    assert!(text(&plain_http.stderr).contains("https://"));
    let no_keychain = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            "https://example.com/scim",
        ],
        None,
    );
    assert_eq!(no_keychain.status.code(), Some(2));
    assert!(text(&no_keychain.stderr).contains("--token-stdin"));
    let empty_token = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            "https://example.com/scim",
            "--token-stdin",
        ],
        Some("  \n"),
    );
    assert_eq!(empty_token.status.code(), Some(2));
    let partial = write(
        dir.path(),
        "bad.csv",
        "email,username,firstname,lastname\na@example.com,a\n",
    );
    let refused = run(
        &[
            "reconcile",
            "--users-csv",
            &partial,
            "--tenant-url",
            "https://example.com/scim",
            "--token-stdin",
        ],
        Some("t"),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("line 2"));
}

/// The tenant address has nothing listening; only the proxy, given with --proxy, can answer
/// for it, so a matched user proves the requests went through the proxy.
#[test]
fn reconcile_goes_through_the_given_proxy() {
    let proxy = PagingServer::start(&[ServedUser::numbered(1)], Quirks::default());
    let proxy_url = net::origin(&proxy.base_url);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\nuser1@example.com,user1,Given1,Family1\n",
    );
    let tenant = format!("http://127.0.0.1:{}/scim/v2", net::closed_loopback_port());
    let base = [
        "reconcile",
        "--users-csv",
        &csv,
        "--tenant-url",
        &tenant,
        "--json",
    ];
    let direct = run(&[&base[..], &["--token-stdin"]].concat(), Some("t"));
    assert_eq!(direct.status.code(), Some(1), "{}", text(&direct.stderr));
    let proxied = run(
        &[&base[..], &["--token-stdin", "--proxy", &proxy_url]].concat(),
        Some("t"),
    );
    assert_eq!(proxied.status.code(), Some(0), "{}", text(&proxied.stderr));
    assert_eq!(json(&proxied)["matched"], 1);
    assert!(proxy.requests() >= 1);
}

#[test]
fn reconcile_unusable_ca_file_or_proxy_exits_2_before_the_keychain() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", CLEAN);
    let not_pem = write(dir.path(), "not.pem", "hello");
    let missing = dir.path().join("missing.pem").display().to_string();
    let base = [
        "reconcile",
        "--users-csv",
        &csv,
        "--tenant-url",
        "https://example.com/scim",
    ];
    for (flag, value, expected) in [
        (
            "--ca-file",
            missing.as_str(),
            "Could not read the extra CA file",
        ),
        ("--ca-file", not_pem.as_str(), "holds no PEM certificate"),
        ("--proxy", "http://[bad", "not a usable proxy URL"),
    ] {
        // No --token-stdin: the keychain would be asked next, so exit 2 with this message
        // shows the setting was checked first.
        let output = run(&[&base[..], &[flag, value]].concat(), None);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        assert!(
            text(&output.stderr).contains(expected),
            "{flag} {value}: {}",
            text(&output.stderr)
        );
    }
}
