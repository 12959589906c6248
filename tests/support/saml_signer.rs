//! A small SAML IdP for tests: builds a response like JumpCloud's and signs it at test time
//! (exclusive C14N, SHA-256 digest, RSA-SHA256 or ECDSA-SHA256), with keys generated now.

use std::process::Command;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kb4_setup::saml_response::c14n::{self, C14nOptions};
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

pub const ACS: &str = "https://training.knowbe4.com/auth/saml/a1b2c3d4e5f/callback";
pub const EU_ACS: &str = "https://eu.knowbe4.com/auth/saml/a1b2c3d4e5f/callback";
pub const IDP: &str = "https://sso.jumpcloud.com/saml2/knowbe4";
const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// A signing key and the certificate put in KeyInfo.
#[derive(Clone)]
pub struct TestKey {
    pub is_rsa: bool,
    pub pkcs8_der: Vec<u8>,
    pub key_pem: String,
    pub cert_der: Vec<u8>,
    pub cert_pem: String,
}

impl TestKey {
    /// A fresh RSA-2048 key (from `openssl genpkey`; ring cannot generate RSA keys) and a
    /// self-signed certificate for it (rcgen).
    pub fn rsa() -> TestKey {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.pem");
        let status = Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ])
            .arg(&path)
            .output()
            .expect("openssl must be installed to generate RSA test keys");
        assert!(
            status.status.success(),
            "openssl genpkey failed: {status:?}"
        );
        let key_pem = std::fs::read_to_string(&path).unwrap();
        let key_pair = rcgen::KeyPair::from_pem(&key_pem).unwrap();
        Self::from_key_pair(key_pair, key_pem, true)
    }

    /// A fresh ECDSA P-256 key and self-signed certificate.
    pub fn ecdsa() -> TestKey {
        let key_pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let key_pem = key_pair.serialize_pem();
        Self::from_key_pair(key_pair, key_pem, false)
    }

    fn from_key_pair(key_pair: rcgen::KeyPair, key_pem: String, is_rsa: bool) -> TestKey {
        let params = rcgen::CertificateParams::new(vec!["sso.jumpcloud.com".to_owned()]).unwrap();
        let cert = params.self_signed(&key_pair).unwrap();
        TestKey {
            is_rsa,
            pkcs8_der: key_pair.serialize_der(),
            key_pem,
            cert_der: cert.der().to_vec(),
            cert_pem: cert.pem(),
        }
    }

    /// A P-256 key derived from `label`, in a certificate signed by an Ed25519 key derived from
    /// the same label: the same certificate and fingerprints on every run (for snapshots).
    pub fn deterministic_ecdsa(label: &str) -> TestKey {
        use p256::pkcs8::EncodePrivateKey as _;
        use sha2::Digest as _;
        let scalar = sha2::Sha256::digest(format!("kb4-setup signing key: {label}").as_bytes());
        let secret = p256::SecretKey::from_slice(&scalar).unwrap();
        let pkcs8_der = secret.to_pkcs8_der().unwrap().as_bytes().to_vec();
        let key_pem = secret
            .to_pkcs8_pem(p256::pkcs8::LineEnding::LF)
            .unwrap()
            .to_string();
        let der = rustls::pki_types::PrivatePkcs8KeyDer::from(pkcs8_der.clone());
        let subject =
            rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_ECDSA_P256_SHA256)
                .unwrap();
        let cert = deterministic_certificate(label, &subject);
        TestKey {
            is_rsa: false,
            pkcs8_der,
            key_pem,
            cert_der: cert.der().to_vec(),
            cert_pem: cert.pem(),
        }
    }

    /// This key, but embedding `other`'s certificate (a forger copying the real certificate).
    pub fn embedding_cert_of(&self, other: &TestKey) -> TestKey {
        TestKey {
            cert_der: other.cert_der.clone(),
            cert_pem: other.cert_pem.clone(),
            ..self.clone()
        }
    }

    fn signature_method(&self) -> &'static str {
        if self.is_rsa {
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
        } else {
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
        }
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        if self.is_rsa {
            let key = RsaKeyPair::from_pkcs8(&self.pkcs8_der).unwrap();
            let mut out = vec![0; key.public().modulus_len()];
            key.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut out)
                .unwrap();
            out
        } else {
            // RFC 6979 deterministic ECDSA: the same response text on every run (snapshots).
            use p256::ecdsa::signature::Signer as _;
            use p256::pkcs8::DecodePrivateKey as _;
            let key = p256::ecdsa::SigningKey::from_pkcs8_der(&self.pkcs8_der).unwrap();
            let signature: p256::ecdsa::Signature = key.sign(message);
            signature.to_bytes().to_vec()
        }
    }
}

