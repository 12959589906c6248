//! Which parts of the response are signed, with which certificate, and whether it verifies.
//!
//! Signature wrapping defence: only a `ds:Signature` that is a direct child of the element
//! the verdicts read (the Response, or the one Assertion inside it) counts, and its single
//! Reference must point at that element's ID, which must be unique in the document, or be
//! `URI=""`, the whole input document. So a valid signature over a decoy element never vouches
//! for the fields shown.

use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use roxmltree::Node;
use serde::{Deserialize, Serialize};

use super::keys::{CertFingerprints, VerifyKey, fingerprints_of};
use super::parse::{NS_DSIG, child, children, is, text_of};
use super::verify::{Outcome, verify_signature};

/// What the signatures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedParts {
    None,
    Response,
    Assertion,
    Both,
}

impl std::fmt::Display for SignedParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignedParts::None => "nothing (unsigned)",
            SignedParts::Response => "the response only",
            SignedParts::Assertion => "the assertion only",
            SignedParts::Both => "the response and the assertion",
        })
    }
}

/// The element a signature sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedTarget {
    Response,
    Assertion,
}

/// The result of one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    pub target: SignedTarget,
    pub signature_method: Option<String>,
    /// `Some(true)` verified, `Some(false)` checked and wrong, `None` not verified.
    pub valid: Option<bool>,
    pub detail: String,
}

/// Everything about the response's signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureReport {
    pub signed_parts: SignedParts,
    pub checks: Vec<SignatureCheck>,
    /// `Some(true)` all signatures verify, `Some(false)` one fails or none exists,
    /// `None` not verified.
    pub valid: Option<bool>,
    pub detail: String,
}

/// The `ds:Signature` children of the Response and of the Assertion, the only ones that count.
pub fn placed_signatures<'a, 'i>(
    response: Node<'a, 'i>,
    assertion: Option<Node<'a, 'i>>,
) -> Vec<(SignedTarget, Node<'a, 'i>, Node<'a, 'i>)> {
    let mut placed: Vec<_> = children(response, NS_DSIG, "Signature")
        .map(|s| (SignedTarget::Response, response, s))
        .collect();
    if let Some(assertion) = assertion {
        placed.extend(
            children(assertion, NS_DSIG, "Signature")
                .map(|s| (SignedTarget::Assertion, assertion, s)),
        );
    }
    placed
}

/// The certificates embedded in the counted signatures' KeyInfo, as DER, first one first.
pub fn embedded_certificates<'a, 'i>(
    response: Node<'a, 'i>,
    assertion: Option<Node<'a, 'i>>,
) -> Vec<Vec<u8>> {
    let mut certificates: Vec<Vec<u8>> = Vec::new();
    let mut seen = HashSet::new();
    for (_, _, sig) in placed_signatures(response, assertion) {
        let x509 = child(sig, NS_DSIG, "KeyInfo")
            .into_iter()
            .flat_map(|k| children(k, NS_DSIG, "X509Data"))
            .flat_map(|d| children(d, NS_DSIG, "X509Certificate"));
        for node in x509 {
            let compact: String = text_of(node)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if let Ok(der) = STANDARD.decode(compact)
                && seen.insert(der.clone())
            {
                certificates.push(der);
            }
        }
    }
    certificates
}

/// Fingerprints of the embedded certificates.
pub fn embedded_fingerprints(certificates: &[Vec<u8>]) -> Vec<CertFingerprints> {
    certificates
        .iter()
        .map(|der| fingerprints_of(der))
        .collect()
}

/// Checks every counted signature with `key` (`Err` says why there is no trusted key).
pub fn examine<'a, 'i>(
    response: Node<'a, 'i>,
    assertion: Option<Node<'a, 'i>>,
    key: Result<&VerifyKey, &str>,
) -> SignatureReport {
    let placed = placed_signatures(response, assertion);
    let mut checks = Vec::new();
    let (mut response_signed, mut assertion_signed) = (false, false);
    let mut id_uses = None;
    let response_signatures = placed_count(&placed, SignedTarget::Response);
    let assertion_signatures = placed_count(&placed, SignedTarget::Assertion);
    for (target, element, sig) in &placed {
        let siblings = match target {
            SignedTarget::Response => response_signatures,
            SignedTarget::Assertion => assertion_signatures,
        };
        let (covered, outcome) = check_placement(*element, *sig, siblings, &mut id_uses);
        let references_parent = covered.is_some();
        let outcome = match (outcome, covered) {
            (Some(outcome), _) => outcome,
            (None, Some(covered)) => verify_signature(covered, *sig, key),
            (None, None) => Outcome::Invalid("The signature covers nothing.".to_owned()),
        };
        if references_parent {
            match target {
                SignedTarget::Response => response_signed = true,
                SignedTarget::Assertion => assertion_signed = true,
            }
        }
        checks.push(to_check(*target, *sig, outcome));
    }
    let signed_parts = match (response_signed, assertion_signed) {
        (true, true) => SignedParts::Both,
        (true, false) => SignedParts::Response,
        (false, true) => SignedParts::Assertion,
        (false, false) => SignedParts::None,
    };
    let (valid, mut detail) = overall(&checks);
    let stray = response
        .descendants()
        .filter(|n| is(*n, NS_DSIG, "Signature"))
        .count()
        .saturating_sub(placed.len());
    if stray > 0 {
        detail.push_str(&format!(
            " {stray} other Signature element(s) elsewhere in the document were ignored: they \
             do not cover what KnowBe4 reads."
        ));
    }
    SignatureReport {
        signed_parts,
        checks,
        valid,
        detail,
    }
}

