//! The command line against hostile servers and hostile input: a redirect that carries the
//! token, a redirect loop, endless rate limiting, out-of-range numbers, devices and huge files
//! given as the CA file, an implausible token, and TLS certificates made wrong on purpose.
//! Every server is the project's own loopback test server.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use check_helpers::{new_token, request, result, run};
use kb4_setup::scim::CheckId;
use kb4_setup::scim::CheckReport;
use kb4_setup::settings::{Settings, SettingsStore};
use kb4_setup::verdict::Verdict;
use scim_server::routes::{Fault, FaultKind};
use scim_server::test_pki::TestPki;
use scim_server::{Behavior, ScimServer, ServerOptions};

use crate::support::check_helpers;
use crate::support::net;
use crate::support::scim_server;

/// A temporary home with its own XDG folders: settings, log and report stay inside it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temp home"),
        }
    }

    fn settings_file(&self) -> PathBuf {
        self.dir.path().join("config/kb4-setup/settings.json")
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("state/kb4-setup/kb4-setup.log"))
            .unwrap_or_default()
    }

    /// Runs kb4-setup with `args`, `stdin` piped in, and no keychain.
    fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
            .arg("--verbose")
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
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
        let _ = child.stdin.take().expect("stdin").write_all(stdin);
        child.wait_with_output().expect("kb4-setup ends")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn everything(output: &Output) -> String {
    format!("{}\n{}", text(&output.stdout), text(&output.stderr))
}

/// Every GET answers with a 302 whose Location carries the token in its query string.
fn redirect_with_token(server: &ScimServer, port: u16, token: &str) {
    let location = format!("http://127.0.0.1:{port}/login?access_token={token}");
    server.set_behavior(Behavior::with_faults(vec![Fault::on(
        None,
        "",
        FaultKind::RedirectTo(location),
    )]));
}

#[test]
fn a_redirect_carrying_the_token_never_puts_it_in_any_output() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    // The same origin (followed, then 404) and another port (not followed).
    for port in [server.addr.port(), net::closed_loopback_port()] {
        redirect_with_token(&server, port, &token);
        let home = Home::new();
        let base = ["check", "--tenant-url", &server.base_url, "--token-stdin"];
        let plain = home.run(&base, token.as_bytes());
        let json = home.run(&[&base[..], &["--json"]].concat(), token.as_bytes());
        assert_eq!(plain.status.code(), Some(1), "{}", everything(&plain));
        let report: CheckReport = serde_json::from_slice(&json.stdout).expect("--json report");
        let users = report.result(CheckId::UsersList).expect("token proof ran");
        assert!(users.summary.contains("/login?…"), "{users:?}");
        assert!(users.summary.contains("redirect"), "{users:?}");

        let mut settings = Settings::default();
        settings.values.tenant_url = server.base_url.as_str().into();
        settings.last_check = Some(report);
        SettingsStore::new(home.settings_file())
            .save(&settings)
            .expect("save settings");
        let markdown = home.run(&["report", "--format", "md", "--out", "-"], b"");
        let html = home.run(&["report", "--format", "html", "--out", "-"], b"");
        assert_eq!(markdown.status.code(), Some(0), "{}", everything(&markdown));
        let saved = std::fs::read_to_string(home.settings_file()).expect("settings");
        let log = home.log_text();
        for (what, output) in [
            ("text", everything(&plain)),
            ("json", everything(&json)),
            ("markdown report", everything(&markdown)),
            ("html report", everything(&html)),
            ("saved results", saved),
            ("log", log),
        ] {
            assert!(!output.contains(&token), "the token leaked into the {what}");
            assert!(
                !output.contains("access_token="),
                "the query leaked into the {what}"
            );
        }
    }
}

#[test]
fn a_redirect_loop_is_reported_as_a_loop_without_a_plain_http_hint() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let users = format!("{}/Users", server.base_url);
    server.set_behavior(Behavior::failing_get(
        "/Users",
        FaultKind::RedirectTo(users),
    ));
    let report = run(request(&server.base_url, &token, 5));
    let users = result(&report, CheckId::UsersList);
    assert_eq!(users.status, Verdict::Fail);
    assert!(users.summary.starts_with("redirect loop"), "{users:?}");
    let hint = users.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("circle"), "{hint}");
    assert!(!hint.contains("plain http"), "{hint}");
}

#[test]
fn endless_rate_limiting_is_named_and_ends_within_the_budget() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token).behavior(Behavior::with_faults(
        vec![Fault::on(None, "", FaultKind::RateLimited(10))],
    )));
    let home = Home::new();
    let output = home.run(
        &[
            "check",
            "--tenant-url",
            &server.base_url,
            "--token-stdin",
            "--timeout",
            "3",
            "--json",
        ],
        token.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", everything(&output));
    let report: CheckReport = serde_json::from_slice(&output.stdout).expect("json report");
    let all = report.to_text();
    assert_eq!(
        report.outcome,
        kb4_setup::scim::RunOutcome::Completed,
        "{all}"
    );
    assert!(!all.contains("overall deadline"), "{all}");
    assert!(all.contains("rate limiting the checks"), "{all}");
    assert!(all.contains("429 Too Many Requests"), "{all}");
    // One request, one retry after the wait it asked for, then nothing more.
    assert_eq!(server.requests().len(), 2, "{:?}", server.requests());
}

