//! What the IdP certificate step and `kb4-setup fingerprint` show about a certificate.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};
use x509_parser::time::ASN1Time;

use super::error::CertificateError;
use super::fingerprint::{self, FingerprintAlgorithm};
use super::key_info::{algorithm_name, describe_key};
use super::validity::Validity;

/// A loaded certificate, as plain data (safe to send between threads and to serialise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateInfo {
    pub subject: String,
    pub issuer: String,
    /// Upper-case hex pairs joined by colons.
    pub serial: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    pub not_before_unix: i64,
    pub not_after_unix: i64,
    pub key_algorithm: String,
    pub key_bits: Option<u32>,
    pub key_curve: Option<String>,
    pub signature_algorithm: String,
    pub self_signed: bool,
    /// As `openssl x509 -noout -fingerprint -sha1` prints it, without its prefix.
    pub sha1: String,
    /// As `openssl x509 -noout -fingerprint -sha256` prints it, without its prefix.
    pub sha256: String,
    /// How many certificates the file held; the first one is described here.
    pub certificate_count: usize,
    pub warnings: Vec<String>,
}

impl CertificateInfo {
    /// Describes the DER certificate `der`; `count` and `warnings` come from the file around it.
    pub(crate) fn from_der(
        der: &[u8],
        count: usize,
        mut warnings: Vec<String>,
    ) -> Result<CertificateInfo, CertificateError> {
        let (_, certificate) =
            X509Certificate::from_der(der).map_err(|_| CertificateError::CorruptCertificate {
                detail: "its contents do not parse".to_owned(),
            })?;
        let key = describe_key(certificate.public_key());
        let subject = name_text(certificate.subject());
        if count > 1 {
            warnings.push(format!(
                "The file holds {count} certificates; the first one ({subject}) is shown. Make sure \
                 it is JumpCloud's IdP certificate."
            ));
        }
        if key.algorithm == "RSA" && key.bits.is_some_and(|bits| bits < 2048) {
            warnings.push("The RSA key is shorter than 2048 bits, which is weak.".to_owned());
        }
        let validity = certificate.validity();
        Ok(CertificateInfo {
            issuer: name_text(certificate.issuer()),
            serial: serial_text(certificate.raw_serial()),
            not_before: rfc3339(validity.not_before),
            not_after: rfc3339(validity.not_after),
            not_before_unix: validity.not_before.timestamp(),
            not_after_unix: validity.not_after.timestamp(),
            key_algorithm: key.algorithm,
            key_bits: key.bits,
            key_curve: key.curve,
            signature_algorithm: algorithm_name(&certificate.signature_algorithm),
            self_signed: certificate.subject().as_raw() == certificate.issuer().as_raw(),
            sha1: fingerprint::sha1_fingerprint(der),
            sha256: fingerprint::sha256_fingerprint(der),
            certificate_count: count,
            warnings,
            subject,
        })
    }

    pub fn not_before_time(&self) -> OffsetDateTime {
        unix_time(self.not_before_unix)
    }

    pub fn not_after_time(&self) -> OffsetDateTime {
        unix_time(self.not_after_unix)
    }

