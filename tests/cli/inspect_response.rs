//! `kb4-setup inspect-response` on the built binary: exit codes, text and JSON output.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use support::saml_signer::{ResponseSpec, Sign, idp_key, other_key, signed_response};
use time::OffsetDateTime;

use crate::support;

fn kb4(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("idp.pem"), &idp_key().cert_pem).unwrap();
        Files { dir }
    }

    fn response(&self, name: &str, xml: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, STANDARD.encode(xml)).unwrap();
        path.to_str().unwrap().to_owned()
    }

    fn cert(&self) -> String {
        self.dir.path().join("idp.pem").to_str().unwrap().to_owned()
    }
}

const EXPECT: [&str; 4] = ["--region", "us", "--saml-id", "a1b2c3d4e5f"];

#[test]
fn a_good_response_exits_0_with_every_json_field() {
    let files = Files::new();
    let xml = signed_response(
        &ResponseSpec::good(OffsetDateTime::now_utc()),
        Sign::Both,
        idp_key(),
    );
    let file = files.response("good.b64", &xml);
    let cert = files.cert();
    let mut args = vec![
        "inspect-response",
        file.as_str(),
        "--cert",
        cert.as_str(),
        "--json",
    ];
    args.extend(EXPECT);
    let output = kb4(&args, None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for field in [
        "issuer",
        "destination",
        "audience",
        "recipient",
        "name_id",
        "name_id_format",
        "not_before",
        "not_on_or_after",
        "signed_parts",
        "embedded_cert_sha1",
        "fingerprint_matches",
        "signature_valid",
        "verdicts",
    ] {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    assert_eq!(json["signature_valid"], serde_json::Value::Bool(true));
    assert_eq!(json["fingerprint_matches"], serde_json::Value::Bool(true));
    assert_eq!(json["signed_parts"], "both");
    assert_eq!(json["audience"], "KnowBe4");
    for verdict in json["verdicts"].as_array().unwrap() {
        // No --idp-entity-id was given, so only the Issuer verdict has nothing to compare.
        let expected = if verdict["check"] == "issuer" {
            "skipped"
        } else {
            "pass"
        };
        assert_eq!(verdict["status"], expected, "{verdict}");
    }
}

#[test]
fn a_response_signed_by_another_key_exits_1_and_says_why() {
    let files = Files::new();
    let xml = signed_response(
        &ResponseSpec::good(OffsetDateTime::now_utc()),
        Sign::Both,
        other_key(),
    );
    let file = files.response("forged.b64", &xml);
    let cert = files.cert();
    let mut args = vec!["inspect-response", file.as_str(), "--cert", cert.as_str()];
    args.extend(EXPECT);
    let output = kb4(&args, None);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("FAIL  Signature"), "{text}");
    assert!(text.contains("fix:"), "{text}");
}

#[test]
fn an_eu_destination_read_from_stdin_exits_1() {
    let spec = ResponseSpec {
        destination: support::saml_signer::EU_ACS.to_owned(),
        ..ResponseSpec::good(OffsetDateTime::now_utc())
    };
    let xml = signed_response(&spec, Sign::Both, idp_key());
    let mut args = vec!["inspect-response", "-", "--json"];
    args.extend(EXPECT);
    let output = kb4(&args, Some(xml.as_bytes()));
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["signature_valid"], serde_json::Value::Null);
    let destination = json["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["check"] == "destination")
        .unwrap();
    assert_eq!(destination["status"], "fail");
}

#[test]
fn unreadable_input_exits_2() {
    let output = kb4(&["inspect-response", "/nonexistent/response.txt"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = kb4(&["inspect-response", "-"], Some(b"%%% not a response %%%"));
    assert_eq!(output.status.code(), Some(2));
    assert!(!output.stderr.is_empty());
    let output = kb4(
        &["inspect-response", "-"],
        Some(b"<!DOCTYPE x [<!ENTITY a \"b\">]><x/>"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("DOCTYPE"));
}

#[test]
fn a_response_with_tens_of_thousands_of_attributes_exits_2_with_the_reason() {
    // The reported case: 75,000 attributes on one element, deflated and base64-encoded.
    let mut attributes = String::new();
    for i in 0..75_000 {
        attributes.push_str(&format!(" a{i}=\"\""));
    }
    let xml = format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:Extensions{attributes}/></samlp:Response>"
    );
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(xml.as_bytes()).unwrap();
    let pasted = STANDARD.encode(encoder.finish().unwrap());
    let output = kb4(&["inspect-response", "-"], Some(pasted.as_bytes()));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("more than 64 attributes"), "{stderr}");
}
