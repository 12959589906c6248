//! The certificate's public key and signature algorithm, in the words openssl and JumpCloud use.

use x509_parser::objects::{oid_registry, oid2sn};
use x509_parser::oid_registry::{
    OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_NIST_EC_P384, OID_NIST_EC_P521,
    OID_PKCS1_RSAENCRYPTION, OID_PKCS1_RSASSAPSS, OID_SIG_ED448, OID_SIG_ED25519,
};
use x509_parser::prelude::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use x509_parser::public_key::PublicKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyDescription {
    /// `RSA`, `ECDSA`, `Ed25519`, `Ed448`, or the OID for anything else.
    pub algorithm: String,
    pub bits: Option<u32>,
    /// `P-256`, `P-384`, `P-521` for ECDSA keys.
    pub curve: Option<String>,
}

pub(crate) fn describe_key(spki: &SubjectPublicKeyInfo<'_>) -> KeyDescription {
    let oid = &spki.algorithm.algorithm;
    if *oid == OID_PKCS1_RSAENCRYPTION || *oid == OID_PKCS1_RSASSAPSS {
        let bits = match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => modulus_bits(rsa.modulus),
            _ => None,
        };
        return KeyDescription {
            algorithm: "RSA".to_owned(),
            bits,
            curve: None,
        };
    }
    if *oid == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let (curve, bits) = curve_of(&spki.algorithm);
        return KeyDescription {
            algorithm: "ECDSA".to_owned(),
            bits,
            curve,
        };
    }
    // Bit counts as `openssl x509 -text` reports them.
    if *oid == OID_SIG_ED25519 {
        return KeyDescription {
            algorithm: "Ed25519".to_owned(),
            bits: Some(256),
            curve: None,
        };
    }
    if *oid == OID_SIG_ED448 {
        return KeyDescription {
            algorithm: "Ed448".to_owned(),
            bits: Some(456),
            curve: None,
        };
    }
    KeyDescription {
        algorithm: algorithm_name(&spki.algorithm),
        bits: None,
        curve: None,
    }
}

/// The name of a signature or key algorithm, e.g. `sha256WithRSAEncryption`.
pub(crate) fn algorithm_name(algorithm: &AlgorithmIdentifier<'_>) -> String {
    oid2sn(&algorithm.algorithm, oid_registry())
        .map(str::to_owned)
        .unwrap_or_else(|_| algorithm.algorithm.to_id_string())
}

/// Bits of an RSA modulus, ignoring DER's leading zero bytes.
fn modulus_bits(modulus: &[u8]) -> Option<u32> {
    let start = modulus.iter().position(|byte| *byte != 0)?;
    let significant = &modulus[start..];
    let leading = significant.first()?.leading_zeros();
    let bits = significant.len().checked_mul(8)? - usize::try_from(leading).ok()?;
    u32::try_from(bits).ok()
}

fn curve_of(algorithm: &AlgorithmIdentifier<'_>) -> (Option<String>, Option<u32>) {
    let Some(curve) = algorithm
        .parameters
        .as_ref()
        .and_then(|any| any.as_oid().ok())
    else {
        return (None, None);
    };
    let known = [
        (&OID_EC_P256, "P-256", 256),
        (&OID_NIST_EC_P384, "P-384", 384),
        (&OID_NIST_EC_P521, "P-521", 521),
    ];
    match known.iter().find(|(oid, _, _)| **oid == curve) {
        Some((_, name, bits)) => (Some((*name).to_owned()), Some(*bits)),
        None => (Some(curve.to_id_string()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_bits_ignore_leading_zeros() {
        let mut modulus = vec![0x00, 0x80];
        modulus.extend([0u8; 255]);
        assert_eq!(modulus_bits(&modulus), Some(2048));
        assert_eq!(modulus_bits(&[0x00, 0x01]), Some(1));
        assert_eq!(modulus_bits(&[0x00]), None);
        assert_eq!(modulus_bits(&[]), None);
    }
}