/// A certificate for `subject` like JumpCloud's, issued by an Ed25519 key derived from `label`
/// (Ed25519 signatures are deterministic, ECDSA ones are not).
fn deterministic_certificate(label: &str, subject: &rcgen::KeyPair) -> rcgen::Certificate {
    use sha2::Digest as _;
    const ED25519_PKCS8_PREFIX: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut pkcs8 = ED25519_PKCS8_PREFIX.to_vec();
    pkcs8.extend_from_slice(&sha2::Sha256::digest(format!("kb4-setup issuer: {label}")));
    let der = rustls::pki_types::PrivatePkcs8KeyDer::from(pkcs8);
    let issuer_key =
        rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_ED25519).unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    let mut name = rcgen::DistinguishedName::new();
    name.push(rcgen::DnType::CommonName, "JumpCloud");
    name.push(rcgen::DnType::OrganizationName, "JumpCloud");
    name.push(rcgen::DnType::OrganizationalUnitName, label);
    params.distinguished_name = name;
    params.not_before = time::macros::datetime!(2026-01-01 00:00 UTC);
    params.not_after = time::macros::datetime!(2031-01-01 00:00 UTC);
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x4b, 0x42, 0x34, 0x02]));
    let issuer = rcgen::Issuer::from_params(&params, &issuer_key);
    params.signed_by(subject, &issuer).unwrap()
}

/// The IdP key most tests use, generated once per test binary.
pub fn idp_key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(TestKey::rsa)
}

/// Another RSA key: "somebody else signed it".
pub fn other_key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(TestKey::rsa)
}

/// What to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    Nothing,
    Response,
    Assertion,
    Both,
}

/// The values of a response; `good` gives one KnowBe4 accepts.
#[derive(Debug, Clone)]
pub struct ResponseSpec {
    pub destination: String,
    pub recipient: String,
    pub audience: String,
    pub issuer: String,
    pub name_id: String,
    pub not_before: OffsetDateTime,
    pub not_on_or_after: OffsetDateTime,
    pub status: String,
}

impl ResponseSpec {
    pub fn good(now: OffsetDateTime) -> ResponseSpec {
        let now = now.replace_nanosecond(0).unwrap();
        ResponseSpec {
            destination: ACS.to_owned(),
            recipient: ACS.to_owned(),
            audience: "KnowBe4".to_owned(),
            issuer: IDP.to_owned(),
            name_id: "ann.lee@example.com".to_owned(),
            not_before: now - Duration::minutes(2),
            not_on_or_after: now + Duration::minutes(5),
            status: "urn:oasis:names:tc:SAML:2.0:status:Success".to_owned(),
        }
    }
}

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap()
}

/// A signature template: digest and value are placeholders filled in by `sign_element`.
pub fn signature_template(id: &str, method: &str, cert_der: &[u8]) -> String {
    format!(
        r##"<ds:Signature xmlns:ds="{DSIG}"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="{method}"/><ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>DIGEST_{id}</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>SIGNATURE_{id}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"##,
        STANDARD.encode(cert_der)
    )
}

/// The response XML with signature templates where `sign` asks for them.
pub fn response_template(spec: &ResponseSpec, sign: Sign, key: &TestKey) -> String {
    let template = |id: &str, wanted: bool| {
        if wanted {
            signature_template(id, key.signature_method(), &key.cert_der)
        } else {
            String::new()
        }
    };
    let response_signature = template("_resp1", matches!(sign, Sign::Response | Sign::Both));
    let assertion_signature = template("_assert1", matches!(sign, Sign::Assertion | Sign::Both));
    let nb = rfc3339(spec.not_before);
    let noa = rfc3339(spec.not_on_or_after);
    // Shaped like JumpCloud's responses: prefixes on the Response, xs/xsi used in attributes.
    format!(
        r#"<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Destination="{dest}" ID="_resp1" InResponseTo="_req42" IssueInstant="{nb}" Version="2.0">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">{issuer}</saml2:Issuer>{response_signature}
  <saml2p:Status><saml2p:StatusCode Value="{status}"/></saml2p:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_assert1" IssueInstant="{nb}" Version="2.0">
    <saml2:Issuer>{issuer}</saml2:Issuer>{assertion_signature}
    <saml2:Subject>
      <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</saml2:NameID>
      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml2:SubjectConfirmationData InResponseTo="_req42" NotOnOrAfter="{noa}" Recipient="{recipient}"/>
      </saml2:SubjectConfirmation>
    </saml2:Subject>
    <saml2:Conditions NotBefore="{nb}" NotOnOrAfter="{noa}">
      <saml2:AudienceRestriction><saml2:Audience>{audience}</saml2:Audience></saml2:AudienceRestriction>
    </saml2:Conditions>
    <saml2:AuthnStatement AuthnInstant="{nb}" SessionIndex="_sess7">
      <saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>
    </saml2:AuthnStatement>
    <saml2:AttributeStatement>
      <saml2:Attribute Name="email"><saml2:AttributeValue xsi:type="xs:string">{name_id}</saml2:AttributeValue></saml2:Attribute>
      <saml2:Attribute Name="groups"><saml2:AttributeValue xsi:type="xs:string">Staff &amp; Admins</saml2:AttributeValue><saml2:AttributeValue xsi:type="xs:string">All</saml2:AttributeValue></saml2:Attribute>
    </saml2:AttributeStatement>
  </saml2:Assertion>
</saml2p:Response>"#,
        dest = spec.destination,
        issuer = spec.issuer,
        status = spec.status,
        name_id = spec.name_id,
        recipient = spec.recipient,
        audience = spec.audience,
    )
}

