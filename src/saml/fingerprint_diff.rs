//! Which bytes of a fingerprint differ from one the operator pasted, so the window can mark
//! them: operators compare fingerprints by eye with the KnowBe4 console, byte by byte.

use super::fingerprint_check::normalise_fingerprint;

/// One byte of a fingerprint as shown (`"AB"`), and whether the pasted one differs there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintByte {
    pub hex: String,
    pub differs: bool,
}

/// The bytes of `shown` (any common fingerprint form), upper-case, each marked where `pasted`
/// has another byte at the same place or none at all. Nothing is marked when `pasted` is empty,
/// is not a fingerprint, or is a fingerprint of the other length (SHA-1 beside SHA-256):
/// comparing those byte by byte would mark everything and mean nothing.
pub fn compare_bytes(shown: &str, pasted: Option<&str>) -> Vec<FingerprintByte> {
    let own = normalise_fingerprint(shown).unwrap_or_default();
    let other = pasted
        .and_then(|text| normalise_fingerprint(text).ok())
        .filter(|other| other.len() == own.len());
    byte_pairs(&own)
        .enumerate()
        .map(|(index, hex)| FingerprintByte {
            differs: other
                .as_deref()
                .is_some_and(|other| other.get(index * 2..index * 2 + 2) != Some(hex)),
            hex: hex.to_ascii_uppercase(),
        })
        .collect()
}

/// The hex digits two by two; an odd last digit stands alone.
fn byte_pairs(hex: &str) -> impl Iterator<Item = &str> {
    (0..hex.len())
        .step_by(2)
        .map(move |at| &hex[at..(at + 2).min(hex.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(bytes: &[FingerprintByte]) -> Vec<bool> {
        bytes.iter().map(|b| b.differs).collect()
    }

    #[test]
    fn every_byte_is_shown_upper_case() {
        let bytes = compare_bytes("ab:cd:0f", None);
        let hex: Vec<_> = bytes.iter().map(|b| b.hex.as_str()).collect();
        assert_eq!(hex, ["AB", "CD", "0F"]);
        assert_eq!(marks(&bytes), [false, false, false]);
    }

    #[test]
    fn only_the_differing_bytes_are_marked_whatever_the_pasted_form() {
        let bytes = compare_bytes("AB:CD:EF:01", Some("SHA1 Fingerprint=abcd ee01"));
        assert_eq!(marks(&bytes), [false, false, true, false]);
    }

    #[test]
    fn another_length_or_no_fingerprint_marks_nothing() {
        assert_eq!(
            marks(&compare_bytes("AB:CD", Some("AB:CD:EF"))),
            [false, false]
        );
        assert_eq!(
            marks(&compare_bytes("AB:CD", Some("not hex"))),
            [false, false]
        );
        assert_eq!(marks(&compare_bytes("AB:CD", Some(""))), [false, false]);
    }

    #[test]
    fn a_sha256_fingerprint_keeps_all_32_bytes() {
        let shown = (0..32)
            .map(|i| format!("{i:02X}"))
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(compare_bytes(&shown, None).len(), 32);
    }
}
