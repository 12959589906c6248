//! The SCIM token against a real Secret Service (GNOME Keyring), never a mock.
//!
//! Run inside a throwaway session:  scripts/with-keyring.sh cargo test --test domain domain::keychain::
//!
//! Outside that script the tests that write to the keychain skip with a printed reason (they
//! never touch a developer's own keyring). CI sets KB4_REQUIRE_KEYRING=1, which turns every
//! such skip into a failure, so a broken session cannot pass silently.

#![cfg(target_os = "linux")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine;
use kb4_setup::keychain::{OsKeychain, TokenPresence, TokenStore, account_for};
use kb4_setup::tenant_url::TenantUrl;
use kb4_setup::token::{ScimToken, parse_pasted_token};
use ring::rand::SecureRandom;

const BIN: &str = env!("CARGO_BIN_EXE_kb4-setup");

/// True when the keychain tests may run here; otherwise prints why (or fails under
/// KB4_REQUIRE_KEYRING=1).
fn keyring_ready(test: &str) -> bool {
    let reason = if std::env::var_os("KB4_TEST_KEYRING").is_none() {
        Some("not inside scripts/with-keyring.sh (KB4_TEST_KEYRING is unset)".to_string())
    } else {
        OsKeychain::availability()
            .err()
            .map(|error| format!("no usable Secret Service: {error}"))
    };
    let Some(reason) = reason else {
        return true;
    };
    assert!(
        std::env::var("KB4_REQUIRE_KEYRING").as_deref() != Ok("1"),
        "KB4_REQUIRE_KEYRING=1 but {test} cannot run: {reason}"
    );
    // Straight to stderr: the test harness captures eprintln! of passing tests.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {reason}");
    false
}

/// Random text for tokens and tenant paths, made at test time.
fn random_text(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    ring::rand::SystemRandom::new()
        .fill(&mut buffer)
        .expect("system random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}

fn random_token() -> (String, ScimToken) {
    let text = format!("kb4test_{}", random_text(30));
    let token = parse_pasted_token(&text)
        .expect("random token is valid")
        .token;
    (text, token)
}

/// A tenant of its own for each test, so tests running in parallel never share an entry.
fn random_tenant() -> TenantUrl {
    TenantUrl::parse(&format!(
        "https://eu.knowbe4.com/scim/v2/{}",
        random_text(9)
    ))
    .expect("random tenant URL is valid")
}

#[test]
fn round_trip_and_delete() {
    if !keyring_ready("round_trip_and_delete") {
        return;
    }
    let store = OsKeychain::new();
    let tenant = random_tenant();
    let (text, token) = random_token();
    store.save(&tenant, &token).unwrap();
    assert_eq!(
        store.load(&tenant).unwrap().unwrap().expose_for_http(),
        text
    );
    assert_eq!(store.status(&tenant).unwrap(), TokenPresence::Present);
    assert!(store.delete(&tenant).unwrap());
    assert!(store.load(&tenant).unwrap().is_none());
    assert_eq!(store.status(&tenant).unwrap(), TokenPresence::Absent);
}

#[test]
fn save_replaces_the_earlier_token() {
    if !keyring_ready("save_replaces_the_earlier_token") {
        return;
    }
    let store = OsKeychain::new();
    let tenant = random_tenant();
    let (_, first) = random_token();
    let (second_text, second) = random_token();
    store.save(&tenant, &first).unwrap();
    store.save(&tenant, &second).unwrap();
    // A load that succeeds also proves there is one entry: two would be "ambiguous".
    assert_eq!(
        store.load(&tenant).unwrap().unwrap().expose_for_http(),
        second_text
    );
    assert!(store.delete(&tenant).unwrap());
    assert!(
        store.load(&tenant).unwrap().is_none(),
        "replace left an older entry behind"
    );
}

#[test]
fn missing_entry_is_absent_not_an_error() {
    if !keyring_ready("missing_entry_is_absent_not_an_error") {
        return;
    }
    let store = OsKeychain::new();
    let tenant = random_tenant();
    assert!(store.load(&tenant).unwrap().is_none());
    assert_eq!(store.status(&tenant).unwrap(), TokenPresence::Absent);
    assert!(!store.delete(&tenant).unwrap());
}

#[test]
fn two_tenants_side_by_side() {
    if !keyring_ready("two_tenants_side_by_side") {
        return;
    }
    let store = OsKeychain::new();
    let path = random_text(9);
    let eu = TenantUrl::parse(&format!("https://eu.knowbe4.com/scim/{path}")).unwrap();
    let us = TenantUrl::parse(&format!("https://training.knowbe4.com/scim/{path}")).unwrap();
    let eu_upper = TenantUrl::parse(&format!("HTTPS://EU.KNOWBE4.COM/scim/{path}")).unwrap();
    assert_ne!(account_for(&eu), account_for(&us));
    let (eu_text, eu_token) = random_token();
    let (us_text, us_token) = random_token();
    store.save(&eu, &eu_token).unwrap();
    store.save(&us, &us_token).unwrap();
    assert_eq!(store.load(&eu).unwrap().unwrap().expose_for_http(), eu_text);
    assert_eq!(store.load(&us).unwrap().unwrap().expose_for_http(), us_text);
    // Another spelling of the same tenant finds the same entry.
    assert_eq!(
        store.load(&eu_upper).unwrap().unwrap().expose_for_http(),
        eu_text
    );
    assert!(store.delete(&eu).unwrap());
    assert!(store.load(&eu).unwrap().is_none());
    assert_eq!(store.load(&us).unwrap().unwrap().expose_for_http(), us_text);
    assert!(store.delete(&us).unwrap());
}

#[test]
fn works_from_background_threads() {
    if !keyring_ready("works_from_background_threads") {
        return;
    }
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                let store = OsKeychain::new();
                let tenant = random_tenant();
                let (text, token) = random_token();
                store.save(&tenant, &token).unwrap();
                let back = store.load(&tenant).unwrap().unwrap();
                assert!(store.delete(&tenant).unwrap());
                back.expose_for_http() == text
            })
        })
        .collect();
    for handle in handles {
        assert!(handle.join().expect("keychain thread panicked"));
    }
}

