//! Does the fingerprint KnowBe4 has now match the loaded certificate?
//!
//! Used after JumpCloud rotates its IdP certificate, or when SSO fails with a fingerprint
//! error. Operators paste the fingerprint in whatever form they have: with or without colons,
//! any case, spaces, or the `SHA1 Fingerprint=` prefix openssl prints.

use serde::{Deserialize, Serialize};

use crate::certificate::{CertificateInfo, FingerprintAlgorithm};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FingerprintMatch {
    MatchesSha1,
    MatchesSha256,
    /// A well-formed fingerprint of the kind its length says, for another certificate.
    NoMatch {
        looked_like: FingerprintAlgorithm,
    },
    NotAFingerprint(String),
}

impl FingerprintMatch {
    pub fn is_match(&self) -> bool {
        matches!(
            self,
            FingerprintMatch::MatchesSha1 | FingerprintMatch::MatchesSha256
        )
    }

    /// The sentence the UI shows under the fingerprint field.
    pub fn message(&self) -> String {
        match self {
            FingerprintMatch::MatchesSha1 => "It matches the certificate's SHA-1 fingerprint. \
                KnowBe4's selector must be set to SHA-1."
                .to_owned(),
            FingerprintMatch::MatchesSha256 => "It matches the certificate's SHA-256 fingerprint. \
                KnowBe4's selector must be set to SHA-256."
                .to_owned(),
            FingerprintMatch::NoMatch { looked_like } => format!(
                "This {} fingerprint does NOT match the loaded certificate. If JumpCloud rotated \
                 its IdP certificate, download the new certificate.pem and paste its fingerprint \
                 into KnowBe4's IdP Cert Fingerprint field, or SSO will fail.",
                looked_like.selector_label()
            ),
            FingerprintMatch::NotAFingerprint(reason) => {
                format!("This is not a fingerprint: {reason}")
            }
        }
    }
}

/// Compares a pasted fingerprint with the certificate's SHA-1 and SHA-256 fingerprints.
pub fn check_fingerprint(pasted: &str, certificate: &CertificateInfo) -> FingerprintMatch {
    let hex = match normalise_fingerprint(pasted) {
        Ok(hex) => hex,
        Err(reason) => return FingerprintMatch::NotAFingerprint(reason),
    };
    let kind = match hex.len() {
        40 => FingerprintAlgorithm::Sha1,
        64 => FingerprintAlgorithm::Sha256,
        32 => {
            return FingerprintMatch::NotAFingerprint(
                "32 hex digits is an MD5 fingerprint; KnowBe4 accepts only SHA-1 (40 digits) or \
                 SHA-256 (64 digits)."
                    .to_owned(),
            );
        }
        other => {
            return FingerprintMatch::NotAFingerprint(format!(
                "it has {other} hex digits; a SHA-1 fingerprint has 40 and a SHA-256 one has 64."
            ));
        }
    };
    let expected = match kind {
        FingerprintAlgorithm::Sha1 => &certificate.sha1,
        FingerprintAlgorithm::Sha256 => &certificate.sha256,
    };
    let matches = normalise_fingerprint(expected).is_ok_and(|own| own == hex);
    match (matches, kind) {
        (true, FingerprintAlgorithm::Sha1) => FingerprintMatch::MatchesSha1,
        (true, FingerprintAlgorithm::Sha256) => FingerprintMatch::MatchesSha256,
        (false, looked_like) => FingerprintMatch::NoMatch { looked_like },
    }
}

/// Reduces any common form of a fingerprint to lowercase hex digits without separators.
pub fn normalise_fingerprint(input: &str) -> Result<String, String> {
    let body = strip_prefix(input.trim());
    let mut hex = String::with_capacity(body.len());
    for (index, c) in body.chars().enumerate() {
        if c.is_ascii_hexdigit() {
            hex.push(c.to_ascii_lowercase());
        } else if !(c == ':' || c == '-' || c.is_whitespace()) {
            return Err(format!(
                "character {} is {}, which is not a hex digit (0-9, A-F).",
                index + 1,
                super::saml_id::describe_char(c)
            ));
        }
    }
    if hex.is_empty() {
        return Err(
            "it is empty. Paste the fingerprint shown in KnowBe4's SAML section.".to_owned(),
        );
    }
    Ok(hex)
}

