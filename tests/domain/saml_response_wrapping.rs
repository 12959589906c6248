//! XML signature wrapping: the classic variants (XSW1–XSW8 of "On Breaking SAML", Somorovsky et
//! al., 2012) built from responses signed at test time, each with a forged NameID where the
//! verdicts read it. A genuine signature sits somewhere in every one of them, and none may
//! vouch for the forged fields. A Response signed with `Reference URI=""` (the whole document)
//! verifies where the document is the whole input, and every wrapped form of it fails.

use kb4_setup::saml_response::{CheckKind, Expectations, Inspection, SignedParts, inspect};
use kb4_setup::verdict::Verdict;
use support::saml_signer::{
    ACS, IDP, ResponseSpec, Sign, idp_key, signed_response, whole_document_signed_response,
};
use time::OffsetDateTime;

use crate::support;

const GENUINE: &str = "ann.lee@example.com";
const FORGED: &str = "boss@evil.example";

fn expectations() -> Expectations {
    Expectations {
        acs_url: Some(ACS.to_owned()),
        idp_entity_id: Some(IDP.to_owned()),
        idp_cert_der: Some(idp_key().cert_der.clone()),
        ..Expectations::default()
    }
}

fn inspect_xml(xml: &str) -> Inspection {
    inspect(xml.as_bytes(), &expectations(), OffsetDateTime::now_utc())
        .unwrap_or_else(|e| panic!("{e}\n{xml}"))
}

fn spec() -> ResponseSpec {
    ResponseSpec::good(OffsetDateTime::now_utc())
}

/// The byte range of the first element that starts with `open` (up to its matching `close`).
fn element(xml: &str, open: &str, close: &str) -> std::ops::Range<usize> {
    let start = xml.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = xml[start..].find(close).unwrap() + start + close.len();
    start..end
}

fn signature_of(xml: &str) -> String {
    xml[element(xml, "<ds:Signature", "</ds:Signature>")].to_owned()
}

fn without_signature(xml: &str) -> String {
    let mut out = xml.to_owned();
    out.replace_range(element(xml, "<ds:Signature", "</ds:Signature>"), "");
    out
}

/// `signature` with `content` in a `ds:Object` at its end.
fn with_object(signature: &str, content: &str) -> String {
    signature.replace(
        "</ds:Signature>",
        &format!("<ds:Object>{content}</ds:Object></ds:Signature>"),
    )
}

fn forged(xml: &str) -> String {
    xml.replace(GENUINE, FORGED)
}

/// The refusal every wrapped form must get: the signature does not vouch for what is read, and
/// KnowBe4 would refuse the login.
fn assert_refused(name: &str, xml: &str) {
    let inspection = inspect_xml(xml);
    assert_ne!(
        inspection.signature_valid,
        Some(true),
        "{name}: a wrapped response verified: {}\n{xml}",
        inspection.signature_detail
    );
    assert!(!inspection.passed(), "{name}: passed");
}

/// Variants of a response whose Response is signed (`URI="#_resp1"`).
fn response_signature_variants() -> Vec<(&'static str, String)> {
    let genuine = signed_response(&spec(), Sign::Response, idp_key());
    let signature = signature_of(&genuine);
    let evil = forged(&without_signature(&genuine));
    let issuer_end = evil.find("</saml2:Issuer>").unwrap() + "</saml2:Issuer>".len();
    let insert = |root: &str, what: &str| {
        let mut out = root.to_owned();
        out.insert_str(issuer_end, what);
        out
    };
    let evil_new_id = evil.replacen("ID=\"_resp1\"", "ID=\"_evil\"", 1);
    vec![
        // XSW1: the genuine Response inside the copied signature's Object.
        (
            "XSW1",
            insert(&evil_new_id, &with_object(&signature, &genuine)),
        ),
        (
            "XSW1, same ID",
            insert(&evil, &with_object(&signature, &genuine)),
        ),
        // XSW2: the genuine Response beside the copied signature, detached.
        (
            "XSW2",
            insert(&evil_new_id, &format!("{genuine}{signature}")),
        ),
        (
            "XSW2, same ID",
            insert(&evil, &format!("{signature}{genuine}")),
        ),
        // The genuine Response in Extensions, the signature left on the forged one.
        (
            "genuine Response in Extensions",
            insert(
                &evil_new_id,
                &format!("{signature}<saml2p:Extensions>{genuine}</saml2p:Extensions>"),
            ),
        ),
    ]
}