    /// Whole days from `now` until the certificate expires, rounded down: -1 as soon as it has.
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after_unix - now.unix_timestamp()).div_euclid(86_400)
    }

    /// Expired, not yet valid, expiring within 60 days, or valid, at `now`.
    pub fn validity(&self, now: OffsetDateTime) -> Validity {
        Validity::at(self.not_before_time(), self.not_after_time(), now)
    }

    /// Key type and size in one phrase: `RSA 2048 bits`, `ECDSA P-256`, `Ed25519`.
    pub fn key_summary(&self) -> String {
        match (&self.key_curve, self.key_bits) {
            (Some(curve), _) => format!("{} {curve}", self.key_algorithm),
            (None, Some(bits)) if self.key_algorithm == "RSA" => {
                format!("{} {bits} bits", self.key_algorithm)
            }
            _ => self.key_algorithm.clone(),
        }
    }

    pub fn fingerprint(&self, algorithm: FingerprintAlgorithm) -> &str {
        match algorithm {
            FingerprintAlgorithm::Sha1 => &self.sha1,
            FingerprintAlgorithm::Sha256 => &self.sha256,
        }
    }

    /// The fingerprint the vendor article converts the certificate to: SHA-1. SHA-256 is the
    /// other kind KnowBe4's selector offers, which the operator may prefer.
    pub fn recommended_fingerprint(&self) -> FingerprintAlgorithm {
        FingerprintAlgorithm::Sha1
    }

    /// Which option to pick in KnowBe4's SHA-1/SHA-256 selector, and why it matters.
    pub fn selector_advice(&self) -> String {
        "The article's route is the SHA-1 fingerprint; SHA-256 is the other kind KnowBe4's \
         selector offers. Whichever you paste into IdP Cert Fingerprint, set the selector to the \
         same kind (SHA-1 has 40 hex digits, SHA-256 has 64): if they differ, the fingerprint \
         does not match."
            .to_owned()
    }

    #[cfg(test)]
    pub(crate) fn for_fingerprint_tests(sha1: &str, sha256: &str) -> CertificateInfo {
        CertificateInfo {
            subject: "CN=test".to_owned(),
            issuer: "CN=test".to_owned(),
            serial: "01".to_owned(),
            not_before: String::new(),
            not_after: String::new(),
            not_before_unix: 0,
            not_after_unix: 0,
            key_algorithm: "RSA".to_owned(),
            key_bits: Some(2048),
            key_curve: None,
            signature_algorithm: "sha256WithRSAEncryption".to_owned(),
            self_signed: true,
            sha1: sha1.to_owned(),
            sha256: sha256.to_owned(),
            certificate_count: 1,
            warnings: Vec::new(),
        }
    }
}

fn name_text(name: &X509Name<'_>) -> String {
    let text = name.to_string();
    if text.is_empty() {
        "(empty)".to_owned()
    } else {
        text
    }
}

/// The serial as openssl prints it: DER's sign-padding zero bytes removed.
fn serial_text(raw: &[u8]) -> String {
    let start = raw
        .iter()
        .position(|byte| *byte != 0)
        .unwrap_or(raw.len().saturating_sub(1));
    fingerprint::openssl_style_hex(&raw[start.min(raw.len())..])
}

fn rfc3339(time: ASN1Time) -> String {
    time.to_datetime()
        .format(&Rfc3339)
        .unwrap_or_else(|_| format!("unix time {}", time.timestamp()))
}

fn unix_time(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_lose_their_padding_zeros_only() {
        assert_eq!(serial_text(&[0x00, 0x9F, 0x01]), "9F:01");
        assert_eq!(serial_text(&[0x00]), "00");
        assert_eq!(serial_text(&[0x10, 0x00]), "10:00");
        assert_eq!(serial_text(&[]), "");
    }

    #[test]
    fn key_summary_reads_naturally() {
        let mut info = CertificateInfo::for_fingerprint_tests("", "");
        assert_eq!(info.key_summary(), "RSA 2048 bits");
        info.key_algorithm = "ECDSA".to_owned();
        info.key_curve = Some("P-384".to_owned());
        assert_eq!(info.key_summary(), "ECDSA P-384");
        info.key_algorithm = "Ed25519".to_owned();
        info.key_curve = None;
        assert_eq!(info.key_summary(), "Ed25519");
    }

    #[test]
    fn the_recommendation_and_advice_agree() {
        let info = CertificateInfo::for_fingerprint_tests("AA", "BB");
        let choice = info.recommended_fingerprint();
        assert_eq!(info.fingerprint(choice), "AA");
        assert!(info.selector_advice().contains(choice.selector_label()));
    }
}