/// The sentence to show when a pasted fingerprint starts with a prefix such as openssl's
/// `SHA1 Fingerprint=`, which [`normalise_fingerprint`] removes before comparing. KnowBe4's
/// field must get the hex pairs only: a SAML library that strips only separators keeps the
/// prefix's letters, and the fingerprint then cannot match.
pub fn prefix_note(pasted: &str) -> Option<String> {
    let trimmed = pasted.trim();
    let body = strip_prefix(trimmed);
    if body.len() == trimmed.len() {
        return None;
    }
    let prefix = trimmed[..trimmed.len() - body.len()].trim();
    Some(format!(
        "Removed the prefix '{prefix}' before comparing. Paste only the hex pairs into KnowBe4: \
         if this prefix is in KnowBe4's IdP Cert Fingerprint field, remove it there too, or the \
         fingerprint may not match."
    ))
}

/// Removes `SHA1 Fingerprint=`, `sha256 Fingerprint=`, `SHA-256 fingerprint:` and the like.
fn strip_prefix(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    let Some(at) = lower.find("fingerprint") else {
        return text;
    };
    let before = lower[..at].trim();
    let prefix_ok = before.is_empty()
        || matches!(
            before,
            "sha1" | "sha-1" | "sha256" | "sha-256" | "sha 1" | "sha 256"
        );
    if !prefix_ok {
        return text;
    }
    let rest = &text[at + "fingerprint".len()..];
    let rest = rest.trim_start();
    rest.strip_prefix(['=', ':']).unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1: &str = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01";
    const SHA256: &str = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:\
                          00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    fn info() -> CertificateInfo {
        CertificateInfo::for_fingerprint_tests(SHA1, SHA256)
    }

    #[test]
    fn a_removed_prefix_is_named() {
        let note = prefix_note(&format!("SHA1 Fingerprint={SHA1}")).unwrap_or_default();
        assert!(note.contains("'SHA1 Fingerprint='"), "{note}");
        let note = prefix_note(&format!(" SHA256 Fingerprint={SHA256}")).unwrap_or_default();
        assert!(note.contains("'SHA256 Fingerprint='"), "{note}");
        assert_eq!(prefix_note(SHA1), None);
        assert_eq!(prefix_note("  "), None);
    }

    #[test]
    fn every_common_form_of_the_sha1_matches() {
        for pasted in [
            SHA1,
            "SHA1 Fingerprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
            "sha1 Fingerprint=abcdef0123456789abcdef0123456789abcdef01",
            "abcdef0123456789ABCDEF0123456789abcdef01",
            "  ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 \n",
            "SHA-1 fingerprint: AB-CD-EF-01-23-45-67-89-AB-CD-EF-01-23-45-67-89-AB-CD-EF-01",
        ] {
            assert_eq!(
                check_fingerprint(pasted, &info()),
                FingerprintMatch::MatchesSha1,
                "{pasted}"
            );
        }
    }

    #[test]
    fn the_sha256_matches_with_its_prefixes() {
        let bare: String = SHA256.replace(':', "");
        for pasted in [
            SHA256.to_owned(),
            format!("SHA256 Fingerprint={SHA256}"),
            format!("sha256 Fingerprint={}", SHA256.to_lowercase()),
            bare,
        ] {
            let result = check_fingerprint(&pasted, &info());
            assert_eq!(result, FingerprintMatch::MatchesSha256, "{pasted}");
            assert!(result.is_match());
        }
    }

    #[test]
    fn a_different_fingerprint_says_which_kind_it_looked_like() {
        let other_sha1 = "00".repeat(20);
        assert_eq!(
            check_fingerprint(&other_sha1, &info()),
            FingerprintMatch::NoMatch {
                looked_like: FingerprintAlgorithm::Sha1
            }
        );
        let other_sha256 = "ff".repeat(32);
        let result = check_fingerprint(&other_sha256, &info());
        assert_eq!(
            result,
            FingerprintMatch::NoMatch {
                looked_like: FingerprintAlgorithm::Sha256
            }
        );
        assert!(result.message().contains("SHA-256"), "{}", result.message());
    }

    #[test]
    fn non_fingerprints_get_a_reason() {
        let cases = [
            ("", "empty"),
            ("SHA1 Fingerprint=", "empty"),
            ("xyz", "'x'"),
            (&"ab".repeat(16), "MD5"),
            ("abc", "3 hex digits"),
        ];
        for (pasted, expected) in cases {
            match check_fingerprint(pasted, &info()) {
                FingerprintMatch::NotAFingerprint(reason) => {
                    assert!(reason.contains(expected), "{pasted:?}: {reason}")
                }
                other => panic!("{pasted:?} gave {other:?}"),
            }
        }
    }
}
