//! docs/cli.md is the command-line reference: for every command in the clap definitions the
//! binary parses, what `kb4-setup … --help` prints. These tests fail when it differs, so the
//! reference cannot fall behind the options. After changing an option, regenerate it:
//! `KB4_UPDATE_DOCS=1 cargo test --test cli cli::reference::`.

use std::path::Path;
use std::process::Command as Process;

use clap::CommandFactory;
use kb4_setup::cli::Cli;

const REFERENCE: &str = "docs/cli.md";

/// Every visible command, as the words typed after `kb4-setup`.
fn commands() -> Vec<Vec<String>> {
    let mut found = Vec::new();
    walk(&Cli::command(), Vec::new(), &mut found);
    found
}

fn walk(command: &clap::Command, words: Vec<String>, found: &mut Vec<Vec<String>>) {
    found.push(words.clone());
    for sub in command.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        let mut sub_words = words.clone();
        sub_words.push(sub.get_name().to_owned());
        walk(sub, sub_words, found);
    }
}

/// What the binary prints for `kb4-setup WORDS --help`.
fn help_of(words: &[String]) -> String {
    let output = Process::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .args(words)
        .arg("--help")
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{words:?} --help failed");
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

fn render() -> String {
    let mut out = String::from(
        "# Command-line reference\n\n\
         Generated from the command line's own definitions: every section is exactly what \
         `kb4-setup … --help` prints. Do not edit by hand; after changing an option run \
         `KB4_UPDATE_DOCS=1 cargo test --test cli cli::reference::`. The [user guide](user-guide.md#command-line) \
         explains the commands in prose.\n\n",
    );
    for words in commands() {
        let help = help_of(&words);
        let name = std::iter::once("kb4-setup")
            .chain(words.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "## `{name}`\n\n```text\n{}\n```\n\n",
            help.trim_end()
        ));
    }
    out
}

#[test]
fn the_reference_is_what_the_definitions_print() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE);
    let rendered = render();
    if std::env::var_os("KB4_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &rendered).expect("docs/cli.md is writable");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == rendered,
        "{REFERENCE} differs from the command line's help: run \
         `KB4_UPDATE_DOCS=1 cargo test --test cli cli::reference::` and commit it"
    );
}

#[test]
fn the_reference_covers_every_subcommand() {
    let names: Vec<String> = commands().iter().map(|words| words.join(" ")).collect();
    for expected in [
        "token set",
        "check",
        "reconcile",
        "jumpcloud verify",
        "jumpcloud-key set",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} missing from {names:?}"
        );
    }
}
