//! The `preflight` and `reconcile` subcommands, run as the built binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use paging_server::{PagingServer, Quirks, ServedUser};

use crate::support::net;
use crate::support::paging_server;

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
        .map(|l| l.split_whitespace().nth(1));
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

/// Users 1 to 4 of the served tenant, plus one KnowBe4 does not have.
const FIVE: &str = "email,username,firstname,lastname,Groups\n\
    user1@example.com,user1,Given1,Family1,KnowBe4 Users\n\
    user2@example.com,user2,Given2,Family2,\"Staff; KnowBe4 Users\"\n\
    user3@example.com,user3,Given3,Family3,Staff\n\
    user4@example.com,user4,Given4,Family4,Staff\n\
    new@example.com,new,New,User,knowbe4 users\n";

fn tenant_of_four() -> PagingServer {
    let served: Vec<ServedUser> = (1..=4).map(ServedUser::numbered).collect();
    PagingServer::start(&served, Quirks::default())
}

#[test]
fn reconcile_without_members_compares_the_whole_export_and_says_what_it_assumes() {
    let server = tenant_of_four();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", FIVE);
    let base = [
        "reconcile",
        "--users-csv",
        &csv,
        "--tenant-url",
        &server.base_url,
        "--token-stdin",
    ];
    let output = run(&[&base[..], &["--json"]].concat(), Some("t"));
    let report = json(&output);
    assert_eq!(report["scope"]["kind"], "export", "{report}");
    let description = report["scope"]["description"].as_str().unwrap_or_default();
    assert!(
        description.contains(
            "if every user in this export is in a group bound to the KnowBe4 application"
        ),
        "{description}"
    );
    assert_eq!(report["only_in_jumpcloud"], 1);
    let text_output = run(&base, Some("t"));
    let stdout = text(&text_output.stdout);
    assert!(
        stdout.starts_with("Compared: the whole JumpCloud export (5 users)"),
        "{stdout}"
    );
    assert!(!stdout.contains("sync will create"), "{stdout}");
}

