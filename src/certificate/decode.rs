//! Turns file bytes into DER certificates, or names what the file is instead.
//!
//! Order matters: binary DER first, then PEM blocks in text, then the text forms without PEM
//! armour (SSH keys, HTML pages, SAML metadata, a bare base64 body).

use base64::Engine;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::der_shape::{self, DerShape};
use super::error::CertificateError;
use super::pem_blocks::{self, LENIENT_BASE64, PemBlock};

/// The certificates found (DER, exactly the certificate's bytes) and what to warn about.
#[derive(Debug, Default)]
pub(crate) struct Decoded {
    pub certificates: Vec<Vec<u8>>,
    pub warnings: Vec<String>,
}

/// Shorter base64 text cannot hold a key or certificate; it is ordinary words.
const MIN_BASE64_LEN: usize = 40;

const KEY_IN_FILE_WARNING: &str = "This file also contains a PRIVATE KEY. Only the certificate \
    was read. Do not share or upload this file: keep the key secret, and give KnowBe4 only the \
    fingerprint.";

pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, CertificateError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CertificateError::Empty);
    }
    // 0x30 is also the digit '0', so DER that is not recognised may still be text.
    if bytes.first() == Some(&0x30) {
        match decode_der(bytes) {
            Err(CertificateError::Binary) => {}
            other => return other,
        }
    }
    match as_text(bytes) {
        Some(text) if text.trim().is_empty() => Err(CertificateError::Empty),
        Some(text) => decode_text(&text),
        None => Err(CertificateError::Binary),
    }
}

/// The DER certificate at the start of `bytes` and its length, if it parses.
fn parse_certificate(bytes: &[u8]) -> Option<usize> {
    let (rest, _) = X509Certificate::from_der(bytes).ok()?;
    Some(bytes.len() - rest.len())
}

fn decode_der(bytes: &[u8]) -> Result<Decoded, CertificateError> {
    let mut decoded = Decoded::default();
    let mut rest = bytes;
    // Concatenated DER certificates happen (cat a.cer b.cer); take each in turn.
    while let Some(length) = parse_certificate(rest) {
        decoded.certificates.push(rest[..length].to_vec());
        rest = &rest[length..];
    }
    if !decoded.certificates.is_empty() {
        return Ok(decoded);
    }
    Err(shape_error(der_shape::classify(bytes)))
}

fn shape_error(shape: DerShape) -> CertificateError {
    match shape {
        DerShape::Pkcs12 => CertificateError::Pkcs12,
        DerShape::Pkcs7 => CertificateError::Pkcs7,
        DerShape::PrivateKey => CertificateError::PrivateKey,
        DerShape::EncryptedPrivateKey => CertificateError::EncryptedPrivateKey,
        DerShape::PublicKey => CertificateError::PublicKey,
        DerShape::CertificateRequest => CertificateError::CertificateRequest,
        DerShape::RevocationList => CertificateError::RevocationList,
        DerShape::DamagedCertificate => CertificateError::CorruptCertificate {
            detail: "it has the outline of a certificate but its contents do not parse".to_owned(),
        },
        DerShape::Unknown => CertificateError::Binary,
    }
}

/// Text in UTF-8 (with or without BOM) or UTF-16 with BOM (Windows editors); `None` if binary.
fn as_text(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Some(String::from_utf8_lossy(rest).into_owned());
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    // Latin-1 text around a PEM block (a localised `openssl x509 -text`) is still text.
    let lossy = String::from_utf8_lossy(bytes);
    lossy.contains("-----BEGIN ").then(|| lossy.into_owned())
}

