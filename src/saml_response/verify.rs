//! Cryptographic check of one XML-DSig enveloped signature over one element.
//!
//! Only what SAML IdPs use is implemented: one same-document Reference, the
//! enveloped-signature transform, exclusive C14N, SHA-1/256/384/512 digests, RSA PKCS#1 v1.5
//! and ECDSA P-256/P-384 signatures. Anything else is reported as "not verified", never as
//! valid.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::{digest, signature};
use roxmltree::Node;

use super::c14n::{self, C14nOptions, EXC_C14N, EXC_C14N_WITH_COMMENTS};
use super::keys::{KeyKind, VerifyKey};
use super::parse::{NS_DSIG, child, children, text_of};
use super::xml_limits::MAX_NAMESPACES_IN_SCOPE;

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// What checking one signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The digest matches and the trusted key made the signature.
    Valid,
    /// Checked, and wrong: the element changed, or another key signed.
    Invalid(String),
    /// Could not be checked (unsupported algorithm, no trusted key).
    NotVerified(String),
}

/// Checks `signature` (a `ds:Signature` inside `target`) against `target` and `key`.
pub fn verify_signature<'a, 'i>(
    target: Node<'a, 'i>,
    signature: Node<'a, 'i>,
    key: Result<&VerifyKey, &str>,
) -> Outcome {
    match check(target, signature, key) {
        Ok(outcome) | Err(outcome) => outcome,
    }
}

fn check<'a, 'i>(
    target: Node<'a, 'i>,
    sig: Node<'a, 'i>,
    key: Result<&VerifyKey, &str>,
) -> Result<Outcome, Outcome> {
    let signed_info =
        child(sig, NS_DSIG, "SignedInfo").ok_or_else(|| invalid("it has no SignedInfo"))?;
    let c14n_method = child(signed_info, NS_DSIG, "CanonicalizationMethod")
        .ok_or_else(|| invalid("its SignedInfo has no CanonicalizationMethod"))?;
    let signed_info_options = c14n_options(c14n_method)?;
    let method = algorithm_of(child(signed_info, NS_DSIG, "SignatureMethod"));
    let references: Vec<_> = children(signed_info, NS_DSIG, "Reference").collect();
    let [reference] = references.as_slice() else {
        return Err(invalid(&format!(
            "it has {} References; a SAML signature has exactly one",
            references.len()
        )));
    };
    check_digest(target, sig, *reference)?;
    let key = key.map_err(|reason| Outcome::NotVerified(reason.to_owned()))?;
    let signed_bytes = c14n::canonicalize(signed_info, None, &signed_info_options);
    let value = base64_of(child(sig, NS_DSIG, "SignatureValue"), "SignatureValue")?;
    check_signature_value(&method, key, signed_bytes.as_bytes(), &value)?;
    Ok(Outcome::Valid)
}

fn invalid(reason: &str) -> Outcome {
    Outcome::Invalid(format!("The signature is malformed: {reason}."))
}

fn algorithm_of(node: Option<Node<'_, '_>>) -> String {
    node.and_then(|n| n.attribute("Algorithm"))
        .unwrap_or("")
        .to_owned()
}