/// Variants of a response whose Assertion is signed (`URI="#_assert1"`).
fn assertion_signature_variants() -> Vec<(&'static str, String)> {
    let genuine = signed_response(&spec(), Sign::Assertion, idp_key());
    let range = element(&genuine, "<saml2:Assertion", "</saml2:Assertion>");
    let assertion = genuine[range.clone()].to_owned();
    let signature = signature_of(&assertion);
    let stripped = without_signature(&assertion);
    let evil = forged(&stripped).replacen("ID=\"_assert1\"", "ID=\"_evil\"", 1);
    let evil_same_id = forged(&stripped);
    let issuer_end = |a: &str| a.find("</saml2:Issuer>").unwrap() + "</saml2:Issuer>".len();
    let evil_signed = |a: &str, sig: &str| {
        let mut out = a.to_owned();
        out.insert_str(issuer_end(a), sig);
        out
    };
    let with_child = |a: &str, child: &str| {
        a.replace("</saml2:Assertion>", &format!("{child}</saml2:Assertion>"))
    };
    let replace_assertion = |by: &str| {
        let mut out = genuine.clone();
        out.replace_range(range.clone(), by);
        out
    };
    let response_end = |extra: &str| {
        let mut out = genuine.clone();
        out.replace_range(range.clone(), &evil_signed(&evil, &signature));
        out.replace("</saml2p:Response>", &format!("{extra}</saml2p:Response>"))
    };
    vec![
        // XSW3: a forged Assertion before the genuine one (the first is the one read).
        ("XSW3", replace_assertion(&format!("{evil}{assertion}"))),
        (
            "XSW3, same ID",
            replace_assertion(&format!("{evil_same_id}{assertion}")),
        ),
        // XSW4: the genuine Assertion inside the forged one.
        ("XSW4", replace_assertion(&with_child(&evil, &assertion))),
        (
            "XSW4, same ID",
            replace_assertion(&with_child(&evil_same_id, &assertion)),
        ),
        // XSW5: the forged Assertion carries the copied signature; the genuine one, unsigned,
        // at the end of the Response.
        ("XSW5", response_end(&stripped)),
        // XSW6: the genuine Assertion inside the copied signature's Object.
        (
            "XSW6",
            replace_assertion(&evil_signed(&evil, &with_object(&signature, &stripped))),
        ),
        (
            "XSW6, same ID",
            replace_assertion(&evil_signed(
                &evil_same_id,
                &with_object(&signature, &stripped),
            )),
        ),
        // XSW7: the genuine Assertion in Extensions, the forged one where it was.
        (
            "XSW7",
            replace_assertion(&format!(
                "<saml2p:Extensions>{assertion}</saml2p:Extensions>{evil}"
            )),
        ),
        // XSW8: the copied signature on the forged Assertion holds the genuine one, unsigned.
        (
            "XSW8",
            replace_assertion(&evil_signed(
                &evil_same_id,
                &with_object(&signature, &stripped),
            )),
        ),
        // The signature moved onto the forged Assertion, nothing else kept.
        (
            "signature moved",
            replace_assertion(&evil_signed(&evil_same_id, &signature)),
        ),
    ]
}

