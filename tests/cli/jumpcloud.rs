//! `kb4-setup jumpcloud verify` and `jumpcloud-key`, run as the built binary against the
//! loopback fake of JumpCloud's API, in a temporary home so no real settings or keychain
//! entry is touched. One test per exit code, and one proving the IdP private key the fake
//! puts in every application's config reaches no output, file or log.

use std::path::Path;
use std::process::Output;

use kb4_setup::certificate::load_bytes;
use support::fake_jumpcloud::{API_KEY, FakeApp, FakeJumpCloud, PRIVATE_KEY_MARKER};
use support::temp_home::TempHome;
use time::{Duration, OffsetDateTime};

use crate::support;
use crate::support::fixed_certs;

const SAML_ID: &str = "Ab12Cd34Ef5";

fn certificate(label: &str, days_from_now: (i64, i64)) -> String {
    let now = OffsetDateTime::now_utc();
    fixed_certs::idp_certificate_pem(
        label,
        now + Duration::days(days_from_now.0),
        now + Duration::days(days_from_now.1),
    )
}

fn text(output: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn verify_args<'a>(url: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "jumpcloud",
        "verify",
        "--api-url",
        url,
        "--region",
        "us",
        "--saml-id",
        SAML_ID,
        "--idp-url",
        "https://sso.jumpcloud.com/saml2/knowbe4",
        "--idp-entity-id",
        "JumpCloud",
    ];
    args.extend_from_slice(extra);
    args
}

fn good_app(cert: &str) -> FakeApp {
    let mut app = FakeApp::knowbe4("5f0c00000000000000000a01", "KnowBe4", SAML_ID);
    app.idp_certificate = Some(cert.to_owned());
    app
}

#[test]
fn exit_0_when_every_finding_passes_and_json_has_the_contract_names() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let fingerprint = load_bytes(cert.as_bytes()).unwrap().sha1;
    let server = FakeJumpCloud {
        apps: vec![
            FakeApp::other("5f0c00000000000000000b01", "Slack"),
            good_app(&cert),
        ],
        ..FakeJumpCloud::default()
    }
    .start();
    let cert_file = home.write("certificate.pem", &cert);
    let args = verify_args(
        &server.url,
        &[
            "--cert",
            &cert_file,
            "--fingerprint",
            &fingerprint,
            "--json",
        ],
    );
    let output = home.run(&args, Some(API_KEY), "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["application"]["id"], "5f0c00000000000000000a01");
    assert_eq!(json["application"]["label"], "KnowBe4");
    for finding in json["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "pass", "{finding}");
    }
    assert_eq!(json["certificate"]["sha1"], fingerprint.as_str());
    assert!(json["certificate"]["sha256"].is_string());
    assert!(json["certificate"]["expires"].is_string());
    for request in server.seen() {
        assert_eq!(request.method, "GET", "{request:?}");
        assert_eq!(request.api_key.as_deref(), Some(API_KEY));
        assert_eq!(request.accept.as_deref(), Some("application/json"));
        assert!(!request.uri.contains(API_KEY), "{request:?}");
    }
    let listing = server
        .seen()
        .into_iter()
        .find(|r| r.uri.starts_with("/api/applications?"))
        .unwrap();
    assert!(
        listing.uri.contains("limit=100") && listing.uri.contains("sort=_id"),
        "{listing:?}"
    );
}

#[test]
fn exit_1_for_a_wrong_region_acs_and_an_old_certificate() {
    let home = TempHome::new();
    let current = certificate("current", (-10, 700));
    let old = certificate("old", (-800, 30));
    let mut app = good_app(&current);
    app.acs_url = format!("https://eu.knowbe4.com/auth/saml/{SAML_ID}/callback");
    let server = FakeJumpCloud {
        apps: vec![app],
        ..FakeJumpCloud::default()
    }
    .start();
    let old_file = home.write("certificate.pem", &old);
    let output = home.run(
        &verify_args(&server.url, &["--cert", &old_file]),
        Some(API_KEY),
        "",
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("FAIL acsUrl"), "{stdout}");
    assert!(stdout.contains("European Union"), "{stdout}");
    assert!(stdout.contains("FAIL idpCertificate"), "{stdout}");
}