#[test]
fn numbers_out_of_range_are_usage_errors_naming_the_range() {
    let home = Home::new();
    let url = "https://eu.knowbe4.com/scim";
    for timeout in [
        "0",
        "301",
        "18446744073709551615",
        "99999999999999999999",
        "-5",
        "2.5",
    ] {
        let output = home.run(
            &[
                "check",
                "--tenant-url",
                url,
                "--token-stdin",
                &format!("--timeout={timeout}"),
            ],
            b"token-value-1234",
        );
        assert_eq!(output.status.code(), Some(2), "{timeout}");
        assert!(
            text(&output.stderr).contains("from 1 to 300"),
            "{timeout}: {}",
            text(&output.stderr)
        );
    }
    let output = home.run(
        &[
            "reconcile",
            "--users-csv",
            "users.csv",
            "--tenant-url",
            url,
            "--page-size",
            "4294967296",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("from 1 to 1000"));
}

#[cfg(unix)]
#[test]
fn a_device_or_a_huge_ca_file_is_refused_without_reading_it() {
    let home = Home::new();
    let huge = home.dir.path().join("huge.pem");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(64 * 1024 * 1024))
        .expect("sparse file");
    let huge = huge.display().to_string();
    let csv = home.dir.path().join("users.csv");
    std::fs::write(
        &csv,
        "email,username,firstname,lastname\na@corp.example,a,Ann,Lee\n",
    )
    .expect("csv");
    let csv = csv.display().to_string();
    let url = "https://eu.knowbe4.com/scim";
    for (ca_file, words) in [("/dev/zero", "is a device"), (huge.as_str(), "bytes")] {
        let check = [
            "check",
            "--tenant-url",
            url,
            "--token-stdin",
            "--ca-file",
            ca_file,
        ];
        let reconcile = [
            "reconcile",
            "--users-csv",
            &csv,
            "--tenant-url",
            url,
            "--token-stdin",
            "--ca-file",
            ca_file,
        ];
        for args in [&check[..], &reconcile[..]] {
            let output = home.run(args, b"token-value-1234");
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                everything(&output)
            );
            assert!(
                text(&output.stderr).contains(words),
                "{args:?}: {}",
                text(&output.stderr)
            );
        }
    }
    // The window's Extra CA field goes through the same run request.
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let mut window_run = request(&server.base_url, &token, 5);
    window_run.settings.extra_ca_file = Some(PathBuf::from("/dev/zero"));
    let report = run(window_run);
    let setup = result(&report, CheckId::ClientSetup);
    assert!(setup.summary.contains("is a device"), "{setup:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn an_implausible_token_is_refused_before_anything_is_sent() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let home = Home::new();
    let huge = vec![b'A'; 1024 * 1024];
    let output = home.run(
        &["check", "--tenant-url", &server.base_url, "--token-stdin"],
        &huge,
    );
    assert_eq!(output.status.code(), Some(2), "{}", everything(&output));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("kb4-setup accepts at most 4096"),
        "{stderr}"
    );
    assert!(!stderr.contains("Tenant URL is"), "{stderr}");
    assert!(server.requests().is_empty());

    // The library refuses it too, whatever the caller (the window) passed: a run takes a
    // `ScimToken`, and no token that long becomes one.
    let too_long = "B".repeat(5000);
    let refused = kb4_setup::token::parse_pasted_token(&too_long).map(|_| ());
    assert!(
        matches!(refused, Err(kb4_setup::token::TokenError::TooLong { .. })),
        "{refused:?}"
    );
    assert!(server.requests().is_empty());
}

fn tls_result(server: &ScimServer, token: &str, ca_file: Option<&Path>) -> (String, String) {
    let mut request = request(&server.base_url, token, 5);
    request.settings.extra_ca_file = ca_file.map(Path::to_path_buf);
    let report = run(request);
    let tls = result(&report, CheckId::Tls);
    assert_eq!(tls.status, Verdict::Fail, "{tls:?}");
    let whole = report.to_text();
    for debug in ["Other(", "OtherError", "Context {", "CaUsedAsEndEntity"] {
        assert!(!whole.contains(debug), "debug text in the report: {whole}");
    }
    (tls.summary.clone(), tls.hint.clone().unwrap_or_default())
}

#[test]
fn a_ca_certificate_used_as_the_server_certificate_is_explained() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::https(
        &token,
        scim_server::test_pki::self_signed_ca_as_server(),
    ));
    let (summary, hint) = tls_result(&server, &token, None);
    assert!(summary.contains("CA certificate"), "{summary}");
    assert!(
        summary.contains("kb4-setup self-signed CA server"),
        "{summary}"
    );
    assert!(hint.contains("trust its issuer"), "{hint}");
    assert!(hint.contains("leaf certificate"), "{hint}");
}

#[test]
fn a_certificate_whose_issuer_name_belongs_to_another_key_is_explained() {
    let pki = TestPki::new();
    let token = new_token();
    let server = ScimServer::start(ServerOptions::https(&token, pki.impostor_leaf()));
    let (summary, hint) = tls_result(&server, &token, Some(pki.ca_file.path()));
    assert!(summary.contains(&pki.ca_name), "{summary}");
    assert!(
        summary.contains("cannot come from the trusted authority"),
        "{summary}"
    );
    assert!(hint.contains("--ca-file"), "{hint}");
}

#[test]
fn a_fingerprint_given_as_the_certificate_is_named_as_such() {
    let home = Home::new();
    let file = home.dir.path().join("fingerprint.txt");
    std::fs::write(
        &file,
        "SHA1 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01\n",
    )
    .expect("write");
    let output = home.run(&["fingerprint", &file.display().to_string()], b"");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("SHA-1 fingerprint"), "{stderr}");
    assert!(stderr.contains("not the certificate"), "{stderr}");

    #[cfg(unix)]
    {
        let output = home.run(&["fingerprint", "/dev/zero"], b"");
        assert_eq!(output.status.code(), Some(2));
        let stderr = text(&output.stderr);
        assert!(stderr.contains("/dev/zero is a device"), "{stderr}");
        assert!(!stderr.contains("folder"), "{stderr}");
    }
}
