//! Offline SAML response inspector: reads a captured SAMLResponse, shows what is in it, checks
//! its XML signature, and says whether it matches what the setup expects, check by check.
//!
//! Everything runs locally: the response (a live identity assertion) never leaves the
//! machine. `inspect` is pure and `Send`-friendly, so the UI can run it on a worker thread.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::verdict::Verdict;

pub mod acs_check;
pub mod c14n;
pub mod decode;
pub mod keys;
pub mod parse;
pub mod signature;
mod time_check;
pub mod verdicts;
mod verify;
pub mod xml_limits;

pub use decode::{DecodeError, InputForm};
pub use parse::{ParseError, SamlAttribute};
pub use signature::{SignatureCheck, SignedParts};
pub use verdicts::{CheckKind, InspectionVerdict};

use keys::{CertFingerprints, VerifyKey, fingerprint_matches, fingerprints_of, verify_key_of};

/// The default SP entity ID of a KnowBe4 account.
pub const DEFAULT_ENTITY_ID: &str = "KnowBe4";

/// What the setup says the response should contain. Unknown values are `None`, and the
/// verdicts that need them are skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectations {
    /// The ACS URL computed from the region and SAML ID.
    pub acs_url: Option<String>,
    /// The SP entity ID: `KnowBe4`, or the unique one generated in KnowBe4.
    pub entity_id: String,
    /// JumpCloud's IdP entity ID, if the operator entered it.
    pub idp_entity_id: Option<String>,
    /// The loaded IdP certificate (DER); signatures are verified with its key.
    pub idp_cert_der: Option<Vec<u8>>,
    /// The fingerprint KnowBe4 is configured with (SHA-1 or SHA-256, any common spelling).
    pub configured_fingerprint: Option<String>,
}

impl Default for Expectations {
    fn default() -> Self {
        Expectations {
            acs_url: None,
            entity_id: DEFAULT_ENTITY_ID.to_owned(),
            idp_entity_id: None,
            idp_cert_der: None,
            configured_fingerprint: None,
        }
    }
}

/// Why the input could not be inspected at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InspectError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// Everything the inspector found, ready to show or print as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub input_form: InputForm,
    /// The Response's Issuer, or the Assertion's when the Response has none.
    pub issuer: Option<String>,
    pub assertion_issuer: Option<String>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub status: Option<String>,
    pub status_message: Option<String>,
    /// The first Audience; all of them are in `audiences`.
    pub audience: Option<String>,
    pub audiences: Vec<String>,
    pub recipient: Option<String>,
    pub subject_not_on_or_after: Option<String>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub not_before: Option<String>,
    pub not_on_or_after: Option<String>,
    pub authn_instant: Option<String>,
    pub session_index: Option<String>,
    pub authn_context_class_ref: Option<String>,
    pub attributes: Vec<SamlAttribute>,
    pub signed_parts: SignedParts,
    pub signatures: Vec<SignatureCheck>,
    pub embedded_cert_sha1: Option<String>,
    pub embedded_cert_sha256: Option<String>,
    pub embedded_cert_subject: Option<String>,
    /// Embedded certificate vs the configured fingerprint and loaded certificate;
    /// `None` when there was nothing to compare.
    pub fingerprint_matches: Option<bool>,
    /// `Some(true)` verified, `Some(false)` fails or unsigned, `None` not verified.
    pub signature_valid: Option<bool>,
    pub signature_detail: String,
    pub verdicts: Vec<InspectionVerdict>,
}

impl Inspection {
    /// True when no verdict failed (skipped verdicts are allowed).
    pub fn passed(&self) -> bool {
        self.verdicts.iter().all(|v| v.status != Verdict::Fail)
    }
}