// The options of an exclusive C14N method element; other methods are not implemented.
fn c14n_options(method: Node<'_, '_>) -> Result<C14nOptions, Outcome> {
    let with_comments = match method.attribute("Algorithm") {
        Some(EXC_C14N) => false,
        Some(EXC_C14N_WITH_COMMENTS) => true,
        other => {
            return Err(Outcome::NotVerified(format!(
                "canonicalization method {} is not implemented (only exclusive C14N is)",
                other.unwrap_or("(none)")
            )));
        }
    };
    let mut inclusive_prefixes: Vec<String> = method
        .children()
        .find(|c| {
            c.is_element()
                && c.tag_name().namespace() == Some(EXC_C14N)
                && c.tag_name().name() == "InclusiveNamespaces"
        })
        .and_then(|n| n.attribute("PrefixList"))
        .map(|list| list.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    inclusive_prefixes.sort();
    inclusive_prefixes.dedup();
    // Every element is checked against every listed prefix: a list longer than the prefixes
    // a document may have in scope only makes canonicalization slow.
    if inclusive_prefixes.len() > MAX_NAMESPACES_IN_SCOPE {
        return Err(invalid(&format!(
            "its InclusiveNamespaces PrefixList names {} prefixes, more than the {} a response \
             may have in scope",
            inclusive_prefixes.len(),
            MAX_NAMESPACES_IN_SCOPE
        )));
    }
    Ok(C14nOptions {
        with_comments,
        inclusive_prefixes,
    })
}

// Applies the Reference's transforms to `target` and compares the digest.
fn check_digest<'a, 'i>(
    target: Node<'a, 'i>,
    sig: Node<'a, 'i>,
    reference: Node<'a, 'i>,
) -> Result<(), Outcome> {
    let transforms: Vec<_> = child(reference, NS_DSIG, "Transforms")
        .map(|t| children(t, NS_DSIG, "Transform").collect())
        .unwrap_or_default();
    let mut enveloped = false;
    let mut options = None;
    for transform in &transforms {
        match transform.attribute("Algorithm") {
            Some(ENVELOPED) if options.is_none() => enveloped = true,
            Some(EXC_C14N | EXC_C14N_WITH_COMMENTS) if options.is_none() => {
                options = Some(c14n_options(*transform)?);
            }
            other => {
                return Err(Outcome::NotVerified(format!(
                    "transform {} is not implemented",
                    other.unwrap_or("(none)")
                )));
            }
        }
    }
    let Some(mut options) = options else {
        return Err(Outcome::NotVerified(
            "the Reference uses inclusive C14N, which is not implemented".to_owned(),
        ));
    };
    // A same-document "#ID" reference selects the element without its comments (XML-DSig
    // 4.3.3.3), so comments never count towards the digest, whatever the transform says.
    options.with_comments = false;
    let excluded = enveloped.then_some(sig);
    let canonical = c14n::canonicalize(target, excluded, &options);
    let method = algorithm_of(child(reference, NS_DSIG, "DigestMethod"));
    let algorithm = digest_algorithm(&method)?;
    let expected = base64_of(child(reference, NS_DSIG, "DigestValue"), "DigestValue")?;
    let actual = digest::digest(algorithm, canonical.as_bytes());
    if actual.as_ref() != expected.as_slice() {
        return Err(Outcome::Invalid(
            "The digest does not match: the signed element was changed after it was signed."
                .to_owned(),
        ));
    }
    Ok(())
}

fn digest_algorithm(uri: &str) -> Result<&'static digest::Algorithm, Outcome> {
    match uri {
        "http://www.w3.org/2000/09/xmldsig#sha1" => Ok(&digest::SHA1_FOR_LEGACY_USE_ONLY),
        "http://www.w3.org/2001/04/xmlenc#sha256" => Ok(&digest::SHA256),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => Ok(&digest::SHA384),
        "http://www.w3.org/2001/04/xmlenc#sha512" => Ok(&digest::SHA512),
        other => Err(Outcome::NotVerified(format!(
            "digest method {other:?} is not implemented"
        ))),
    }
}

fn base64_of(node: Option<Node<'_, '_>>, what: &str) -> Result<Vec<u8>, Outcome> {
    let text = node
        .map(text_of)
        .ok_or_else(|| invalid(&format!("it has no {what}")))?;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD
        .decode(compact)
        .map_err(|_| invalid(&format!("its {what} is not base64")))
}