fn run_cli(args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    run_with_stdin(command, stdin)
}

fn run_with_stdin(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kb4-setup");
    let mut input = child.stdin.take().expect("stdin is piped");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("kb4-setup ran")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The CLI end to end: set from stdin, status, delete. Then the token must be absent from
/// every file under the session's XDG folders and from everything the CLI printed.
#[test]
fn cli_set_status_delete_leaves_no_token_in_files_or_output() {
    if !keyring_ready("cli_set_status_delete_leaves_no_token_in_files_or_output") {
        return;
    }
    let tenant = random_tenant();
    let url = tenant.as_str();
    let (token, _) = random_token();
    let mut printed = String::new();

    let set = run_cli(
        &["token", "set", "--tenant-url", url],
        &format!("  {token}\n"),
    );
    printed += &(text(&set.stdout) + &text(&set.stderr));
    assert_eq!(set.status.code(), Some(0), "{printed}");
    assert!(
        text(&set.stdout).contains("Secret Service (GNOME Keyring / KWallet)"),
        "{printed}"
    );

    let status = run_cli(&["token", "status", "--tenant-url", url], "");
    printed += &(text(&status.stdout) + &text(&status.stderr));
    assert_eq!(status.status.code(), Some(0), "{printed}");
    assert!(text(&status.stdout).contains(": present"), "{printed}");
    assert!(
        text(&status.stdout).contains(&account_for(&tenant)),
        "{printed}"
    );
    // The CLI stored exactly the trimmed token, where the library looks for it.
    let stored = OsKeychain::new()
        .load(&tenant)
        .unwrap()
        .expect("stored by the CLI");
    assert_eq!(stored.expose_for_http(), token);

    // Scan while the entry exists, and again after it is deleted.
    let xdg = xdg_dirs();
    assert_token_absent_from_files(&xdg, &token);
    let keyrings = PathBuf::from(std::env::var_os("XDG_DATA_HOME").unwrap()).join("keyrings");
    assert!(
        files_under(&keyrings)
            .iter()
            .any(|file| file.extension().is_some_and(|e| e == "keyring")),
        "the Secret Service did not write its keyring under the test's XDG_DATA_HOME"
    );

    let delete = run_cli(&["token", "delete", "--tenant-url", url], "");
    printed += &(text(&delete.stdout) + &text(&delete.stderr));
    assert_eq!(delete.status.code(), Some(0), "{printed}");
    let status = run_cli(&["token", "status", "--tenant-url", url], "");
    printed += &(text(&status.stdout) + &text(&status.stderr));
    assert!(text(&status.stdout).contains(": absent"), "{printed}");

    assert_token_absent_from_files(&xdg, &token);
    assert!(!printed.contains(&token), "the CLI printed the token");
}

fn xdg_dirs() -> Vec<PathBuf> {
    [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
    ]
    .into_iter()
    .map(|name| {
        PathBuf::from(
            std::env::var_os(name).unwrap_or_else(|| panic!("{name} is set by with-keyring.sh")),
        )
    })
    .collect()
}

/// Every regular file, including the keyring itself: gnome-keyring encrypts it with the login
/// password, so the token must not appear there in clear either.
fn assert_token_absent_from_files(dirs: &[PathBuf], token: &str) {
    let mut scanned = 0;
    for dir in dirs {
        for file in files_under(dir) {
            let Ok(content) = std::fs::read(&file) else {
                continue;
            };
            scanned += 1;
            let found = content
                .windows(token.len())
                .any(|window| window == token.as_bytes());
            assert!(!found, "the token is in clear text in {}", file.display());
        }
    }
    assert!(scanned > 0, "no file was scanned under {dirs:?}");
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            files.extend(files_under(&entry.path()));
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    files
}

/// With the session bus address pointing at nothing, every token command must exit 2 with
/// the clear message, never crash, and never echo the token. A subprocess, because the
/// keyring crate caches its connection for the life of a process.
#[test]
fn no_session_bus_gives_a_clear_message_and_exit_2() {
    let missing = std::env::temp_dir().join(format!("kb4-no-bus-{}", random_text(6)));
    let address = format!("unix:path={}", missing.display());
    let (token, _) = random_token();
    for command in ["set", "status", "delete"] {
        let stdin = if command == "set" {
            format!("{token}\n")
        } else {
            String::new()
        };
        // The address points at nothing.
        let output = run_cli_at(command, &stdin, Some(&address), None);
        assert_no_bus_message(command, &output, &token);
    }
    // No address at all, and no bus socket in the runtime folder either.
    let runtime = tempfile::tempdir().expect("temporary runtime folder");
    let output = run_cli_at("set", &format!("{token}\n"), None, Some(runtime.path()));
    assert_no_bus_message("set (no address)", &output, &token);
}

fn run_cli_at(command: &str, stdin: &str, address: Option<&str>, runtime: Option<&Path>) -> Output {
    let url = "https://eu.knowbe4.com/scim/v2/nobus";
    let mut child = Command::new(BIN);
    child.args(["token", command, "--tenant-url", url]);
    match address {
        Some(address) => child.env("DBUS_SESSION_BUS_ADDRESS", address),
        None => child.env_remove("DBUS_SESSION_BUS_ADDRESS"),
    };
    if let Some(runtime) = runtime {
        child.env("XDG_RUNTIME_DIR", runtime);
    }
    run_with_stdin(child, stdin)
}

fn assert_no_bus_message(command: &str, output: &Output, token: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "token {command}: {stderr}");
    assert!(
        stderr.contains("No D-Bus session bus was found"),
        "token {command}: {stderr}"
    );
    assert!(
        stderr.contains("install and unlock GNOME Keyring or KWallet"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains(token) && !text(&output.stdout).contains(token));
}

/// A session bus where gnome-keyring is started on demand (D-Bus activation) but has no
/// unlocked login keyring and no display for its prompt: saving must fail with the "prompt"
/// message and exit 2, not hang or crash. Runs in a nested private bus with fresh folders, so
/// the outer test keyring is untouched; `timeout` bounds it should a prompt ever wait.
#[test]
fn keyring_that_needs_a_prompt_it_cannot_show_gives_a_clear_message() {
    if !keyring_ready("keyring_that_needs_a_prompt_it_cannot_show_gives_a_clear_message") {
        return;
    }
    let folders = tempfile::tempdir().expect("temporary folders");
    let (runtime, data) = (folders.path().join("runtime"), folders.path().join("data"));
    for dir in [&runtime, &data] {
        std::fs::create_dir(dir).expect("create folder");
    }
    let (token, _) = random_token();
    let mut command = Command::new("timeout");
    command
        .args([
            "60",
            "dbus-run-session",
            "--",
            BIN,
            "token",
            "set",
            "--tenant-url",
        ])
        .arg(random_tenant().as_str())
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", &data)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    let output = run_with_stdin(command, &format!("{token}\n"));
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the prompt was dismissed or could not be shown"),
        "{stderr}"
    );
    assert!(!stderr.contains(&token) && !text(&output.stdout).contains(&token));
}
