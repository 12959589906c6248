//! The inspector on responses signed at test time: each scenario an operator meets.

use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kb4_setup::saml_response::{
    CheckKind, Expectations, InputForm, Inspection, SignedParts, inspect,
};
use kb4_setup::verdict::Verdict;
use support::saml_signer::{
    ACS, EU_ACS, IDP, ResponseSpec, Sign, TestKey, idp_key, other_key, response_template,
    signed_response,
};
use time::{Duration, OffsetDateTime};

use crate::support;

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn expectations() -> Expectations {
    Expectations {
        acs_url: Some(ACS.to_owned()),
        idp_entity_id: Some(IDP.to_owned()),
        idp_cert_der: Some(idp_key().cert_der.clone()),
        ..Expectations::default()
    }
}

fn inspect_xml(xml: &str) -> Inspection {
    inspect(STANDARD.encode(xml).as_bytes(), &expectations(), now()).unwrap()
}

fn status_of(inspection: &Inspection, check: CheckKind) -> Verdict {
    let verdict = inspection
        .verdicts
        .iter()
        .find(|v| v.check == check)
        .unwrap();
    verdict.status
}

fn message_of(inspection: &Inspection, check: CheckKind) -> String {
    let verdict = inspection
        .verdicts
        .iter()
        .find(|v| v.check == check)
        .unwrap();
    format!("{} / fix: {:?}", verdict.message, verdict.fix)
}

fn failed(inspection: &Inspection) -> Vec<CheckKind> {
    inspection
        .verdicts
        .iter()
        .filter(|v| v.status == Verdict::Fail)
        .map(|v| v.check)
        .collect()
}

#[test]
fn a_good_response_passes_every_verdict() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Both, idp_key());
    let inspection = inspect_xml(&xml);
    assert_eq!(failed(&inspection), vec![], "{inspection:#?}");
    assert!(inspection.passed());
    assert_eq!(inspection.input_form, InputForm::Base64);
    assert_eq!(inspection.signed_parts, SignedParts::Both);
    assert_eq!(inspection.signature_valid, Some(true));
    assert_eq!(inspection.fingerprint_matches, Some(true));
    assert_eq!(inspection.name_id.as_deref(), Some("ann.lee@example.com"));
    assert_eq!(inspection.audience.as_deref(), Some("KnowBe4"));
    assert_eq!(inspection.destination.as_deref(), Some(ACS));
    assert_eq!(inspection.issuer.as_deref(), Some(IDP));
    let groups = inspection
        .attributes
        .iter()
        .find(|a| a.name == "groups")
        .unwrap();
    assert_eq!(
        groups.values,
        vec!["Staff & Admins".to_owned(), "All".to_owned()]
    );
    assert!(
        inspection
            .verdicts
            .iter()
            .all(|v| v.status == Verdict::Pass)
    );
}

#[test]
fn an_ecdsa_signed_response_verifies() {
    let key = TestKey::ecdsa();
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Assertion, &key);
    let expectations = Expectations {
        idp_cert_der: Some(key.cert_der.clone()),
        ..expectations()
    };
    let inspection = inspect(xml.as_bytes(), &expectations, now()).unwrap();
    assert_eq!(inspection.input_form, InputForm::RawXml);
    assert_eq!(inspection.signature_valid, Some(true), "{inspection:#?}");
}

#[test]
fn signed_by_another_key_fails_signature_and_fingerprint() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Both, other_key());
    let inspection = inspect_xml(&xml);
    assert_eq!(inspection.signature_valid, Some(false));
    assert_eq!(inspection.fingerprint_matches, Some(false));
    assert_eq!(
        failed(&inspection),
        vec![CheckKind::Fingerprint, CheckKind::Signature]
    );
    assert!(message_of(&inspection, CheckKind::Signature).contains("another key"));
}

#[test]
fn an_assertion_altered_after_signing_fails_the_digest() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Assertion, idp_key());
    let altered = xml.replacen(
        ">ann.lee@example.com</saml2:NameID>",
        ">boss@example.com</saml2:NameID>",
        1,
    );
    assert_ne!(altered, xml);
    let inspection = inspect_xml(&altered);
    assert_eq!(inspection.name_id.as_deref(), Some("boss@example.com"));
    assert_eq!(inspection.signature_valid, Some(false));
    assert_eq!(inspection.fingerprint_matches, Some(true));
    assert!(message_of(&inspection, CheckKind::Signature).contains("changed after it was signed"));
    // Even without a trusted key, a broken digest is proof of tampering.
    let no_key = Expectations::default();
    let inspection = inspect(altered.as_bytes(), &no_key, now()).unwrap();
    assert_eq!(inspection.signature_valid, Some(false));
}

