//! Adversarial SAML responses of about 1 MiB (the inspector's XML cap): the shapes whose cost
//! grows faster than their size in a naive parser or verifier. Shared by
//! tests/domain/saml_response_hostile.rs and benches/saml_inspect.rs.

use kb4_setup::saml_response::decode::MAX_XML_BYTES;
use kb4_setup::saml_response::xml_limits::{MAX_ATTRIBUTES_PER_ELEMENT, MAX_NAMESPACES_IN_SCOPE};

const OPEN: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_r" Destination="https://training.knowbe4.com/auth/saml/a1b2c3d4e5f/callback"><saml:Issuer>idp</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#;
const ASSERTION_OPEN: &str = r#"<saml:Assertion ID="_a"><saml:Issuer>idp</saml:Issuer><saml:Subject><saml:NameID>ann@example.com</saml:NameID></saml:Subject><saml:AttributeStatement>"#;
const ASSERTION_CLOSE: &str = "</saml:AttributeStatement></saml:Assertion>";
const CLOSE: &str = "</samlp:Response>";

/// Room left for the body inside the cap.
fn budget() -> usize {
    // Room is left for a signature (see `signed`).
    MAX_XML_BYTES - OPEN.len() - ASSERTION_OPEN.len() - ASSERTION_CLOSE.len() - CLOSE.len() - 4096
}

// A response whose attribute statement holds `unit` repeated (with `{i}` numbered) up to the cap.
fn filled(unit: impl Fn(usize) -> String, before_assertion: &str) -> String {
    let mut body = String::new();
    let limit = budget() - before_assertion.len();
    for i in 0.. {
        let next = unit(i);
        if next.is_empty() || body.len() + next.len() > limit {
            break;
        }
        body.push_str(&next);
    }
    format!("{OPEN}{before_assertion}{ASSERTION_OPEN}{body}{ASSERTION_CLOSE}{CLOSE}")
}

/// The reported case: one element with as many attributes as fit (75,000 and more).
pub fn one_element_many_attributes() -> String {
    let mut attributes = String::new();
    for i in 0.. {
        let next = format!(" a{i}=\"\"");
        if attributes.len() + next.len() > budget() - 40 {
            break;
        }
        attributes.push_str(&next);
    }
    filled(
        |_| String::new(),
        &format!("<samlp:Extensions{attributes}/>"),
    )
}

/// Every element as many attributes as allowed, as many elements as fit.
pub fn many_elements_at_the_attribute_limit() -> String {
    filled(
        |i| {
            let attributes: String = (0..MAX_ATTRIBUTES_PER_ELEMENT)
                .map(|k| format!(" a{k}=\"{i}\""))
                .collect();
            format!("<saml:Attribute{attributes}/>")
        },
        "",
    )
}

/// As many attributes with values as fit (elements and text: the node limit's worth).
pub fn many_saml_attributes() -> String {
    filled(
        |i| {
            format!(
                "<saml:Attribute Name=\"n{i}\"><saml:AttributeValue>v{i}</saml:AttributeValue></saml:Attribute>"
            )
        },
        "",
    )
}

/// Nested elements that each declare a new prefix and use it: one more than allowed in scope.
pub fn namespaces_nested_past_the_limit() -> String {
    let depth = MAX_NAMESPACES_IN_SCOPE + 1;
    let open: String = (0..depth)
        .map(|i| format!("<p{i}:e xmlns:p{i}=\"urn:x:{i}\">"))
        .collect();
    let close: String = (0..depth).rev().map(|i| format!("</p{i}:e>")).collect();
    filled(
        |_| String::new(),
        &format!("<samlp:Extensions>{open}{close}</samlp:Extensions>"),
    )
}

