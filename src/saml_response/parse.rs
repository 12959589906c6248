//! Safe parsing of the response XML and extraction of the fields the inspector shows.
//!
//! Elements are matched by namespace URI and local name, never by prefix: IdPs pick their
//! own prefixes (`saml2p:`, `samlp:`, none at all).

use roxmltree::{Document, Node, ParsingOptions};
use serde::{Deserialize, Serialize};

use super::decode::MAX_XML_BYTES;
use super::xml_limits::{self, Excess, MAX_ATTRIBUTES_PER_ELEMENT, MAX_NAMESPACES_IN_SCOPE};

pub const NS_PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const NS_ASSERTION: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub const NS_DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Status code of a successful response.
pub const STATUS_SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// More nodes than any real response has; bounds memory on hostile input.
const MAX_NODES: u32 = 100_000;

/// Why the XML could not be read as a SAML response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(
        "The response contains a DOCTYPE (a DTD or entity declarations). SAML responses never \
         carry one: it is how entity-expansion (\"billion laughs\") and external-entity (XXE) \
         attacks are delivered, so it was refused. Capture the response again from the browser."
    )]
    Dtd,
    #[error("The response is {size} bytes of XML, more than the {limit}-byte limit.")]
    TooLarge { size: usize, limit: usize },
    #[error(
        "An element of the response has more than {limit} attributes. A SAML response has a \
         handful per element, so this is not one an IdP sent; it was not read further.",
        limit = MAX_ATTRIBUTES_PER_ELEMENT
    )]
    TooManyAttributes,
    #[error(
        "The response declares more than {limit} namespace prefixes on one path of nested \
         elements. A SAML response uses about ten, so this is not one an IdP sent; it was not \
         read further.",
        limit = MAX_NAMESPACES_IN_SCOPE
    )]
    TooManyNamespaces,
    #[error("The response is not well-formed XML ({0}). Check that the whole value was copied.")]
    Malformed(String),
    #[error(
        "The XML is a <{0}>, not a SAML <Response>. Capture the SAMLResponse that JumpCloud \
         posts to KnowBe4 (not the SAMLRequest KnowBe4 sends)."
    )]
    NotAResponse(String),
}

/// Parses `xml` with DTDs refused and a node limit.
pub fn parse_document(xml: &str) -> Result<Document<'_>, ParseError> {
    if xml.len() > MAX_XML_BYTES {
        return Err(ParseError::TooLarge {
            size: xml.len(),
            limit: MAX_XML_BYTES,
        });
    }
    // roxmltree refuses DTDs too; checking first gives one clear message for every variant.
    if contains_ignore_case(xml, "<!DOCTYPE") || contains_ignore_case(xml, "<!ENTITY") {
        return Err(ParseError::Dtd);
    }
    // Before parsing: the parser's time grows with the square of these counts.
    xml_limits::check(xml).map_err(|excess| match excess {
        Excess::Attributes => ParseError::TooManyAttributes,
        Excess::NamespacesInScope => ParseError::TooManyNamespaces,
    })?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        entity_resolver: None,
    };
    Document::parse_with_options(xml, options).map_err(|error| match error {
        roxmltree::Error::DtdDetected | roxmltree::Error::EntityReferenceLoop(_) => ParseError::Dtd,
        other => ParseError::Malformed(other.to_string()),
    })
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One SAML attribute and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlAttribute {
    pub name: String,
    pub values: Vec<String>,
}

/// The fields of a response, as text exactly as the IdP sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseFields {
    pub response_id: Option<String>,
    pub response_issuer: Option<String>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub status_code: Option<String>,
    pub status_sub_code: Option<String>,
    pub status_message: Option<String>,
    /// Assertions directly inside the Response; SAML SSO expects exactly one.
    pub assertion_count: usize,
    pub encrypted_assertion: bool,
    pub assertion: Option<AssertionFields>,
}

/// The fields of the (first) assertion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionFields {
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub recipient: Option<String>,
    pub subject_not_on_or_after: Option<String>,
    pub not_before: Option<String>,
    pub not_on_or_after: Option<String>,
    pub audiences: Vec<String>,
    pub authn_instant: Option<String>,
    pub session_index: Option<String>,
    pub authn_context_class_ref: Option<String>,
    pub attributes: Vec<SamlAttribute>,
}