#[test]
fn another_key_with_the_expected_certificate_embedded_matches_fingerprint_but_fails_signature() {
    let forger = other_key().embedding_cert_of(idp_key());
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Both, &forger);
    let inspection = inspect_xml(&xml);
    assert_eq!(inspection.fingerprint_matches, Some(true));
    assert_eq!(inspection.signature_valid, Some(false));
    assert_eq!(failed(&inspection), vec![CheckKind::Signature]);
    // Trusting through the configured fingerprint (as KnowBe4 does) still catches it.
    let by_fingerprint = Expectations {
        idp_cert_der: None,
        configured_fingerprint: inspection.embedded_cert_sha1.clone(),
        ..expectations()
    };
    let inspection = inspect(xml.as_bytes(), &by_fingerprint, now()).unwrap();
    assert_eq!(inspection.fingerprint_matches, Some(true));
    assert_eq!(inspection.signature_valid, Some(false));
}

#[test]
fn a_good_response_verifies_through_the_configured_fingerprint_alone() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Assertion, idp_key());
    let sha256 = kb4_setup::saml_response::keys::fingerprints_of(&idp_key().cert_der).sha256;
    let by_fingerprint = Expectations {
        idp_cert_der: None,
        configured_fingerprint: Some(sha256.to_lowercase().replace(':', "")),
        ..expectations()
    };
    let inspection = inspect(xml.as_bytes(), &by_fingerprint, now()).unwrap();
    assert_eq!(inspection.signature_valid, Some(true));
    assert!(inspection.passed(), "{inspection:#?}");
}

#[test]
fn wrong_audience_fails_only_the_audience() {
    let spec = ResponseSpec {
        audience: "https://training.knowbe4.com".to_owned(),
        ..ResponseSpec::good(now())
    };
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::Audience]);
    assert!(message_of(&inspection, CheckKind::Audience).contains("KnowBe4"));
}

#[test]
fn wrong_destination_on_the_eu_host_names_the_region() {
    let spec = ResponseSpec {
        destination: EU_ACS.to_owned(),
        recipient: EU_ACS.to_owned(),
        ..ResponseSpec::good(now())
    };
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(
        failed(&inspection),
        vec![CheckKind::Destination, CheckKind::Recipient]
    );
    let message = message_of(&inspection, CheckKind::Destination);
    assert!(
        message.contains("European Union") && message.contains("United States"),
        "{message}"
    );
    assert!(
        message.contains(ACS),
        "the fix names the right URL: {message}"
    );
}

#[test]
fn a_trailing_slash_on_the_recipient_is_named() {
    let spec = ResponseSpec {
        recipient: format!("{ACS}/"),
        ..ResponseSpec::good(now())
    };
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::Recipient]);
    assert!(message_of(&inspection, CheckKind::Recipient).contains("trailing slash"));
}

#[test]
fn an_expired_response_explains_the_minutes() {
    let mut spec = ResponseSpec::good(now() - Duration::minutes(40));
    spec.not_on_or_after = spec.not_before + Duration::minutes(7);
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::TimeWindow]);
    let message = message_of(&inspection, CheckKind::TimeWindow);
    assert!(
        message.contains("expired") && message.contains("minutes ago"),
        "{message}"
    );
}

#[test]
fn a_not_yet_valid_response_explains_clock_skew() {
    let mut spec = ResponseSpec::good(now());
    spec.not_before = now() + Duration::minutes(10);
    spec.not_on_or_after = now() + Duration::minutes(20);
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::TimeWindow]);
    let message = message_of(&inspection, CheckKind::TimeWindow);
    assert!(
        message.contains("clock") && message.contains("minutes"),
        "{message}"
    );
}

#[test]
fn a_name_id_that_is_not_an_email_fails() {
    let spec = ResponseSpec {
        name_id: "annlee".to_owned(),
        ..ResponseSpec::good(now())
    };
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::NameIdEmail]);
}

#[test]
fn a_refused_status_fails_status() {
    let spec = ResponseSpec {
        status: "urn:oasis:names:tc:SAML:2.0:status:Responder".to_owned(),
        ..ResponseSpec::good(now())
    };
    let inspection = inspect_xml(&signed_response(&spec, Sign::Both, idp_key()));
    assert_eq!(failed(&inspection), vec![CheckKind::Status]);
}

#[test]
fn only_the_response_signed_verifies_but_the_assertion_is_not_signed() {
    let inspection = inspect_xml(&signed_response(
        &ResponseSpec::good(now()),
        Sign::Response,
        idp_key(),
    ));
    assert_eq!(inspection.signed_parts, SignedParts::Response);
    assert_eq!(inspection.signature_valid, Some(true));
    assert_eq!(failed(&inspection), vec![CheckKind::AssertionSigned]);
}

