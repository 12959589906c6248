//! Certificates inside and outside the response: fingerprints, and the public key that a
//! signature is checked with.
//! Fingerprints and their parsing come from `crate::certificate` and `crate::saml`, so the
//! inspector, the certificate step and the CLI agree on every form.

use serde::{Deserialize, Serialize};
use x509_parser::prelude::{FromDer, X509Certificate};

/// A certificate's fingerprints, in openssl's form: uppercase hex pairs joined by colons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertFingerprints {
    pub sha1: String,
    pub sha256: String,
    /// The certificate's subject, when the DER could be read.
    pub subject: Option<String>,
}

/// Fingerprints of a DER certificate (of its bytes, as openssl and KnowBe4 compute them).
pub fn fingerprints_of(der: &[u8]) -> CertFingerprints {
    let subject = X509Certificate::from_der(der)
        .ok()
        .map(|(_, cert)| cert.subject().to_string());
    CertFingerprints {
        sha1: crate::certificate::sha1_fingerprint(der),
        sha256: crate::certificate::sha256_fingerprint(der),
        subject,
    }
}

/// Whether a fingerprint typed by the operator (any case, with or without colons or spaces,
/// with or without openssl's `SHA1 Fingerprint=` prefix) names this certificate. SHA-1 or
/// SHA-256 is told apart by length. `None` when the text is not a fingerprint at all.
pub fn fingerprint_matches(configured: &str, certificate: &CertFingerprints) -> Option<bool> {
    let hex = crate::saml::normalise_fingerprint(configured)
        .ok()?
        .to_ascii_uppercase();
    let strip = |s: &str| s.replace(':', "");
    match hex.len() {
        40 => Some(hex == strip(&certificate.sha1)),
        64 => Some(hex == strip(&certificate.sha256)),
        _ => None,
    }
}

/// The kind of public key a certificate carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
}

/// A public key to verify signatures with, in the form `ring` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyKey {
    pub kind: KeyKind,
    /// RSA: the PKCS#1 RSAPublicKey; EC: the uncompressed point.
    pub public_key: Vec<u8>,
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";

/// Reads the SubjectPublicKeyInfo of a DER certificate. `Err` says why it cannot be used.
pub fn verify_key_of(der: &[u8]) -> Result<VerifyKey, String> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|_| "the IdP certificate could not be read as X.509".to_owned())?;
    let spki = cert.public_key();
    let algorithm = spki.algorithm.algorithm.to_id_string();
    let kind = match algorithm.as_str() {
        OID_RSA => KeyKind::Rsa,
        OID_EC => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| oid.to_id_string());
            match curve.as_deref() {
                Some(OID_P256) => KeyKind::EcP256,
                Some(OID_P384) => KeyKind::EcP384,
                other => {
                    return Err(format!(
                        "the IdP certificate uses an elliptic curve this tool does not verify ({})",
                        other.unwrap_or("unnamed")
                    ));
                }
            }
        }
        other => {
            return Err(format!(
                "the IdP certificate has a key type this tool does not verify ({other})"
            ));
        }
    };
    Ok(VerifyKey {
        kind,
        public_key: spki.subject_public_key.data.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> CertFingerprints {
        CertFingerprints {
            sha1: "AB:CD:".repeat(10).trim_end_matches(':').to_owned(),
            sha256: "0F:".repeat(32).trim_end_matches(':').to_owned(),
            subject: None,
        }
    }

    #[test]
    fn configured_fingerprints_match_in_any_common_spelling() {
        let cert = sample();
        assert_eq!(fingerprint_matches(&cert.sha1, &cert), Some(true));
        let lower = format!("SHA1 Fingerprint={}", cert.sha1.to_lowercase());
        assert_eq!(fingerprint_matches(&lower, &cert), Some(true));
        let spaced = cert.sha256.replace(':', " ");
        assert_eq!(fingerprint_matches(&spaced, &cert), Some(true));
        let other = "00".repeat(20);
        assert_eq!(fingerprint_matches(&other, &cert), Some(false));
        assert_eq!(fingerprint_matches("not a fingerprint", &cert), None);
        assert_eq!(fingerprint_matches("ABCD", &cert), None);
    }

    #[test]
    fn fingerprints_are_colon_separated_uppercase_digests_of_the_der() {
        let fingerprints = fingerprints_of(b"not really a certificate");
        assert_eq!(fingerprints.sha1.len(), 20 * 3 - 1);
        assert_eq!(fingerprints.sha256.len(), 32 * 3 - 1);
        assert_eq!(fingerprints.sha1, fingerprints.sha1.to_uppercase());
        assert_eq!(fingerprints.subject, None);
        assert!(verify_key_of(b"junk").is_err());
    }
}