fn utf16(bytes: &[u8], from: fn([u8; 2]) -> u16) -> Option<String> {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| from([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

fn decode_text(text: &str) -> Result<Decoded, CertificateError> {
    let scan = pem_blocks::scan(text);
    if scan.blocks.is_empty() {
        if let Some(label) = scan.truncated {
            return Err(truncated_error(label));
        }
        if let Some(algorithm) = super::fingerprint_line::fingerprint_only(text) {
            return Err(CertificateError::FingerprintOnly {
                algorithm: algorithm.to_owned(),
            });
        }
        return decode_unarmoured(text);
    }
    let mut decoded = Decoded::default();
    let mut first_error = None;
    let mut key_seen = false;
    for block in &scan.blocks {
        match block_certificate(block) {
            Ok(Some(der)) => decoded.certificates.push(der),
            Ok(None) => {}
            Err(error) => {
                key_seen |= error.involves_private_key();
                first_error = first_error.or(Some(error));
            }
        }
    }
    if decoded.certificates.is_empty() {
        let error = first_error.unwrap_or(CertificateError::NoCertificate);
        return Err(error);
    }
    if key_seen {
        decoded.warnings.push(KEY_IN_FILE_WARNING.to_owned());
    } else if first_error.is_some() {
        decoded.warnings.push(
            "The file also holds data that is not a usable certificate; it was ignored.".to_owned(),
        );
    }
    if let Some(label) = scan.truncated {
        decoded.warnings.push(format!(
            "The file ends with a cut-off \"{label}\" block, which was ignored."
        ));
    }
    Ok(decoded)
}

/// A certificate block's DER; `Ok(None)` for blocks that are harmless to ignore.
fn block_certificate(block: &PemBlock<'_>) -> Result<Option<Vec<u8>>, CertificateError> {
    if let Some(error) = label_error(&block.label, block.encrypted_header) {
        return Err(error);
    }
    if !is_certificate_label(&block.label) {
        return Ok(None);
    }
    let der = block
        .decode()
        .ok_or_else(|| CertificateError::CorruptCertificate {
            detail: "its base64 text is damaged (a character is wrong or missing)".to_owned(),
        })?;
    match parse_certificate(&der) {
        Some(length) => Ok(Some(der[..length].to_vec())),
        // A key pasted under a CERTIFICATE label is still a key: name it.
        None => Err(match der_shape::classify(&der) {
            DerShape::Unknown | DerShape::DamagedCertificate => {
                CertificateError::CorruptCertificate {
                    detail: "the text between BEGIN and END is incomplete or altered".to_owned(),
                }
            }
            shape => shape_error(shape),
        }),
    }
}

/// A cut-off key is still a key and is named as one; anything else is a truncated PEM.
fn truncated_error(label: String) -> CertificateError {
    match label_error(&label, false) {
        Some(error) if error.involves_private_key() => error,
        _ if label.is_empty() => CertificateError::TruncatedPem {
            label: "...".to_owned(),
        },
        _ => CertificateError::TruncatedPem { label },
    }
}

fn is_certificate_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE"
    )
}

/// The error for a PEM label that is not a certificate, `None` for certificate labels.
fn label_error(label: &str, encrypted_header: bool) -> Option<CertificateError> {
    let error = match label {
        _ if is_certificate_label(label) => return None,
        "ENCRYPTED PRIVATE KEY" => CertificateError::EncryptedPrivateKey,
        _ if label.ends_with("PRIVATE KEY") && label.starts_with("OPENSSH") => {
            CertificateError::SshPrivateKey
        }
        _ if label.ends_with("PRIVATE KEY") && encrypted_header => {
            CertificateError::EncryptedPrivateKey
        }
        _ if label.ends_with("PRIVATE KEY") => CertificateError::PrivateKey,
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => CertificateError::CertificateRequest,
        "PUBLIC KEY" | "RSA PUBLIC KEY" => CertificateError::PublicKey,
        "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS" => CertificateError::Pkcs7,
        "PKCS12" => CertificateError::Pkcs12,
        "X509 CRL" => CertificateError::RevocationList,
        "SSH2 PUBLIC KEY" => CertificateError::SshPublicKey,
        other => CertificateError::UnsupportedPem {
            label: other.to_owned(),
        },
    };
    Some(error)
}

/// Text with no PEM block: an SSH key, a web page, SAML metadata, or a bare base64 body.
fn decode_unarmoured(text: &str) -> Result<Decoded, CertificateError> {
    let trimmed = text.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if is_ssh_public_key(trimmed) || text.contains("---- BEGIN SSH2 PUBLIC KEY ----") {
        return Err(CertificateError::SshPublicKey);
    }
    if trimmed.starts_with("PuTTY-User-Key-File-") {
        return Err(CertificateError::SshPrivateKey);
    }
    if lower.contains("x509certificate>") {
        return decode_metadata(text, &lower);
    }
    if lower.starts_with("<!doctype html") || lower.contains("<html") || lower.contains("<body") {
        return Err(CertificateError::Html);
    }
    decode_bare_base64(text)
}

fn is_ssh_public_key(text: &str) -> bool {
    [
        "ssh-rsa ",
        "ssh-ed25519 ",
        "ssh-dss ",
        "ecdsa-sha2-",
        "sk-ssh-",
        "sk-ecdsa-",
    ]
    .iter()
    .any(|prefix| text.starts_with(prefix))
}

/// SAML metadata (or part of it): the body of each `<ds:X509Certificate>` element.
fn decode_metadata(text: &str, lower: &str) -> Result<Decoded, CertificateError> {
    let mut decoded = Decoded::default();
    let mut position = 0;
    while let Some(found) = lower[position..].find("x509certificate>") {
        let start = position + found + "x509certificate>".len();
        let end = lower[start..].find('<').map_or(text.len(), |at| start + at);
        position = end;
        let body = &text[start..end];
        if body.trim().is_empty() {
            continue;
        }
        let mut certificate = decode_bare_base64(body)?;
        for der in certificate.certificates.drain(..) {
            // Metadata often lists one certificate for signing and again for encryption.
            if !decoded.certificates.contains(&der) {
                decoded.certificates.push(der);
            }
        }
    }
    if decoded.certificates.is_empty() {
        return Err(CertificateError::NoCertificate);
    }
    Ok(decoded)
}

/// The base64 of a certificate without BEGIN/END lines, as copied from `<X509Certificate>`.
fn decode_bare_base64(text: &str) -> Result<Decoded, CertificateError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let is_base64 = compact
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    // Every DER structure starts with SEQUENCE (0x30), which base64 writes as 'M'.
    if !is_base64 || !compact.starts_with('M') || compact.len() < MIN_BASE64_LEN {
        return Err(CertificateError::NoCertificate);
    }
    let der =
        LENIENT_BASE64
            .decode(&compact)
            .map_err(|_| CertificateError::CorruptCertificate {
                detail: "its base64 text is damaged (a character is wrong or missing)".to_owned(),
            })?;
    if der.first() != Some(&0x30) {
        return Err(CertificateError::NoCertificate);
    }
    match decode_der(&der) {
        Err(CertificateError::Binary) => Err(CertificateError::CorruptCertificate {
            detail: "the base64 text does not decode to a certificate; part of it may be missing"
                .to_owned(),
        }),
        other => other,
    }
}