#[test]
fn an_unsigned_response_fails_signature() {
    let inspection = inspect_xml(&signed_response(
        &ResponseSpec::good(now()),
        Sign::Nothing,
        idp_key(),
    ));
    assert_eq!(inspection.signed_parts, SignedParts::None);
    assert_eq!(inspection.signature_valid, Some(false));
    assert_eq!(inspection.embedded_cert_sha1, None);
    assert_eq!(
        failed(&inspection),
        vec![
            CheckKind::Fingerprint,
            CheckKind::Signature,
            CheckKind::AssertionSigned
        ]
    );
}

#[test]
fn without_expectations_verdicts_are_skipped_and_the_signature_is_not_verified() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Both, idp_key());
    let inspection = inspect(xml.as_bytes(), &Expectations::default(), now()).unwrap();
    assert_eq!(inspection.signature_valid, None);
    for check in [
        CheckKind::Destination,
        CheckKind::Recipient,
        CheckKind::Issuer,
        CheckKind::Fingerprint,
        CheckKind::Signature,
    ] {
        assert_eq!(status_of(&inspection, check), Verdict::Skip, "{check:?}");
    }
    assert!(message_of(&inspection, CheckKind::Signature).contains("not verified"));
    assert!(inspection.passed());
}

#[test]
fn the_deflated_and_url_encoded_forms_are_detected() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Both, idp_key());
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(xml.as_bytes()).unwrap();
    let deflated = STANDARD.encode(encoder.finish().unwrap());
    let inspection = inspect(deflated.as_bytes(), &expectations(), now()).unwrap();
    assert_eq!(inspection.input_form, InputForm::DeflatedBase64);
    assert!(inspection.passed());

    let url_encoded = STANDARD
        .encode(&xml)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let input = format!("SAMLResponse={url_encoded}&RelayState=%2Fui");
    let inspection = inspect(input.as_bytes(), &expectations(), now()).unwrap();
    assert_eq!(inspection.input_form, InputForm::UrlEncodedBase64);
    assert_eq!(inspection.signature_valid, Some(true));
}

#[test]
fn signature_wrapping_with_a_decoy_assertion_is_not_trusted() {
    let xml = signed_response(&ResponseSpec::good(now()), Sign::Assertion, idp_key());
    let start = xml.find("<saml2:Assertion").unwrap();
    let end = xml.find("</saml2:Assertion>").unwrap() + "</saml2:Assertion>".len();
    let signed = &xml[start..end];
    // A forged assertion with the same ID placed first, the signed one kept after it.
    let forged = signed.replace("ann.lee@example.com", "boss@example.com");
    let wrapped = format!("{}{}{}", &xml[..start], forged, &xml[start..]);
    let inspection = inspect_xml(&wrapped);
    assert_eq!(inspection.name_id.as_deref(), Some("boss@example.com"));
    assert_eq!(inspection.signature_valid, Some(false), "{inspection:#?}");
    // The forged one without a signature, the signed one hidden in an Extensions element.
    let sig_start = forged.find("<ds:Signature").unwrap();
    let sig_end = forged.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let unsigned_forged = format!("{}{}", &forged[..sig_start], &forged[sig_end..]);
    let hidden = format!(
        "{}<saml2p:Extensions>{signed}</saml2p:Extensions>{unsigned_forged}{}",
        &xml[..start],
        &xml[end..]
    );
    let inspection = inspect_xml(&hidden);
    assert_eq!(inspection.name_id.as_deref(), Some("boss@example.com"));
    assert_eq!(inspection.signed_parts, SignedParts::None);
    assert_eq!(inspection.signature_valid, Some(false));
}

#[test]
fn a_comment_inside_the_name_id_does_not_truncate_it() {
    let spec = ResponseSpec {
        name_id: "boss@example.com<!---->.evil.test".to_owned(),
        ..ResponseSpec::good(now())
    };
    let xml = signed_response(&spec, Sign::Assertion, idp_key());
    let inspection = inspect_xml(&xml);
    assert_eq!(
        inspection.name_id.as_deref(),
        Some("boss@example.com.evil.test")
    );
    assert_eq!(inspection.signature_valid, Some(true));
}

#[test]
fn an_unsupported_algorithm_is_not_verified_never_valid() {
    let xml = response_template(&ResponseSpec::good(now()), Sign::Assertion, idp_key()).replace(
        "http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
        "http://www.w3.org/2006/12/xml-c14n11\"/>",
    );
    let inspection = inspect_xml(&xml);
    assert_eq!(inspection.signature_valid, None);
    assert_eq!(status_of(&inspection, CheckKind::Signature), Verdict::Skip);
}
