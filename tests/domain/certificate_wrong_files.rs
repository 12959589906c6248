//! Every kind of wrong file gets its own message, and none shows key material.

use std::time::Instant;

use certs::{KeyKind, cert, openssl, path_str, pem_body_lines, random_bytes, write};
use kb4_setup::certificate::{CertificateError, MAX_CERTIFICATE_FILE_BYTES, load_bytes, load_path};

use crate::support::certs;

fn refused(bytes: impl AsRef<[u8]>) -> CertificateError {
    match load_bytes(bytes.as_ref()) {
        Ok(info) => panic!("accepted as a certificate: {info:?}"),
        Err(error) => error,
    }
}

/// Checks the error kind, a phrase of its message, and that no line of `secret` leaks.
fn assert_refused(
    bytes: impl AsRef<[u8]>,
    expected: &CertificateError,
    phrase: &str,
    secret: &str,
) {
    let error = refused(bytes);
    assert_eq!(&error, expected);
    let message = error.to_string();
    assert!(message.contains(phrase), "{phrase:?} not in: {message}");
    for line in pem_body_lines(secret) {
        assert!(
            !message.contains(&line),
            "message leaks key material: {message}"
        );
    }
}

#[test]
fn private_keys_in_every_encoding_are_refused_loudly() {
    let dir = tempfile::tempdir().unwrap();
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256, KeyKind::Ed25519] {
        let generated = cert(kind);
        let pkcs8 = &generated.key_pem;
        assert_refused(pkcs8, &CertificateError::PrivateKey, "PRIVATE KEY", pkcs8);
        assert_refused(
            &generated.key_der,
            &CertificateError::PrivateKey,
            "must never be shared",
            pkcs8,
        );
        // The body alone, as if copied without its BEGIN/END lines.
        let body = pem_body_lines(pkcs8).join("\n");
        assert_refused(
            &body,
            &CertificateError::PrivateKey,
            "Download certificate",
            pkcs8,
        );
        // A key pasted under a CERTIFICATE label is still a key.
        let relabelled = pkcs8.replace("PRIVATE KEY", "CERTIFICATE");
        assert_refused(
            &relabelled,
            &CertificateError::PrivateKey,
            "PRIVATE KEY",
            pkcs8,
        );
        if kind == KeyKind::Ed25519 {
            // Ed25519 has no "traditional" form, and OpenSSL 3.0 cannot read ring's PKCS#8 v2.
            continue;
        }
        let key_path = write(dir.path(), "key.pem", pkcs8);
        let traditional = openssl(&["pkey", "-in", path_str(&key_path), "-traditional"]);
        let traditional = String::from_utf8(traditional).unwrap();
        assert_refused(
            &traditional,
            &CertificateError::PrivateKey,
            "PRIVATE KEY",
            &traditional,
        );
        let traditional_der = openssl(&[
            "pkey",
            "-in",
            path_str(&key_path),
            "-traditional",
            "-outform",
            "DER",
        ]);
        assert_refused(
            &traditional_der,
            &CertificateError::PrivateKey,
            "PRIVATE KEY",
            pkcs8,
        );
    }
}

#[test]
fn encrypted_keys_are_refused_in_both_styles() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::Rsa2048);
    let key_path = write(dir.path(), "key.pem", &generated.key_pem);
    let args = [
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-passout",
        "pass:test",
        "-in",
        path_str(&key_path),
    ];
    let pkcs8 = String::from_utf8(openssl(&args)).unwrap();
    assert!(pkcs8.contains("ENCRYPTED PRIVATE KEY"));
    assert_refused(
        &pkcs8,
        &CertificateError::EncryptedPrivateKey,
        "encrypted PRIVATE KEY",
        &pkcs8,
    );
    let der_args = [&args[..], &["-outform", "DER"]].concat();
    assert_refused(
        openssl(&der_args),
        &CertificateError::EncryptedPrivateKey,
        "Do not share",
        &pkcs8,
    );
    let legacy_args = [
        "rsa",
        "-aes128",
        "-traditional",
        "-passout",
        "pass:test",
        "-in",
        path_str(&key_path),
    ];
    let legacy = String::from_utf8(openssl(&legacy_args)).unwrap();
    assert!(legacy.contains("Proc-Type: 4,ENCRYPTED"), "{legacy}");
    assert_refused(
        &legacy,
        &CertificateError::EncryptedPrivateKey,
        "PRIVATE KEY",
        &legacy,
    );
}

#[test]
fn key_and_certificate_together_use_the_certificate_and_warn() {
    let generated = cert(KeyKind::EcdsaP256);
    for combined in [
        format!("{}{}", generated.key_pem, generated.pem),
        format!("{}{}", generated.pem, generated.key_pem),
    ] {
        let info = load_bytes(combined.as_bytes()).unwrap();
        assert_eq!(
            info.sha256,
            load_bytes(generated.pem.as_bytes()).unwrap().sha256
        );
        assert_eq!(info.certificate_count, 1);
        let warning = info.warnings.join("\n");
        assert!(
            warning.contains("PRIVATE KEY") && warning.contains("Do not share"),
            "{warning}"
        );
        for line in pem_body_lines(&generated.key_pem) {
            assert!(!warning.contains(&line), "warning leaks key material");
        }
    }
}

#[test]
fn csrs_are_refused() {
    let generated = cert(KeyKind::EcdsaP256);
    let expected = CertificateError::CertificateRequest;
    assert_refused(
        &generated.csr_pem,
        &expected,
        "certificate signing request",
        "",
    );
    assert_refused(&generated.csr_der, &expected, "CSR", "");
}