/// Nested elements declaring prefixes up to one below the limit, and under them as many small
/// elements as fit, each declaring one more: the parser copies the namespaces in scope into
/// every element that declares one, and canonicalization copies what it rendered.
pub fn namespaces_at_the_limit() -> String {
    let depth = MAX_NAMESPACES_IN_SCOPE - 4; // the Response declares three, the Assertion none
    let open: String = (0..depth)
        .map(|i| format!("<p{i}:e xmlns:p{i}=\"urn:x:{i}\">"))
        .collect();
    let close: String = (0..depth).rev().map(|i| format!("</p{i}:e>")).collect();
    let wrapper_len = open.len() + close.len() + 40;
    let mut body = String::new();
    for i in 0.. {
        let next = format!("<q:f xmlns:q=\"u{i}\"/>");
        if body.len() + next.len() + wrapper_len > budget() {
            break;
        }
        body.push_str(&next);
    }
    filled(
        |_| String::new(),
        &format!("<samlp:Extensions>{open}{body}{close}</samlp:Extensions>"),
    )
}

/// One NameID of about 1 MiB of text, with escapes and comments in it.
pub fn long_text() -> String {
    let chunk = "ann&amp;lee<!-- c -->@example.com ";
    let text = chunk.repeat(budget() / chunk.len() - 1);
    format!(
        "{OPEN}<saml:Assertion ID=\"_a\"><saml:Subject><saml:NameID>{text}</saml:NameID></saml:Subject></saml:Assertion>{CLOSE}"
    )
}

/// Deep nesting, as deep as the node limit and the size allow.
pub fn deep_nesting() -> String {
    let depth = budget() / "<saml:x></saml:x>".len();
    let depth = depth.min(90_000);
    filled(
        |_| String::new(),
        &format!("{}{}", "<saml:x>".repeat(depth), "</saml:x>".repeat(depth)),
    )
}

/// Thousands of signatures on the Response, each referencing it, with certificates: every
/// per-signature step that scanned the document made this quadratic.
pub fn many_signatures() -> String {
    let signature = |i: usize| {
        format!(
            "<ds:Signature><ds:SignedInfo><ds:Reference URI=\"#_r\"/></ds:SignedInfo><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>",
            base64_of_number(i)
        )
    };
    let mut body = String::new();
    for i in 0.. {
        let next = signature(i);
        if body.len() + next.len() > budget() {
            break;
        }
        body.push_str(&next);
    }
    format!("{OPEN}{body}{ASSERTION_OPEN}{ASSERTION_CLOSE}{CLOSE}")
}

fn base64_of_number(i: usize) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode((i as u32).to_be_bytes())
}

/// `xml` with a signature on the Response whose Reference is the whole document (`URI=""`)
/// and whose digest is wrong: the inspector canonicalizes all of it before it can tell.
pub fn signed(xml: &str) -> String {
    let prefixes: Vec<String> = (0..MAX_NAMESPACES_IN_SCOPE)
        .map(|i| format!("p{i}"))
        .collect();
    let signature = format!(
        r#"<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="{}"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>"#,
        prefixes.join(" ")
    );
    xml.replacen("</saml:Issuer>", &format!("</saml:Issuer>{signature}"), 1)
}

/// Every shape, named, for the benchmark and the tests; those the parser accepts also with a
/// signature over the whole document, so canonicalization runs over all of it.
pub fn all() -> Vec<(String, String)> {
    let as_is = [
        (
            "one element, many attributes",
            one_element_many_attributes(),
        ),
        (
            "namespaces nested past the limit",
            namespaces_nested_past_the_limit(),
        ),
        ("many signatures", many_signatures()),
    ];
    let also_signed = [
        (
            "elements at the attribute limit",
            many_elements_at_the_attribute_limit(),
        ),
        ("many SAML attributes", many_saml_attributes()),
        ("namespaces at the limit", namespaces_at_the_limit()),
        ("long text", long_text()),
        ("deep nesting", deep_nesting()),
    ];
    let mut shapes: Vec<(String, String)> = as_is
        .into_iter()
        .map(|(name, xml)| (name.to_owned(), xml))
        .collect();
    for (name, xml) in also_signed {
        shapes.push((format!("{name}, signed"), signed(&xml)));
        shapes.push((name.to_owned(), xml));
    }
    shapes
}
