//! The `fingerprint` and `saml-values` subcommands, run as the built binary.

use std::path::Path;
use std::process::{Command, Output};

use certs::{KeyKind, cert, openssl_fingerprint, write};
use kb4_setup::certificate::load_path;
use kb4_setup::saml::parse_saml_id;
use serde_json::Value;

use crate::support::certs;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kb4-setup"))
        .args(args)
        .output()
        .expect("run kb4-setup")
}

fn fingerprint_json(path: &Path) -> Value {
    let output = run(&["fingerprint", certs::path_str(path), "--json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

#[test]
fn fingerprints_match_openssl_for_every_key_type() {
    let dir = tempfile::tempdir().unwrap();
    for kind in KeyKind::ALL {
        let path = write(dir.path(), "certificate.pem", cert(kind).pem);
        let json = fingerprint_json(&path);
        assert_eq!(
            json["sha1"],
            openssl_fingerprint(&path, "-sha1"),
            "{kind:?}"
        );
        assert_eq!(
            json["sha256"],
            openssl_fingerprint(&path, "-sha256"),
            "{kind:?}"
        );
    }
}

#[test]
fn der_files_give_the_same_fingerprints_as_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::EcdsaP384);
    let pem_path = write(dir.path(), "c.pem", &generated.pem);
    let der_path = write(dir.path(), "c.cer", &generated.der);
    let json = fingerprint_json(&der_path);
    assert_eq!(json["sha256"], openssl_fingerprint(&pem_path, "-sha256"));
}

#[test]
fn json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "certificate.pem", cert(KeyKind::Rsa4096).pem);
    let json = fingerprint_json(&path);
    for key in [
        "sha1",
        "sha256",
        "subject",
        "issuer",
        "not_before",
        "not_after",
        "key_algorithm",
        "key_bits",
        "certificate_count",
        "warnings",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["key_algorithm"], "RSA");
    assert_eq!(json["key_bits"], 4096);
    assert_eq!(json["certificate_count"], 1);
    assert_eq!(json["validity"]["status"], "valid");
    assert_eq!(json["recommended_fingerprint"], "SHA-1");
}

#[test]
fn text_output_shows_both_fingerprints_and_the_selector_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "certificate.pem", cert(KeyKind::EcdsaP256).pem);
    let output = run(&["fingerprint", certs::path_str(&path)]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(&openssl_fingerprint(&path, "-sha1")),
        "{text}"
    );
    assert!(
        text.contains(&openssl_fingerprint(&path, "-sha256")),
        "{text}"
    );
    assert!(text.contains("ECDSA P-256"), "{text}");
    assert!(text.contains("set the selector to the"), "{text}");
    assert!(text.contains("The article's route is the SHA-1"), "{text}");
}

#[test]
fn a_wrong_file_exits_2_with_the_gui_message() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::EcdsaP256);
    let key_path = write(dir.path(), "key.pem", &generated.key_pem);
    let missing = dir.path().join("missing.pem");
    for path in [key_path.as_path(), missing.as_path()] {
        let expected = load_path(path).unwrap_err().to_string();
        let output = run(&["fingerprint", certs::path_str(path)]);
        assert_eq!(output.status.code(), Some(2));
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim_end(), format!("error: {expected}"));
        for line in certs::pem_body_lines(&generated.key_pem) {
            assert!(!stderr.contains(&line), "stderr leaks the key");
        }
    }
}

#[test]
fn saml_values_prints_the_computed_urls() {
    let output = run(&["saml-values", "--region", "eu", "--saml-id", " Ab12Cd34 "]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("https://eu.knowbe4.com/auth/saml/Ab12Cd34/callback"),
        "{text}"
    );
    assert!(
        text.contains("https://eu.knowbe4.com/auth/saml/Ab12Cd34/"),
        "{text}"
    );
    assert!(text.contains("KnowBe4"), "{text}");
}

#[test]
fn saml_values_json_takes_the_id_from_a_url_and_notes_it() {
    let url = "https://ca.knowbe4.com/auth/saml/Zz9Yy8/callback";
    let output = run(&[
        "saml-values",
        "--region",
        "us",
        "--saml-id",
        url,
        "--entity-id",
        "kb4-unique",
        "--json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["saml_id"], "Zz9Yy8");
    assert_eq!(
        json["acs_url"],
        "https://training.knowbe4.com/auth/saml/Zz9Yy8/callback"
    );
    assert_eq!(json["relay_state"], "Zz9Yy8");
    assert_eq!(json["entity_id"], "kb4-unique");
    assert_eq!(json["saml_id_extracted_from_url"], true);
    let notes = json["notes"].to_string();
    assert!(notes.contains("CA console"), "{notes}");
}

#[test]
fn saml_values_rejects_a_bad_id_with_exit_2() {
    let expected = parse_saml_id("ab-cd").unwrap_err().to_string();
    let output = run(&["saml-values", "--region", "us", "--saml-id", "ab-cd"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim_end(),
        format!("error: {expected}")
    );
    let placeholder = run(&[
        "saml-values",
        "--region",
        "us",
        "--saml-id",
        "{SAML_ACCOUNT_ID}",
    ]);
    assert_eq!(placeholder.status.code(), Some(2));
    let bad_entity = run(&[
        "saml-values",
        "--region",
        "us",
        "--saml-id",
        "abc",
        "--entity-id",
        "a b",
    ]);
    assert_eq!(bad_entity.status.code(), Some(2));
}