#[test]
fn public_keys_are_refused() {
    let generated = cert(KeyKind::Rsa2048);
    assert_refused(
        &generated.public_key_pem,
        &CertificateError::PublicKey,
        "public key",
        "",
    );
    assert_refused(
        &generated.public_key_der,
        &CertificateError::PublicKey,
        "whole certificate",
        "",
    );
}

#[test]
fn pkcs7_and_pkcs12_explain_how_to_extract_the_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let generated = cert(KeyKind::Rsa2048);
    let cert_path = write(dir.path(), "c.pem", &generated.pem);
    let key_path = write(dir.path(), "k.pem", &generated.key_pem);
    let p7 = ["crl2pkcs7", "-nocrl", "-certfile", path_str(&cert_path)];
    assert_refused(
        openssl(&p7),
        &CertificateError::Pkcs7,
        "openssl pkcs7 -print_certs",
        "",
    );
    let p7_der = [&p7[..], &["-outform", "DER"]].concat();
    assert_refused(
        openssl(&p7_der),
        &CertificateError::Pkcs7,
        "-inform DER",
        "",
    );
    let p12_path = dir.path().join("bundle.p12");
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        path_str(&cert_path),
        "-inkey",
        path_str(&key_path),
        "-passout",
        "pass:test",
        "-out",
        path_str(&p12_path),
    ]);
    let error = load_path(&p12_path).unwrap_err();
    assert_eq!(error, CertificateError::Pkcs12);
    let message = error.to_string();
    assert!(
        message.contains("openssl pkcs12 -in FILE.p12 -clcerts -nokeys"),
        "{message}"
    );
    assert!(error.involves_private_key());
}

#[test]
fn ssh_keys_are_refused() {
    let public = certs::ssh_public_key_line();
    assert_refused(
        &public,
        &CertificateError::SshPublicKey,
        "SSH public key",
        "",
    );
    let rfc4716 = "---- BEGIN SSH2 PUBLIC KEY ----\nComment: x\nAAAAB3NzaC1yc2E=\n---- END SSH2 PUBLIC KEY ----\n";
    assert_refused(rfc4716, &CertificateError::SshPublicKey, "SSH", "");
    let private = certs::openssh_private_key();
    assert_refused(
        &private,
        &CertificateError::SshPrivateKey,
        "SSH PRIVATE KEY",
        &private,
    );
    let putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAA\n";
    assert_refused(putty, &CertificateError::SshPrivateKey, "Never share", "");
}

#[test]
fn empty_and_whitespace_only_files_are_empty() {
    for bytes in ["", " ", "\n\n\r\n\t  \n", "\u{feff}", "\u{feff}  \n"] {
        assert_refused(bytes, &CertificateError::Empty, "empty", "");
    }
}

#[test]
fn random_binary_is_refused() {
    for seed in 1..20 {
        let mut bytes = random_bytes(2048, seed);
        bytes[0] = 0x8F;
        assert_refused(&bytes, &CertificateError::Binary, "binary data", "");
    }
    // Starting like DER (a SEQUENCE) does not make it a certificate.
    let mut sequence = random_bytes(1024, 99);
    sequence[0] = 0x30;
    assert!(matches!(
        refused(&sequence),
        CertificateError::Binary | CertificateError::NoCertificate
    ));
}

#[test]
fn truncated_and_corrupt_pem_are_named() {
    let pem = cert(KeyKind::Rsa2048).pem;
    let half = &pem[..pem.len() / 2];
    let truncated = CertificateError::TruncatedPem {
        label: "CERTIFICATE".to_owned(),
    };
    assert_refused(half, &truncated, "cut off", "");
    // One changed character in the middle of the body breaks the DER structure or signature data.
    let lines: Vec<&str> = pem.lines().collect();
    let mut corrupt_lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    corrupt_lines.remove(3);
    let missing_line = corrupt_lines.join("\n");
    assert!(matches!(
        refused(&missing_line),
        CertificateError::CorruptCertificate { .. }
    ));
    let bad_char = pem.replacen("MII", "M*I", 1);
    let error = refused(&bad_char);
    assert!(
        matches!(error, CertificateError::CorruptCertificate { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("damaged"), "{error}");
}

#[test]
fn an_html_sign_in_page_is_recognised() {
    let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>JumpCloud Login</title></head>\
                <body><form>...</form></body></html>";
    assert_refused(page, &CertificateError::Html, "web page", "");
    assert_refused(
        format!("\n  <html><body>{}</body></html>", "x".repeat(50)),
        &CertificateError::Html,
        "HTML",
        "",
    );
}

#[test]
fn other_pem_kinds_get_their_own_message() {
    let crl = "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n";
    assert_refused(
        crl,
        &CertificateError::RevocationList,
        "revocation list",
        "",
    );
    let params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    let expected = CertificateError::UnsupportedPem {
        label: "EC PARAMETERS".to_owned(),
    };
    assert_refused(params, &expected, "EC PARAMETERS", "");
    assert_refused(
        "just some notes\nabout SSO\n",
        &CertificateError::NoCertificate,
        "BEGIN CERTIFICATE",
        "",
    );
}

#[test]
fn a_50_mb_file_is_refused_fast_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pem");
    let mut content = cert(KeyKind::EcdsaP256).pem.into_bytes();
    content.resize(50 * 1024 * 1024, b'A');
    std::fs::write(&path, &content).unwrap();
    let started = Instant::now();
    let error = load_path(&path).unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(
        error,
        CertificateError::TooBig {
            size: 50 * 1024 * 1024,
            limit: MAX_CERTIFICATE_FILE_BYTES
        }
    );
    assert!(error.to_string().contains("52428800 bytes"), "{error}");
    assert!(elapsed.as_millis() < 500, "took {elapsed:?}");
}