/// The root Response element, or why the document is not one.
pub fn response_element<'a, 'i>(doc: &'a Document<'i>) -> Result<Node<'a, 'i>, ParseError> {
    let root = doc.root_element();
    if is(root, NS_PROTOCOL, "Response") {
        Ok(root)
    } else {
        Err(ParseError::NotAResponse(root.tag_name().name().to_owned()))
    }
}

/// The assertion the verdicts read: the first `Assertion` directly inside the Response.
/// Signature checks later prove that this very element was signed.
pub fn assertion_element<'a, 'i>(response: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    children(response, NS_ASSERTION, "Assertion").next()
}

/// Reads every field the inspector shows.
pub fn extract(response: Node<'_, '_>) -> ResponseFields {
    let status = child(response, NS_PROTOCOL, "Status");
    let status_code = status.and_then(|s| child(s, NS_PROTOCOL, "StatusCode"));
    ResponseFields {
        response_id: attr(response, "ID"),
        response_issuer: child(response, NS_ASSERTION, "Issuer").map(text_of),
        destination: attr(response, "Destination"),
        in_response_to: attr(response, "InResponseTo"),
        status_code: status_code.and_then(|c| attr(c, "Value")),
        status_sub_code: status_code
            .and_then(|c| child(c, NS_PROTOCOL, "StatusCode"))
            .and_then(|c| attr(c, "Value")),
        status_message: status
            .and_then(|s| child(s, NS_PROTOCOL, "StatusMessage"))
            .map(text_of),
        assertion_count: children(response, NS_ASSERTION, "Assertion").count(),
        encrypted_assertion: child(response, NS_ASSERTION, "EncryptedAssertion").is_some(),
        assertion: assertion_element(response).map(extract_assertion),
    }
}

fn extract_assertion(assertion: Node<'_, '_>) -> AssertionFields {
    let subject = child(assertion, NS_ASSERTION, "Subject");
    let name_id = subject.and_then(|s| child(s, NS_ASSERTION, "NameID"));
    let confirmation_data = subject
        .and_then(|s| child(s, NS_ASSERTION, "SubjectConfirmation"))
        .and_then(|c| child(c, NS_ASSERTION, "SubjectConfirmationData"));
    let conditions = child(assertion, NS_ASSERTION, "Conditions");
    let authn = child(assertion, NS_ASSERTION, "AuthnStatement");
    AssertionFields {
        id: attr(assertion, "ID"),
        issuer: child(assertion, NS_ASSERTION, "Issuer").map(text_of),
        name_id: name_id.map(text_of),
        name_id_format: name_id.and_then(|n| attr(n, "Format")),
        recipient: confirmation_data.and_then(|d| attr(d, "Recipient")),
        subject_not_on_or_after: confirmation_data.and_then(|d| attr(d, "NotOnOrAfter")),
        not_before: conditions.and_then(|c| attr(c, "NotBefore")),
        not_on_or_after: conditions.and_then(|c| attr(c, "NotOnOrAfter")),
        audiences: conditions
            .into_iter()
            .flat_map(|c| children(c, NS_ASSERTION, "AudienceRestriction"))
            .flat_map(|r| children(r, NS_ASSERTION, "Audience"))
            .map(text_of)
            .collect(),
        authn_instant: authn.and_then(|a| attr(a, "AuthnInstant")),
        session_index: authn.and_then(|a| attr(a, "SessionIndex")),
        authn_context_class_ref: authn
            .and_then(|a| child(a, NS_ASSERTION, "AuthnContext"))
            .and_then(|c| child(c, NS_ASSERTION, "AuthnContextClassRef"))
            .map(text_of),
        attributes: extract_attributes(assertion),
    }
}

fn extract_attributes(assertion: Node<'_, '_>) -> Vec<SamlAttribute> {
    children(assertion, NS_ASSERTION, "AttributeStatement")
        .flat_map(|s| children(s, NS_ASSERTION, "Attribute"))
        .map(|attribute| SamlAttribute {
            name: attr(attribute, "Name").unwrap_or_default(),
            values: children(attribute, NS_ASSERTION, "AttributeValue")
                .map(text_of)
                .collect(),
        })
        .collect()
}

