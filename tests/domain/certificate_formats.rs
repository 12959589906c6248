//! Every form an operator may have the IdP certificate in is accepted, and described right.

use certs::{KeyKind, cert, cert_with_validity, metadata_body, openssl, path_str, write};
use kb4_setup::certificate::{CertificateInfo, Validity, load_bytes, load_path};
use time::{Duration, OffsetDateTime};

use crate::support::certs;

fn load(bytes: impl AsRef<[u8]>) -> CertificateInfo {
    match load_bytes(bytes.as_ref()) {
        Ok(info) => info,
        Err(error) => panic!("refused: {error}"),
    }
}

#[test]
fn key_types_and_sizes_are_described() {
    let expected = [
        (
            KeyKind::Rsa2048,
            "RSA",
            Some(2048),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            KeyKind::Rsa4096,
            "RSA",
            Some(4096),
            None,
            "sha256WithRSAEncryption",
        ),
        (
            KeyKind::EcdsaP256,
            "ECDSA",
            Some(256),
            Some("P-256"),
            "ecdsa-with-SHA256",
        ),
        (
            KeyKind::EcdsaP384,
            "ECDSA",
            Some(384),
            Some("P-384"),
            "ecdsa-with-SHA384",
        ),
        (KeyKind::Ed25519, "Ed25519", Some(256), None, "ed25519"),
    ];
    for (kind, algorithm, bits, curve, signature) in expected {
        let info = load(cert(kind).pem);
        assert_eq!(info.key_algorithm, algorithm, "{kind:?}");
        assert_eq!(info.key_bits, bits, "{kind:?}");
        assert_eq!(info.key_curve.as_deref(), curve, "{kind:?}");
        assert_eq!(info.signature_algorithm, signature, "{kind:?}");
        assert!(info.self_signed, "{kind:?}");
        assert_eq!(info.certificate_count, 1);
        assert!(info.warnings.is_empty(), "{:?}", info.warnings);
        assert!(
            info.subject.contains("CN=JumpCloud IdP test"),
            "{}",
            info.subject
        );
        assert_eq!(info.subject, info.issuer);
    }
}

#[test]
fn fields_match_what_openssl_reports() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::EcdsaP256);
    let path = write(dir.path(), "certificate.pem", &generated.pem);
    let info = load_path(&path).unwrap();
    let serial = openssl(&["x509", "-noout", "-serial", "-in", path_str(&path)]);
    let serial = String::from_utf8(serial).unwrap();
    assert_eq!(
        serial.trim().trim_start_matches("serial="),
        info.serial.replace(':', "")
    );
    let end = openssl(&[
        "x509",
        "-noout",
        "-enddate",
        "-dateopt",
        "iso_8601",
        "-in",
        path_str(&path),
    ]);
    let end = String::from_utf8(end).unwrap();
    // openssl: "notAfter=2027-11-28 17:40:00Z"; ours: "2027-11-28T17:40:00Z".
    assert_eq!(
        end.trim().trim_start_matches("notAfter=").replace(' ', "T"),
        info.not_after
    );
}

#[test]
fn pem_variants_give_the_same_certificate() {
    let generated = cert(KeyKind::Rsa2048);
    let reference = load(&generated.pem);
    let crlf = generated.pem.replace('\n', "\r\n");
    let bom = format!("\u{feff}{}", generated.pem);
    let messy = format!(
        "\n\n   {}\n\n\t\n",
        generated.pem.replace('\n', "\n   \n  ").trim_end()
    );
    let one_line = generated.pem.replace('\n', " ");
    for (name, text) in [
        ("crlf", crlf),
        ("bom", bom),
        ("messy", messy),
        ("one line", one_line),
    ] {
        let info = load(&text);
        assert_eq!(info, reference, "{name}");
    }
}

#[test]
fn openssl_text_output_before_the_pem_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::Rsa2048);
    let path = write(dir.path(), "c.pem", &generated.pem);
    let text = openssl(&["x509", "-text", "-in", path_str(&path)]);
    assert!(String::from_utf8_lossy(&text).contains("Certificate:"));
    assert_eq!(load(text).sha256, load(&generated.pem).sha256);
}