fn check_signature_value(
    method: &str,
    key: &VerifyKey,
    message: &[u8],
    value: &[u8],
) -> Result<(), Outcome> {
    use signature::VerificationAlgorithm as Alg;
    const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    const ECDSA_SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    let (needed, algorithm): (KeyKind, &'static dyn Alg) = match (method, key.kind) {
        ("http://www.w3.org/2000/09/xmldsig#rsa-sha1", _) => (
            KeyKind::Rsa,
            &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
        ),
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", _) => {
            (KeyKind::Rsa, &signature::RSA_PKCS1_2048_8192_SHA256)
        }
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", _) => {
            (KeyKind::Rsa, &signature::RSA_PKCS1_2048_8192_SHA384)
        }
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", _) => {
            (KeyKind::Rsa, &signature::RSA_PKCS1_2048_8192_SHA512)
        }
        (ECDSA_SHA256, KeyKind::EcP384) => (KeyKind::EcP384, &signature::ECDSA_P384_SHA256_ASN1),
        (ECDSA_SHA256, _) => (KeyKind::EcP256, &signature::ECDSA_P256_SHA256_ASN1),
        (ECDSA_SHA384, KeyKind::EcP256) => (KeyKind::EcP256, &signature::ECDSA_P256_SHA384_ASN1),
        (ECDSA_SHA384, _) => (KeyKind::EcP384, &signature::ECDSA_P384_SHA384_ASN1),
        (other, _) => {
            return Err(Outcome::NotVerified(format!(
                "signature method {other:?} is not implemented"
            )));
        }
    };
    if needed != key.kind {
        return Err(Outcome::Invalid(format!(
            "The response is signed with a {needed:?} key, but the IdP certificate holds a {:?} \
             key: another key signed it.",
            key.kind
        )));
    }
    // XML-DSig writes ECDSA signatures as r||s (RFC 4050); ring takes DER for every curve and
    // hash pairing, so convert. A value that is already DER is tried as it is too.
    let der = match needed {
        KeyKind::EcP256 => fixed_to_der(value, 32),
        KeyKind::EcP384 => fixed_to_der(value, 48),
        KeyKind::Rsa => None,
    };
    let candidates = der.iter().map(Vec::as_slice).chain(std::iter::once(value));
    let verified = candidates.into_iter().any(|candidate| {
        signature::UnparsedPublicKey::new(algorithm, &key.public_key)
            .verify(message, candidate)
            .is_ok()
    });
    if verified {
        Ok(())
    } else {
        Err(Outcome::Invalid(
            "The signature does not verify with the IdP certificate: another key signed it, or \
             the signed part was changed."
                .to_owned(),
        ))
    }
}

// r||s (each `half` bytes) as a DER SEQUENCE of two INTEGERs; `None` when the length is wrong.
fn fixed_to_der(value: &[u8], half: usize) -> Option<Vec<u8>> {
    if value.len() != 2 * half {
        return None;
    }
    let integer = |bytes: &[u8]| {
        let start = bytes
            .iter()
            .position(|b| *b != 0)
            .unwrap_or(bytes.len() - 1);
        let mut digits = bytes[start..].to_vec();
        if digits[0] & 0x80 != 0 {
            digits.insert(0, 0);
        }
        let mut out = vec![0x02, digits.len() as u8];
        out.extend(digits);
        out
    };
    let mut body = integer(&value[..half]);
    body.extend(integer(&value[half..]));
    // At most 2 * (2 + 49) = 102 bytes: the short length form always fits.
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    Some(der)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_ecdsa_values_become_der_integers() {
        let mut value = vec![0u8; 64];
        value[31] = 5; // r = 5
        value[32] = 0x80; // s has its high bit set: needs a leading zero
        let der = fixed_to_der(&value, 32).unwrap();
        assert_eq!(&der[..5], &[0x30, 3 + 35, 0x02, 1, 5]);
        assert_eq!(&der[5..8], &[0x02, 33, 0x00]);
        assert_eq!(der.len(), 2 + 3 + 35);
        assert_eq!(fixed_to_der(&value, 48), None);
    }
}
