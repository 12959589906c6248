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