fn placed_count(
    placed: &[(SignedTarget, Node<'_, '_>, Node<'_, '_>)],
    target: SignedTarget,
) -> usize {
    placed.iter().filter(|(t, _, _)| *t == target).count()
}

/// ID value → how many elements carry it (as `ID`, `Id` or `id`).
type IdUses<'i> = HashMap<&'i str, usize>;

// Counted once per document, and only when a signature needs it.
fn id_uses<'a, 'i>(document: &'a roxmltree::Document<'i>) -> IdUses<'a> {
    let mut uses = HashMap::new();
    for node in document.descendants().filter(|n| n.is_element()) {
        for name in ["ID", "Id", "id"] {
            if let Some(value) = node.attribute(name) {
                *uses.entry(value).or_insert(0) += 1;
            }
        }
    }
    uses
}

// What the signature's Reference covers when it covers the element it sits in (the element,
// or the whole document for `URI=""`), and an outcome when the placement alone already makes
// it invalid (wrapping, duplicate IDs, two signatures).
fn check_placement<'a, 'i>(
    element: Node<'a, 'i>,
    sig: Node<'a, 'i>,
    siblings: usize,
    id_uses_cache: &mut Option<IdUses<'a>>,
) -> (Option<Node<'a, 'i>>, Option<Outcome>) {
    let name = element.tag_name().name();
    let uris: Vec<&str> = child(sig, NS_DSIG, "SignedInfo")
        .into_iter()
        .flat_map(|s| children(s, NS_DSIG, "Reference"))
        .map(|r| r.attribute("URI").unwrap_or(""))
        .collect();
    let two = || {
        Some(Outcome::Invalid(format!(
            "The <{name}> carries {siblings} signatures; expected one."
        )))
    };
    // `URI=""` signs the whole document the signature is in, which here is the whole input:
    // the digest then covers everything read, wherever it sits, so nothing can be wrapped.
    if uris == [""] {
        let document = element.document().root();
        return (Some(document), (siblings > 1).then(two).flatten());
    }
    let Some(id) = element.attribute("ID") else {
        return (
            None,
            Some(Outcome::Invalid(format!(
                "The <{name}> has no ID, so nothing can reference it."
            ))),
        );
    };
    let references_parent = uris.len() == 1 && uris[0].strip_prefix('#') == Some(id);
    if !references_parent {
        let wrapped = Outcome::Invalid(format!(
            "The signature inside <{name}> references {uris:?}, not the <{name}> it sits in \
             (ID {id:?}): this is how signature-wrapping attacks look."
        ));
        return (None, Some(wrapped));
    }
    let uses = id_uses_cache
        .get_or_insert_with(|| id_uses(element.document()))
        .get(id)
        .copied()
        .unwrap_or(0);
    if uses != 1 {
        let duplicate = Outcome::Invalid(format!(
            "The ID {id:?} is used by {uses} elements, so the signature could cover a different \
             one than the one read (signature wrapping)."
        ));
        return (Some(element), Some(duplicate));
    }
    if siblings > 1 {
        return (Some(element), two());
    }
    (Some(element), None)
}

fn to_check(target: SignedTarget, sig: Node<'_, '_>, outcome: Outcome) -> SignatureCheck {
    let signature_method = child(sig, NS_DSIG, "SignedInfo")
        .and_then(|s| child(s, NS_DSIG, "SignatureMethod"))
        .and_then(|m| m.attribute("Algorithm"))
        .map(str::to_owned);
    let (valid, detail) = match outcome {
        Outcome::Valid => (Some(true), "verified with the IdP certificate".to_owned()),
        Outcome::Invalid(reason) => (Some(false), reason),
        Outcome::NotVerified(reason) => (None, format!("not verified: {reason}")),
    };
    SignatureCheck {
        target,
        signature_method,
        valid,
        detail,
    }
}

fn overall(checks: &[SignatureCheck]) -> (Option<bool>, String) {
    if checks.is_empty() {
        return (Some(false), "The response carries no signature.".to_owned());
    }
    let describe = |c: &SignatureCheck| format!("{:?} signature: {}", c.target, c.detail);
    if let Some(failed) = checks.iter().find(|c| c.valid == Some(false)) {
        return (Some(false), describe(failed));
    }
    if let Some(unverified) = checks.iter().find(|c| c.valid.is_none()) {
        return (None, describe(unverified));
    }
    let all: Vec<String> = checks.iter().map(describe).collect();
    (Some(true), all.join("; "))
}
