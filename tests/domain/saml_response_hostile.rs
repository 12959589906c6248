//! Hostile input: arbitrary bytes never panic, and DTD-borne attacks are refused in every
//! input form.

use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kb4_setup::saml_response::{
    Expectations, InspectError, ParseError, decode::DecodeError, inspect,
};
use proptest::prelude::*;
use time::OffsetDateTime;

use crate::support::hostile_saml;

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>"#;

const XXE: &str = r#"<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><x>&xxe;</x></samlp:Response>"#;

const PARAMETER_ENTITY_XXE: &str =
    r#"<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><r/>"#;

fn run(input: &[u8]) -> Result<kb4_setup::saml_response::Inspection, InspectError> {
    inspect(input, &Expectations::default(), OffsetDateTime::now_utc())
}

fn deflate_base64(xml: &str) -> String {
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(xml.as_bytes()).unwrap();
    STANDARD.encode(encoder.finish().unwrap())
}

#[test]
fn dtd_attacks_are_refused_in_every_form_with_a_message() {
    for payload in [BILLION_LAUGHS, XXE, PARAMETER_ENTITY_XXE] {
        for input in [
            payload.to_owned(),
            STANDARD.encode(payload),
            deflate_base64(payload),
        ] {
            let error = run(input.as_bytes()).unwrap_err();
            assert_eq!(error, InspectError::Parse(ParseError::Dtd), "{payload}");
            let message = error.to_string();
            assert!(
                message.contains("billion laughs") && message.contains("XXE"),
                "{message}"
            );
        }
    }
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = vec![b'A'; kb4_setup::saml_response::decode::MAX_INPUT_BYTES + 1];
    assert!(matches!(
        run(&huge),
        Err(InspectError::Decode(DecodeError::TooLarge { .. }))
    ));
}

#[test]
fn an_element_with_tens_of_thousands_of_attributes_is_refused_with_a_message() {
    // The reported case: 75,000 attributes, 225 KB once deflated and base64-encoded, under
    // every size cap; the parser's duplicate check made it take seconds.
    let xml = hostile_saml::one_element_many_attributes();
    assert!(xml.matches("=\"\"").count() > 75_000);
    let error = run(deflate_base64(&xml).as_bytes()).unwrap_err();
    assert_eq!(error, InspectError::Parse(ParseError::TooManyAttributes));
    assert!(
        error.to_string().contains("more than 64 attributes"),
        "{error}"
    );
}

#[test]
fn too_many_namespace_prefixes_in_scope_are_refused_with_a_message() {
    let error = run(hostile_saml::namespaces_nested_past_the_limit().as_bytes()).unwrap_err();
    assert_eq!(error, InspectError::Parse(ParseError::TooManyNamespaces));
    assert!(error.to_string().contains("namespace prefixes"), "{error}");
}

#[test]
fn adversarial_shapes_within_the_limits_are_inspected() {
    for xml in [
        hostile_saml::many_elements_at_the_attribute_limit(),
        hostile_saml::namespaces_at_the_limit(),
        hostile_saml::long_text(),
        hostile_saml::deep_nesting(),
        hostile_saml::many_signatures(),
    ] {
        assert!(xml.len() > 900 * 1024);
        let inspection = run(deflate_base64(&xml).as_bytes()).unwrap();
        assert!(!inspection.passed());
    }
    let many = run(hostile_saml::many_saml_attributes().as_bytes()).unwrap();
    assert!(many.attributes.len() > 10_000, "{}", many.attributes.len());
}

#[test]
fn thousands_of_signatures_get_one_verdict_each_and_none_verifies() {
    let inspection = run(hostile_saml::many_signatures().as_bytes()).unwrap();
    assert!(inspection.signatures.len() > 1000);
    assert_eq!(inspection.signature_valid, Some(false));
    assert!(
        inspection
            .signature_detail
            .contains("signatures; expected one"),
        "{}",
        inspection.signature_detail
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = run(&bytes);
        let _ = run(STANDARD.encode(&bytes).as_bytes());
    }

    #[test]
    fn arbitrary_xml_like_text_never_panics(text in "(<[a-zA-Z:]{1,8}( [a-zA-Z:]{1,6}=\"[^\"<&]{0,8}\")*/?>|</[a-zA-Z:]{1,8}>|[^<&]{0,10}|<!--[a-z]{0,4}-->){0,40}") {
        let wrapped = format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"r\">{text}</samlp:Response>"
        );
        let _ = run(wrapped.as_bytes());
        let _ = run(text.as_bytes());
    }
}
