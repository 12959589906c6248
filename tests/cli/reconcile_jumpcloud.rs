//! `reconcile --from-jumpcloud`, run as the built binary against the loopback JumpCloud fake
//! and the loopback SCIM paging server.

use std::process::Output;

use paging_server::{PagingServer, Quirks, ServedUser};
use support::fake_jumpcloud::{API_KEY, FakeApp, FakeJumpCloud, RunningJumpCloud};
use support::temp_home::TempHome;

use crate::support;
use crate::support::paging_server;

const TOKEN: &str = "cli-test-token";
const APP_ID: &str = "5f0c00000000000000000a11";

/// A directory of 300 users in three groups of 100; the application is bound to the first
/// two, so users 0..200 are in scope. Every 50th user is STAGED, every 70th SUSPENDED.
fn jumpcloud(bound_groups: usize) -> RunningJumpCloud {
    let mut fake = FakeJumpCloud {
        apps: vec![FakeApp::knowbe4(APP_ID, "KnowBe4", "SAMLID")],
        ..FakeJumpCloud::default()
    }
    .with_directory(300, 100);
    fake.apps[0].group_ids.truncate(bound_groups);
    fake.start()
}

fn tenant(users: impl Iterator<Item = usize>) -> PagingServer {
    let served: Vec<ServedUser> = users.map(ServedUser::numbered).collect();
    PagingServer::start(
        &served,
        Quirks {
            token: Some(TOKEN.into()),
            ..Quirks::default()
        },
    )
}

