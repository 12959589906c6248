//! The command line's own contract: --version, --help, and unknown input.

use std::process::Command;

fn kb4(args: &[&str]) -> std::process::Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .output()
        .unwrap()
}

#[test]
fn version_names_the_version_and_the_commit() {
    let output = kb4(&["--version"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with(&format!("kb4-setup {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(text.contains("(commit "), "{text}");
}

#[test]
fn help_lists_the_subcommands() {
    let output = kb4(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for word in ["fingerprint", "saml-values", "token", "check", "--verbose"] {
        assert!(text.contains(word), "--help mentions {word}:\n{text}");
    }
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let output = kb4(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("frobnicate"));
}

/// Every subcommand reports bad input the same way: exactly one line on standard error,
/// starting with `error: `, nothing on standard output, and exit status 2.
#[test]
fn bad_input_is_one_error_line_and_exit_2_for_every_subcommand() {
    const TENANT: &str = "https://eu.knowbe4.com/scim/v2/T1";
    let dir = tempfile::tempdir().unwrap();
    let missing = |name: &str| dir.path().join(name).display().to_string();
    let (pem, csv, xml, txt) = (
        missing("missing.pem"),
        missing("missing.csv"),
        missing("missing.xml"),
        missing("report.txt"),
    );
    let cases: Vec<Vec<&str>> = vec![
        vec!["fingerprint", &pem],
        vec!["saml-values", "--region", "us", "--saml-id", "???"],
        vec!["preflight", &csv],
        vec!["inspect-response", &xml],
        vec!["check", "--tenant-url", "not a url"],
        vec!["reconcile", "--users-csv", &csv, "--tenant-url", TENANT],
        vec!["reconcile", "--from-jumpcloud", "--tenant-url", "not a url"],
        vec!["token", "status", "--tenant-url", "ftp://example.com"],
        vec!["report", "--out", &txt],
        vec!["jumpcloud-key", "status", "--org-id", "bad!"],
        vec!["jumpcloud", "verify", "--saml-id", "???"],
    ];
    for args in cases {
        let output = kb4(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            lines.len(),
            1,
            "{args:?} printed {} lines:\n{stderr}",
            lines.len()
        );
        assert!(lines[0].starts_with("error: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
    }
}

/// A log folder that cannot be made does not stop a subcommand: it is a warning, not an error.
#[test]
fn a_log_file_that_cannot_be_made_is_a_warning_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let not_a_folder = home.path().join("state");
    std::fs::write(&not_a_folder, "a file where the log folder would go").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .args(["saml-values", "--region", "us", "--saml-id", "abc"])
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", &not_a_folder)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: running without a log file: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