/// A response signed as `sign` asks, with `key`.
pub fn signed_response(spec: &ResponseSpec, sign: Sign, key: &TestKey) -> String {
    let mut xml = response_template(spec, sign, key);
    // The assertion first: the response's digest covers the assertion's signature.
    if matches!(sign, Sign::Assertion | Sign::Both) {
        xml = sign_element(&xml, "_assert1", key);
    }
    if matches!(sign, Sign::Response | Sign::Both) {
        xml = sign_element(&xml, "_resp1", key);
    }
    xml
}

/// Fills in the digest and signature value of the template signature inside element `id`.
pub fn sign_element(xml: &str, id: &str, key: &TestKey) -> String {
    let digest = {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let (element, sig) = element_and_signature(&doc, id);
        let options = C14nOptions {
            with_comments: false,
            inclusive_prefixes: vec!["xs".to_owned()],
        };
        let canonical = c14n::canonicalize(element, Some(sig), &options);
        STANDARD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            canonical.as_bytes(),
        ))
    };
    let xml = xml.replace(&format!("DIGEST_{id}"), &digest);
    let value = {
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let (_, sig) = element_and_signature(&doc, id);
        let signed_info = sig.first_element_child().unwrap();
        let canonical = c14n::canonicalize(signed_info, None, &C14nOptions::default());
        STANDARD.encode(key.sign(canonical.as_bytes()))
    };
    xml.replace(&format!("SIGNATURE_{id}"), &value)
}

fn element_and_signature<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    id: &str,
) -> (roxmltree::Node<'a, 'i>, roxmltree::Node<'a, 'i>) {
    let element = doc
        .descendants()
        .find(|n| n.attribute("ID") == Some(id))
        .unwrap();
    let sig = element
        .children()
        .find(|c| c.tag_name().namespace() == Some(DSIG) && c.tag_name().name() == "Signature")
        .unwrap();
    (element, sig)
}

/// A response signed by one signature on the Response whose Reference is `URI=""`: the whole
/// document, as some IdPs and xmlsec1 sign.
pub fn whole_document_signed_response(spec: &ResponseSpec, key: &TestKey) -> String {
    let template =
        response_template(spec, Sign::Response, key).replace("URI=\"#_resp1\"", "URI=\"\"");
    sign_whole_document(&template, key)
}

/// Fills in the digest (over the whole document, less the signature) and the value of the
/// Response's template signature.
pub fn sign_whole_document(xml: &str, key: &TestKey) -> String {
    let digest = {
        let doc = roxmltree::Document::parse(xml).unwrap();
        let (_, sig) = element_and_signature(&doc, "_resp1");
        let options = C14nOptions {
            with_comments: false,
            inclusive_prefixes: vec!["xs".to_owned()],
        };
        let canonical = c14n::canonicalize(doc.root(), Some(sig), &options);
        STANDARD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            canonical.as_bytes(),
        ))
    };
    let xml = xml.replace("DIGEST__resp1", &digest);
    let value = {
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let (_, sig) = element_and_signature(&doc, "_resp1");
        let signed_info = sig.first_element_child().unwrap();
        let canonical = c14n::canonicalize(signed_info, None, &C14nOptions::default());
        STANDARD.encode(key.sign(canonical.as_bytes()))
    };
    xml.replace("SIGNATURE__resp1", &value)
}