/// Variants of a response signed with `URI=""`.
fn whole_document_variants() -> Vec<(&'static str, String)> {
    let genuine = whole_document_signed_response(&spec(), idp_key());
    let signature = signature_of(&genuine);
    let evil = forged(&without_signature(&genuine)).replacen("ID=\"_resp1\"", "ID=\"_evil\"", 1);
    let issuer_end = evil.find("</saml2:Issuer>").unwrap() + "</saml2:Issuer>".len();
    let insert = |root: &str, what: &str| {
        let mut out = root.to_owned();
        out.insert_str(issuer_end, what);
        out
    };
    let assertion_range = element(&evil, "<saml2:Assertion", "</saml2:Assertion>");
    let mut signature_on_assertion = evil.clone();
    let assertion = &evil[assertion_range.clone()];
    let assertion_issuer_end = assertion.find("</saml2:Issuer>").unwrap() + "</saml2:Issuer>".len();
    let mut signed_assertion = assertion.to_owned();
    signed_assertion.insert_str(assertion_issuer_end, &signature);
    signature_on_assertion.replace_range(assertion_range, &signed_assertion);
    vec![
        ("the NameID changed", forged(&genuine)),
        (
            "genuine document in the signature's Object",
            insert(&evil, &with_object(&signature, &genuine)),
        ),
        (
            "genuine document in Extensions",
            insert(
                &evil,
                &format!("{signature}<saml2p:Extensions>{genuine}</saml2p:Extensions>"),
            ),
        ),
        (
            "signature moved to the forged Assertion",
            signature_on_assertion,
        ),
        (
            "a processing instruction added",
            format!("{genuine}<?evil?>"),
        ),
    ]
}

/// The checks that fail: a response signed on the Response only fails `AssertionSigned`.
fn failed(inspection: &Inspection) -> Vec<CheckKind> {
    inspection
        .verdicts
        .iter()
        .filter(|v| v.status == Verdict::Fail)
        .map(|v| v.check)
        .collect()
}

#[test]
fn the_genuine_responses_verify() {
    for sign in [Sign::Response, Sign::Assertion] {
        let inspection = inspect_xml(&signed_response(&spec(), sign, idp_key()));
        assert_eq!(inspection.signature_valid, Some(true), "{sign:?}");
    }
    let assertion_signed = inspect_xml(&signed_response(&spec(), Sign::Assertion, idp_key()));
    assert!(assertion_signed.passed(), "{:?}", assertion_signed.verdicts);
}

#[test]
fn every_classic_wrapping_of_a_signed_response_is_refused() {
    for (name, xml) in response_signature_variants() {
        assert_refused(name, &xml);
    }
}

#[test]
fn every_classic_wrapping_of_a_signed_assertion_is_refused() {
    for (name, xml) in assertion_signature_variants() {
        let inspection = inspect_xml(&xml);
        assert_eq!(
            inspection.name_id.as_deref(),
            Some(FORGED),
            "{name}: the forged assertion is the one read"
        );
        assert_refused(name, &xml);
    }
}

#[test]
fn a_response_signed_with_an_empty_reference_verifies_as_the_whole_document() {
    let genuine = whole_document_signed_response(&spec(), idp_key());
    assert!(genuine.contains("URI=\"\""));
    let inspection = inspect_xml(&genuine);
    assert_eq!(
        inspection.signature_valid,
        Some(true),
        "{}",
        inspection.signature_detail
    );
    assert_eq!(inspection.signed_parts, SignedParts::Response);
    // As for any signature on the Response alone: KnowBe4 wants the assertion signed.
    assert_eq!(failed(&inspection), vec![CheckKind::AssertionSigned]);
    // An XML declaration, comments and whitespace outside the document element are not
    // signed content; an added processing instruction is (see the variants).
    let decorated =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- saved -->\n{genuine}\n");
    assert_eq!(inspect_xml(&decorated).signature_valid, Some(true));
}

#[test]
fn every_wrapping_of_a_whole_document_signature_is_refused() {
    for (name, xml) in whole_document_variants() {
        assert_refused(name, &xml);
    }
}

#[test]
fn two_whole_document_signatures_on_the_response_are_refused() {
    let genuine = whole_document_signed_response(&spec(), idp_key());
    let signature = signature_of(&genuine);
    let twice = genuine.replacen(&signature, &format!("{signature}{signature}"), 1);
    let inspection = inspect_xml(&twice);
    assert_eq!(inspection.signature_valid, Some(false));
    assert!(
        inspection.signature_detail.contains("2 signatures"),
        "{}",
        inspection.signature_detail
    );
}