#[test]
fn exit_1_for_an_expired_certificate_in_jumpcloud() {
    let home = TempHome::new();
    let expired = certificate("expired", (-400, -2));
    let server = FakeJumpCloud {
        apps: vec![good_app(&expired)],
        ..FakeJumpCloud::default()
    }
    .start();
    let output = home.run(&verify_args(&server.url, &["--json"]), Some(API_KEY), "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expiry = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "sso.idpCertExpirationAt")
        .unwrap();
    assert_eq!(expiry["status"], "fail", "{expiry}");
}

#[test]
fn exit_1_when_jumpcloud_keeps_failing_or_sends_garbage() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let server = FakeJumpCloud {
        apps: vec![good_app(&cert)],
        fail_paths: vec![("/api/applications/".into(), 500)],
        ..FakeJumpCloud::default()
    }
    .start();
    let output = home.run(
        &verify_args(&server.url, &["--app", "5f0c00000000000000000a01"]),
        Some(API_KEY),
        "",
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("HTTP 500"), "{}", text(&output));
    let garbage = FakeJumpCloud {
        apps: vec![good_app(&cert)],
        garbage_paths: vec![("/api/applications".into(), "<html>login</html>".into())],
        ..FakeJumpCloud::default()
    }
    .start();
    let output = home.run(&verify_args(&garbage.url, &[]), Some(API_KEY), "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("not JSON"), "{}", text(&output));
}

#[test]
fn exit_2_for_unusable_input() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let server = FakeJumpCloud {
        apps: vec![good_app(&cert)],
        ..FakeJumpCloud::default()
    }
    .start();
    // No key anywhere (and no keychain in this environment's home).
    let output = home.run(&verify_args(&server.url, &["--key-stdin"]), None, "");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("empty"), "{}", text(&output));
    // A wrong key: 401 in the operator's words, asking for the org id when none was sent.
    let output = home.run(&verify_args(&server.url, &[]), Some("wrong-key"), "");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("401"), "{}", text(&output));
    assert!(!text(&output).contains("wrong-key"), "{}", text(&output));
    // Plain http to a public host, and a bad SAML ID.
    let output = home.run(
        &verify_args("http://console.jumpcloud.com", &[]),
        Some(API_KEY),
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let output = home.run(
        &[
            "jumpcloud",
            "verify",
            "--api-url",
            &server.url,
            "--saml-id",
            "{SAML_ACCOUNT_ID}",
        ],
        Some(API_KEY),
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    // An application id that does not exist.
    let output = home.run(
        &verify_args(&server.url, &["--app", "5f0c0000000000000000ffff"]),
        Some(API_KEY),
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("404"), "{}", text(&output));
}

#[test]
fn a_multi_tenant_key_without_org_id_is_asked_for_it_and_works_with_it() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let server = FakeJumpCloud {
        apps: vec![good_app(&cert)],
        multi_tenant: true,
        ..FakeJumpCloud::default()
    }
    .start();
    let output = home.run(&verify_args(&server.url, &[]), Some(API_KEY), "");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("--org-id"), "{}", text(&output));
    let org = support::fake_jumpcloud::ORG_ID;
    let output = home.run(
        &verify_args(&server.url, &["--org-id", org]),
        Some(API_KEY),
        "",
    );
    assert_ne!(output.status.code(), Some(2), "{}", text(&output));
    let with_org: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|r| r.org_id.as_deref() == Some(org))
        .collect();
    assert!(!with_org.is_empty());
}

#[test]
fn several_knowbe4_applications_ask_for_a_choice() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let mut second = good_app(&cert);
    second.id = "5f0c00000000000000000a02".into();
    second.display_label = "KnowBe4 test".into();
    let server = FakeJumpCloud {
        apps: vec![good_app(&cert), second],
        ..FakeJumpCloud::default()
    }
    .start();
    let output = home.run(&verify_args(&server.url, &[]), Some(API_KEY), "");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let all = text(&output);
    assert!(
        all.contains("5f0c00000000000000000a01") && all.contains("5f0c00000000000000000a02"),
        "{all}"
    );
    assert!(all.contains("--app"), "{all}");
}

#[test]
fn the_idp_private_key_reaches_no_output_file_or_log() {
    let home = TempHome::new();
    let cert = certificate("current", (-10, 700));
    let mut app = good_app(&cert);
    app.metadata_certificate = None;
    let server = FakeJumpCloud {
        apps: vec![app],
        ..FakeJumpCloud::default()
    }
    .start();
    let mut outputs = Vec::new();
    for extra in [
        &["--json"][..],
        &[][..],
        &["--app", "5f0c00000000000000000a01"][..],
    ] {
        let mut args = vec!["--verbose"];
        args.extend(verify_args(&server.url, extra));
        outputs.push(home.run(&args, Some(API_KEY), ""));
    }
    let marker_line = "FAKE-IDP-PRIVATE-KEY-MUST-NEVER-LEAK";
    assert!(PRIVATE_KEY_MARKER.contains(marker_line));
    for output in &outputs {
        assert!(!text(output).contains(marker_line), "{}", text(output));
        assert!(!text(output).contains(API_KEY), "{}", text(output));
    }
    let mut files = 0;
    for entry in walk(home.path()) {
        files += 1;
        let bytes = std::fs::read(&entry).unwrap_or_default();
        let content = String::from_utf8_lossy(&bytes);
        assert!(
            !content.contains(marker_line),
            "{} holds the private key",
            entry.display()
        );
        assert!(
            !content.contains(API_KEY),
            "{} holds the API key",
            entry.display()
        );
    }
    assert!(files > 0, "the log file was written");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn the_key_is_never_taken_from_argv() {
    let home = TempHome::new();
    let output = home.run(&["jumpcloud-key", "set", "--key", "abc"], None, "");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let output = home.run(
        &["jumpcloud-key", "status", "--org-id", "not valid!"],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
}