/// Whether `node` is the element `{namespace}local`.
pub fn is(node: Node<'_, '_>, namespace: &str, local: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(namespace)
        && node.tag_name().name() == local
}

/// The child elements `{namespace}local` of `node`.
pub fn children<'a, 'i>(
    node: Node<'a, 'i>,
    namespace: &'static str,
    local: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| is(*c, namespace, local))
}

/// The first child element `{namespace}local` of `node`.
pub fn child<'a, 'i>(
    node: Node<'a, 'i>,
    namespace: &'static str,
    local: &'static str,
) -> Option<Node<'a, 'i>> {
    children(node, namespace, local).next()
}

fn attr(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attribute(name).map(str::to_owned)
}

/// All the text inside `node`, trimmed. Comments are skipped but the text on both sides of
/// one is kept: reading only the first text node is how "user@evil.com<!---->.example.com"
/// NameID tricks fool SAML libraries.
pub fn text_of(node: Node<'_, '_>) -> String {
    let text: String = node
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtd_and_entity_payloads_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>"#;
        assert_eq!(parse_document(laughs).unwrap_err(), ParseError::Dtd);
        let xxe = r#"<!doctype foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>"#;
        assert_eq!(parse_document(xxe).unwrap_err(), ParseError::Dtd);
        assert!(ParseError::Dtd.to_string().contains("XXE"));
    }

    #[test]
    fn undeclared_entities_and_broken_xml_are_malformed() {
        assert!(matches!(
            parse_document("<a>&xxe;</a>"),
            Err(ParseError::Malformed(_))
        ));
        assert!(matches!(
            parse_document("<a><b></a>"),
            Err(ParseError::Malformed(_))
        ));
    }

    #[test]
    fn fields_are_found_by_namespace_whatever_the_prefix() {
        let xml = r#"<p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Destination="https://d">
            <Issuer>idp</Issuer><p:Status><p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></p:Status>
            <Assertion ID="a1"><Issuer>idp2</Issuer><Subject><NameID Format="f">ann@<!-- x -->example.com</NameID>
            <SubjectConfirmation><SubjectConfirmationData Recipient="https://r" NotOnOrAfter="t2"/></SubjectConfirmation></Subject>
            <Conditions NotBefore="t0" NotOnOrAfter="t1"><AudienceRestriction><Audience>KnowBe4</Audience></AudienceRestriction></Conditions>
            <AuthnStatement AuthnInstant="t" SessionIndex="s"><AuthnContext><AuthnContextClassRef>c</AuthnContextClassRef></AuthnContext></AuthnStatement>
            <AttributeStatement><Attribute Name="email"><AttributeValue>ann@example.com</AttributeValue></Attribute></AttributeStatement>
            </Assertion></p:Response>"#;
        let doc = parse_document(xml).unwrap();
        let fields = extract(response_element(&doc).unwrap());
        assert_eq!(fields.response_issuer.as_deref(), Some("idp"));
        assert_eq!(fields.status_code.as_deref(), Some(STATUS_SUCCESS));
        let assertion = fields.assertion.unwrap();
        assert_eq!(assertion.issuer.as_deref(), Some("idp2"));
        assert_eq!(assertion.name_id.as_deref(), Some("ann@example.com"));
        assert_eq!(assertion.recipient.as_deref(), Some("https://r"));
        assert_eq!(assertion.audiences, vec!["KnowBe4".to_owned()]);
        assert_eq!(assertion.authn_context_class_ref.as_deref(), Some("c"));
        assert_eq!(
            assertion.attributes[0].values,
            vec!["ann@example.com".to_owned()]
        );
    }

    #[test]
    fn a_request_is_not_a_response() {
        let doc = parse_document(
            r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>"#,
        )
        .unwrap();
        assert_eq!(
            response_element(&doc).unwrap_err(),
            ParseError::NotAResponse("AuthnRequest".into())
        );
    }
}