#[test]
fn utf16_text_from_windows_editors_is_read() {
    let generated = cert(KeyKind::EcdsaP256);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(generated.pem.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(load(bytes).sha1, load(&generated.pem).sha1);
}

#[test]
fn der_is_accepted() {
    let generated = cert(KeyKind::EcdsaP384);
    assert_eq!(load(&generated.der), load(&generated.pem));
}

#[test]
fn a_bare_base64_body_from_metadata_is_accepted_wrapped_or_indented() {
    let generated = cert(KeyKind::Rsa2048);
    let reference = load(&generated.pem);
    for body in [
        metadata_body(&generated.der, 100_000, ""),
        metadata_body(&generated.der, 64, ""),
        metadata_body(&generated.der, 76, "        "),
        format!("  {}  \r\n", metadata_body(&generated.der, 60, "\t")),
    ] {
        assert_eq!(load(&body), reference);
    }
}

#[test]
fn saml_metadata_xml_is_searched_for_its_certificate() {
    let generated = cert(KeyKind::EcdsaP256);
    let body = metadata_body(&generated.der, 64, "          ");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\
         <md:IDPSSODescriptor><md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>\
         <ds:X509Certificate>\n{body}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\
         </md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>"
    );
    let info = load(xml);
    assert_eq!(info.sha256, load(&generated.pem).sha256);
    assert_eq!(info.certificate_count, 1);
}

#[test]
fn a_bundle_uses_the_first_and_counts_them() {
    let (leaf, ca) = certs::leaf_and_ca();
    let third = cert(KeyKind::Ed25519).pem;
    let bundle = format!("{leaf}\n{ca}\n{third}");
    let info = load(&bundle);
    assert_eq!(info.certificate_count, 3);
    assert_eq!(info.sha256, load(&leaf).sha256);
    assert!(info.subject.contains("CN=Leaf"), "{}", info.subject);
    assert!(!info.self_signed, "the leaf is signed by the CA");
    assert!(info.issuer.contains("CN=Test CA"), "{}", info.issuer);
    assert!(
        info.warnings.iter().any(|w| w.contains("3 certificates")),
        "{:?}",
        info.warnings
    );
}

#[test]
fn concatenated_der_certificates_are_counted() {
    let first = cert(KeyKind::EcdsaP256).der;
    let mut bytes = first.clone();
    bytes.extend(cert(KeyKind::Ed25519).der);
    let info = load(&bytes);
    assert_eq!(info.certificate_count, 2);
    assert_eq!(info.sha256, load(&first).sha256);
}

#[test]
fn validity_is_judged_against_now() {
    let now = OffsetDateTime::now_utc();
    let kind = KeyKind::EcdsaP256;
    let expired = load(cert_with_validity(kind, Duration::days(-400), Duration::days(-10)).pem);
    assert_eq!(expired.validity(now), Validity::Expired { days_ago: 10 });
    let future = load(
        cert_with_validity(
            kind,
            Duration::days(5) + Duration::hours(1),
            Duration::days(400),
        )
        .pem,
    );
    assert_eq!(
        future.validity(now),
        Validity::NotYetValid { days_until: 5 }
    );
    let soon = load(
        cert_with_validity(
            kind,
            Duration::days(-300),
            Duration::days(20) + Duration::hours(1),
        )
        .pem,
    );
    assert_eq!(soon.validity(now), Validity::ExpiringSoon { days_left: 20 });
    assert!(soon.validity(now).message().contains("60, 30 and 7"));
    let fine = load(
        cert_with_validity(
            kind,
            Duration::days(-1),
            Duration::days(200) + Duration::hours(1),
        )
        .pem,
    );
    assert_eq!(fine.validity(now), Validity::Valid { days_left: 200 });
    assert!(expired.not_after_unix < now.unix_timestamp());
    assert_eq!(
        expired.not_after_time().unix_timestamp(),
        expired.not_after_unix
    );
}

#[test]
fn info_round_trips_through_json_with_the_documented_keys() {
    let info = load(cert(KeyKind::Rsa2048).pem);
    let json = serde_json::to_value(&info).unwrap();
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
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let back: CertificateInfo = serde_json::from_value(json).unwrap();
    assert_eq!(back, info);
}