#[test]
fn reconcile_members_file_compares_only_the_members_and_lists_the_missing_ones() {
    let server = tenant_of_four();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", FIVE);
    // A plain list: by username, by email in another case, and one member the export lacks.
    let members = write(
        dir.path(),
        "kb4-members.txt",
        "user1\nUSER2@example.com\n\nghost@example.com\nnew\n",
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
        "--members",
        &members,
        "--json",
        "--out",
        &out_arg,
    ];
    let output = run(&args, Some("t"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(report["scope"]["kind"], "members", "{report}");
    assert_eq!(report["scope"]["export_rows"], 5);
    assert_eq!(report["scope"]["compared_rows"], 3);
    assert_eq!(report["scope"]["members_not_in_export"], 1);
    let description = report["scope"]["description"].as_str().unwrap_or_default();
    assert!(
        description.contains("kb4-members.txt") && !description.contains(&out_arg),
        "{description}"
    );
    // Users 3 and 4 are in JumpCloud but not among the members: KnowBe4 would archive them.
    assert_eq!(
        (
            &report["only_in_knowbe4"],
            &report["matched"],
            &report["only_in_jumpcloud"],
            &report["jumpcloud_users"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(3)
        )
    );
    let missing =
        std::fs::read_to_string(out.join("members_not_in_export.csv")).unwrap_or_default();
    assert_eq!(missing, "line,username,email\n4,,ghost@example.com\n");

    let text_args: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
    let stdout = text(&run(&text_args, Some("t")).stdout);
    assert!(
        stdout.contains("Compared: the users reached through the groups bound"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Members not in the export:\n  line 4: ghost@example.com"),
        "{stdout}"
    );
}

#[test]
fn reconcile_members_csv_with_an_email_column() {
    let server = tenant_of_four();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", FIVE);
    let members = write(
        dir.path(),
        "group.csv",
        "Display Name;Company Email\nOne;user1@example.com\nTwo;user2@example.com\nThree;user3@example.com\nFour;user4@example.com\n",
    );
    let output = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--members",
            &members,
            "--json",
        ],
        Some("t"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(
        (&report["matched"], &report["only_in_jumpcloud"]),
        (&serde_json::json!(4), &serde_json::json!(0))
    );
    assert_eq!(report["scope"]["kind"], "members");
    assert_eq!(report["scope"]["members_not_in_export"], 0);
}

#[test]
fn reconcile_group_column_compares_the_rows_of_the_bound_groups() {
    let server = tenant_of_four();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", FIVE);
    let output = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--group-column",
            "groups",
            "--group",
            "KnowBe4 Users",
            "--json",
        ],
        Some("t"),
    );
    let report = json(&output);
    assert_eq!(report["scope"]["kind"], "members", "{report}");
    assert_eq!(report["scope"]["compared_rows"], 3);
    assert!(
        report["scope"]["description"]
            .as_str()
            .unwrap_or_default()
            .contains("'groups' column holding 'KnowBe4 Users'")
    );
    assert_eq!(
        (&report["matched"], &report["only_in_knowbe4"]),
        (&serde_json::json!(2), &serde_json::json!(2))
    );
}

#[test]
fn reconcile_bad_members_input_exits_2_with_the_reason_before_the_network() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(dir.path(), "users.csv", FIVE);
    // Nothing listens here: an exit 2 with the reason shows the tenant was never asked.
    let tenant = format!("http://127.0.0.1:{}/scim/v2", net::closed_loopback_port());
    let base = [
        "reconcile",
        "--users-csv",
        &csv,
        "--tenant-url",
        &tenant,
        "--token-stdin",
    ];
    let no_column = write(dir.path(), "no-column.csv", "name,group\nAda,KB4\n");
    let empty = write(dir.path(), "empty.txt", "\n\n");
    let damaged = write(
        dir.path(),
        "damaged.csv",
        "username,email\nuser1,user1@example.com\nuser2\n",
    );
    let strangers = write(dir.path(), "strangers.txt", "zed\nyan@example.com\n");
    let not_utf8 = dir.path().join("latin1.txt");
    std::fs::write(&not_utf8, b"user1\nm\xfcller\n").unwrap_or_else(|e| panic!("{e}"));
    let not_utf8 = not_utf8.display().to_string();
    for (extra, expected) in [
        (
            vec!["--members", "/nonexistent/members.txt"],
            "/nonexistent/members.txt",
        ),
        (
            vec!["--members", &no_column],
            "no username or email column. Found: name, group",
        ),
        (vec!["--members", &empty], "holds no username or email"),
        (vec!["--members", &damaged], "line 3 of the members file"),
        (
            vec!["--members", &strangers],
            "none of the 2 given members is in the JumpCloud export",
        ),
        (
            vec!["--members", &not_utf8],
            "line 2 of the members file is not UTF-8",
        ),
        (
            vec!["--group-column", "Departments", "--group", "x"],
            "no column 'Departments'",
        ),
        (
            vec!["--group-column", "Groups", "--group", "Sales"],
            "'Sales'",
        ),
        (vec!["--group-column", "Groups"], "--group"),
        (
            vec![
                "--members",
                &empty,
                "--group-column",
                "Groups",
                "--group",
                "x",
            ],
            "cannot be used with",
        ),
    ] {
        let output = run(&[&base[..], &extra[..]].concat(), Some("t"));
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(expected), "{extra:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{extra:?}");
    }
}

#[test]
fn reconcile_refuses_a_trailing_slash_with_the_words_of_check() {
    let server = PagingServer::start(&[ServedUser::numbered(1)], Quirks::default());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = write(
        dir.path(),
        "users.csv",
        "email,username,firstname,lastname\nuser1@example.com,user1,Given1,Family1\n",
    );
    let with_slash = format!("{}/", server.base_url);
    let reconcile = run(
        &[
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            &with_slash,
            "--token-stdin",
        ],
        Some("t"),
    );
    let check = run(
        &["check", "--tenant-url", &with_slash, "--token-stdin"],
        Some("t"),
    );
    assert_eq!(
        reconcile.status.code(),
        Some(2),
        "{}",
        text(&reconcile.stderr)
    );
    assert_eq!(check.status.code(), Some(2), "{}", text(&check.stderr));
    let refusal = text(&reconcile.stderr);
    assert!(refusal.contains("slash"), "{refusal}");
    assert_eq!(refusal, text(&check.stderr));
}