/// Runs the binary with the token on stdin, the key in the environment (unless `key` is
/// None) and an empty home, so no saved setup leaks in.
fn run(args: &[&str], key: Option<&str>, stdin: &str) -> Output {
    TempHome::new().run(args, key, stdin)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn args<'a>(jumpcloud: &'a RunningJumpCloud, tenant: &'a PagingServer) -> Vec<&'a str> {
    vec![
        "reconcile",
        "--from-jumpcloud",
        "--api-url",
        &jumpcloud.url,
        "--tenant-url",
        &tenant.base_url,
        "--token-stdin",
    ]
}

#[test]
fn compares_the_bound_groups_users_and_names_application_and_groups() {
    let jumpcloud = jumpcloud(2);
    // KnowBe4 has users 0..150 and 250..260 (outside the bound groups).
    let tenant = tenant((0..150).chain(250..260));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("lists").display().to_string();
    let mut command = args(&jumpcloud, &tenant);
    command.extend(["--app", APP_ID, "--json", "--out", &out]);
    let output = run(&command, Some(API_KEY), &format!("{TOKEN}\n"));
    assert_eq!(
        output.status.code(),
        Some(1),
        "users only in KnowBe4 need action: {}",
        text(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&output.stdout)));
    let scope = &json["scope"];
    assert_eq!(scope["kind"], "jumpcloud");
    assert_eq!(scope["application"]["id"], APP_ID);
    assert_eq!(scope["application"]["label"], "KnowBe4");
    assert_eq!(scope["groups"].as_array().map(Vec::len), Some(2));
    // In scope 0..200: STAGED 49, 99, 149, 199; SUSPENDED 69, 139.
    assert_eq!(scope["staged_or_suspended"], 6);
    assert_eq!(scope["compared_rows"], 194);
    assert_eq!(json["only_in_knowbe4"], 10);
    assert_eq!(json["matched"], 145);
    assert_eq!(json["only_in_jumpcloud"], 49);
    assert_eq!(json["conflicts"], 0);
    assert_eq!(json["complete"], true);
    let apart = std::fs::read_to_string(dir.path().join("lists/staged_or_suspended.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(apart.lines().count(), 7, "{apart}");
    assert!(apart.contains("user199,user199@example.com,Given199,Family199,STAGED,false"));
    assert!(apart.contains("user69,user69@example.com,Given69,Family69,SUSPENDED,true"));
    let seen = jumpcloud.seen();
    assert!(seen.iter().all(|r| r.method == "GET"), "GET only");
    assert!(seen.iter().all(|r| r.api_key.as_deref() == Some(API_KEY)));
    assert!(seen.iter().any(|r| {
        r.uri
            .contains(&format!("/api/v2/applications/{APP_ID}/usergroups"))
    }));
    assert!(!text(&output.stdout).contains(API_KEY));
    assert!(!text(&output.stderr).contains(API_KEY));
}

#[test]
fn finds_the_knowbe4_application_and_exits_0_when_nothing_needs_action() {
    let jumpcloud = jumpcloud(2);
    let tenant = tenant(0..200);
    let output = run(
        &args(&jumpcloud, &tenant),
        Some(API_KEY),
        &format!("{TOKEN}\n"),
    );
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("bound to the JumpCloud application 'KnowBe4'"),
        "{stdout}"
    );
    assert!(stdout.contains("STAGED/SUSPENDED:"), "{stdout}");
    assert!(stdout.contains("may or may not be sent"), "{stdout}");
    // The applications list is asked for without `fields`, whose separator JumpCloud's own
    // documentation gives two ways for that endpoint.
    let lists: Vec<String> = jumpcloud
        .seen()
        .into_iter()
        .map(|r| r.uri)
        .filter(|uri| uri.starts_with("/api/applications?"))
        .collect();
    assert!(!lists.is_empty());
    assert!(lists.iter().all(|uri| !uri.contains("fields")), "{lists:?}");
}

#[test]
fn an_application_without_bound_groups_exits_1_with_its_words() {
    let tenant = tenant(0..10);
    let unbound = jumpcloud(0);
    let output = run(
        &args(&unbound, &tenant),
        Some(API_KEY),
        &format!("{TOKEN}\n"),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("no user group is bound"),
        "{}",
        text(&output.stderr)
    );
}

/// A key JumpCloud refuses is unusable input: exit 2, as `jumpcloud verify` says it.
#[test]
fn a_refused_key_exits_2_here_as_in_jumpcloud_verify() {
    let tenant = tenant(0..10);
    let jumpcloud = jumpcloud(2);
    for with_app in [false, true] {
        let mut command = args(&jumpcloud, &tenant);
        if with_app {
            command.extend(["--app", APP_ID]);
        }
        let output = run(&command, Some("not-the-key"), &format!("{TOKEN}\n"));
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "--app {with_app}: {stderr}");
        assert!(stderr.contains("401"), "{stderr}");
        assert!(!stderr.contains("not-the-key"), "{stderr}");
    }
    let verify = run(
        &["jumpcloud", "verify", "--api-url", &jumpcloud.url],
        Some("not-the-key"),
        "",
    );
    assert_eq!(verify.status.code(), Some(2), "{}", text(&verify.stderr));
    // An application id JumpCloud does not have is unusable input too.
    let mut unknown = args(&jumpcloud, &tenant);
    unknown.extend(["--app", "5f0c00000000000000000bad"]);
    let output = run(&unknown, Some(API_KEY), &format!("{TOKEN}\n"));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
}

#[test]
fn bad_input_exits_2() {
    let jumpcloud = jumpcloud(2);
    let tenant = tenant(0..10);
    let mut both_stdin = args(&jumpcloud, &tenant);
    both_stdin.push("--key-stdin");
    let output = run(&both_stdin, None, "x\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("both read standard input"));
    let mut bad_app = args(&jumpcloud, &tenant);
    bad_app.extend(["--app", "../systemusers"]);
    let output = run(&bad_app, Some(API_KEY), &format!("{TOKEN}\n"));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let output = run(&args(&jumpcloud, &tenant), Some(" "), &format!("{TOKEN}\n"));
    assert_eq!(output.status.code(), Some(2), "an empty key is refused");
    let output = run(
        &[
            "reconcile",
            "--from-jumpcloud",
            "--users-csv",
            "users.csv",
            "--tenant-url",
            &tenant.base_url,
        ],
        Some(API_KEY),
        "",
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "an export or JumpCloud, not both"
    );
}