/// Decodes, parses and checks a captured SAMLResponse against the setup, at time `now`.
pub fn inspect(
    input: &[u8],
    expectations: &Expectations,
    now: OffsetDateTime,
) -> Result<Inspection, InspectError> {
    let decoded = decode::decode(input)?;
    let doc = parse::parse_document(&decoded.xml)?;
    let response = parse::response_element(&doc)?;
    let assertion = parse::assertion_element(response);
    let fields = parse::extract(response);

    let embedded = signature::embedded_certificates(response, assertion);
    let embedded_fingerprints = signature::embedded_fingerprints(&embedded);
    let comparison = compare_fingerprints(embedded_fingerprints.first(), expectations);
    let key = trusted_key(
        embedded.first(),
        embedded_fingerprints.first(),
        expectations,
    );
    let report = signature::examine(response, assertion, key.as_ref().map_err(String::as_str));

    let verdict_list = verdicts::verdicts(&verdicts::VerdictInputs {
        fields: &fields,
        signature: &report,
        fingerprint: &comparison,
        expectations,
        now,
    });
    let assertion_fields = fields.assertion.clone().unwrap_or_default();
    let first = embedded_fingerprints.first();
    Ok(Inspection {
        input_form: decoded.form,
        issuer: fields
            .response_issuer
            .clone()
            .or_else(|| assertion_fields.issuer.clone()),
        assertion_issuer: assertion_fields.issuer,
        destination: fields.destination,
        in_response_to: fields.in_response_to,
        status: fields.status_code,
        status_message: fields.status_message,
        audience: assertion_fields.audiences.first().cloned(),
        audiences: assertion_fields.audiences,
        recipient: assertion_fields.recipient,
        subject_not_on_or_after: assertion_fields.subject_not_on_or_after,
        name_id: assertion_fields.name_id,
        name_id_format: assertion_fields.name_id_format,
        not_before: assertion_fields.not_before,
        not_on_or_after: assertion_fields.not_on_or_after,
        authn_instant: assertion_fields.authn_instant,
        session_index: assertion_fields.session_index,
        authn_context_class_ref: assertion_fields.authn_context_class_ref,
        attributes: assertion_fields.attributes,
        signed_parts: report.signed_parts,
        signatures: report.checks,
        embedded_cert_sha1: first.map(|f| f.sha1.clone()),
        embedded_cert_sha256: first.map(|f| f.sha256.clone()),
        embedded_cert_subject: first.and_then(|f| f.subject.clone()),
        fingerprint_matches: comparison.0,
        signature_valid: report.valid,
        signature_detail: report.detail,
        verdicts: verdict_list,
    })
}

// The key signatures must verify with: the loaded IdP certificate's, or, like KnowBe4 itself
// does when only a fingerprint is configured, the embedded certificate's once its
// fingerprint matches the configured one. Never the embedded certificate on its own word.
fn trusted_key(
    embedded: Option<&Vec<u8>>,
    embedded_fingerprints: Option<&CertFingerprints>,
    expectations: &Expectations,
) -> Result<VerifyKey, String> {
    if let Some(der) = &expectations.idp_cert_der {
        return verify_key_of(der);
    }
    let configured = expectations.configured_fingerprint.as_deref();
    match (embedded, embedded_fingerprints, configured) {
        (Some(der), Some(fingerprints), Some(configured))
            if fingerprint_matches(configured, fingerprints) == Some(true) =>
        {
            verify_key_of(der)
        }
        _ => Err(
            "load the JumpCloud IdP certificate (or enter the fingerprint KnowBe4 is \
                  configured with) to verify the signature"
                .to_owned(),
        ),
    }
}

// Compares the first embedded certificate with the configured fingerprint and the loaded
// certificate. `None` when neither was given.
fn compare_fingerprints(
    embedded: Option<&CertFingerprints>,
    expectations: &Expectations,
) -> (Option<bool>, String) {
    let loaded = expectations.idp_cert_der.as_deref().map(fingerprints_of);
    let configured = expectations.configured_fingerprint.as_deref();
    if loaded.is_none() && configured.is_none() {
        return (
            None,
            "No IdP certificate or configured fingerprint to compare with.".to_owned(),
        );
    }
    let Some(embedded) = embedded else {
        return (
            Some(false),
            "The response embeds no certificate, so KnowBe4 cannot match its fingerprint."
                .to_owned(),
        );
    };
    let mut problems = Vec::new();
    if let Some(configured) = configured {
        match fingerprint_matches(configured, embedded) {
            Some(true) => {}
            Some(false) => problems.push(format!(
                "the embedded certificate (SHA-1 {}) is not the one KnowBe4 is configured with",
                embedded.sha1
            )),
            None => problems.push(format!(
                "the configured fingerprint {configured:?} is not a SHA-1 or SHA-256 fingerprint"
            )),
        }
    }
    if let Some(loaded) = &loaded
        && loaded.sha256 != embedded.sha256
    {
        problems.push(format!(
            "the embedded certificate (SHA-1 {}) is not the loaded IdP certificate (SHA-1 {})",
            embedded.sha1, loaded.sha1
        ));
    }
    if problems.is_empty() {
        (
            Some(true),
            format!(
                "The embedded certificate matches (SHA-1 {}).",
                embedded.sha1
            ),
        )
    } else {
        let mut message = problems.join("; ");
        if let Some(first) = message.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        (Some(false), format!("{message}."))
    }
}
