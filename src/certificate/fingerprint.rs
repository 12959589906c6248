//! Fingerprints as KnowBe4 wants them: the hex `openssl x509 -noout -fingerprint` prints.

use serde::{Deserialize, Serialize};
use sha1::Digest as _;

/// The two fingerprint kinds KnowBe4's selector offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FingerprintAlgorithm {
    Sha1,
    Sha256,
}

impl FingerprintAlgorithm {
    /// The option's name in KnowBe4's SHA-1/SHA-256 selector.
    pub fn selector_label(self) -> &'static str {
        match self {
            FingerprintAlgorithm::Sha1 => "SHA-1",
            FingerprintAlgorithm::Sha256 => "SHA-256",
        }
    }

    /// How many hex digits a fingerprint of this kind has (without colons).
    pub fn hex_digits(self) -> usize {
        match self {
            FingerprintAlgorithm::Sha1 => 40,
            FingerprintAlgorithm::Sha256 => 64,
        }
    }
}

/// Upper-case hex pairs joined by colons (`AB:CD:01`), exactly as openssl prints fingerprints.
pub fn openssl_style_hex(bytes: &[u8]) -> String {
    let pairs: Vec<String> = bytes.iter().map(|byte| format!("{byte:02X}")).collect();
    pairs.join(":")
}

/// SHA-1 fingerprint of a DER certificate, in openssl's form.
pub fn sha1_fingerprint(der: &[u8]) -> String {
    openssl_style_hex(&sha1::Sha1::digest(der))
}

/// SHA-256 fingerprint of a DER certificate, in openssl's form.
pub fn sha256_fingerprint(der: &[u8]) -> String {
    openssl_style_hex(&sha2::Sha256::digest(der))
}

/// SHA-256 of a whole file's bytes (lower-case hex), so the UI can tell on the next launch
/// whether the file it remembers has changed. Not a certificate fingerprint.
pub fn file_fingerprint_of_bytes(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_uppercase_pairs_joined_by_colons() {
        assert_eq!(openssl_style_hex(&[0x0A, 0xFF, 0x00]), "0A:FF:00");
        assert_eq!(openssl_style_hex(&[]), "");
    }

    #[test]
    fn digests_have_the_lengths_knowbe4_expects() {
        let sha1 = sha1_fingerprint(b"abc");
        // SHA-1("abc") from FIPS 180-1's test vectors.
        assert_eq!(
            sha1,
            "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D"
        );
        assert_eq!(
            sha1.replace(':', "").len(),
            FingerprintAlgorithm::Sha1.hex_digits()
        );
        let sha256 = sha256_fingerprint(b"abc");
        assert!(sha256.starts_with("BA:78:16:BF"), "{sha256}");
        assert_eq!(
            sha256.replace(':', "").len(),
            FingerprintAlgorithm::Sha256.hex_digits()
        );
    }

    #[test]
    fn file_fingerprint_changes_with_the_content() {
        let a = file_fingerprint_of_bytes(b"one");
        assert_eq!(a.len(), 64);
        assert_eq!(a, file_fingerprint_of_bytes(b"one"));
        assert_ne!(a, file_fingerprint_of_bytes(b"two"));
    }
}
