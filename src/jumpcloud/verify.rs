//! Verifying the KnowBe4 application's SAML settings in JumpCloud against the setup: one
//! PASS / FAIL / WARN finding per field, with both values and the fix, as the connection
//! checks read. Pure functions of what JumpCloud sent and what the setup holds; fetching is
//! in [`super::verify_run`].
//!
//! Every rule is the app's existing one: the ACS URL from [`crate::saml::acs_url`] and the
//! mismatch words of the SAML inspector ([`explain_mismatch`]), the entity ID from
//! [`sp_entity_id`], the IdP URL check [`parse_idp_url`], the certificate loader and its
//! validity, and the fingerprint comparison [`check_fingerprint`].

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::applications::Application;
use super::metadata::IdpMetadata;
use crate::certificate::{Certificate, CertificateInfo, EXPIRY_WARNING_DAYS, Validity, load_bytes};
use crate::region::Region;
use crate::saml::saml_id::SAML_ID_PLACEHOLDER;
use crate::saml::{SamlId, acs_url, check_fingerprint, parse_idp_url};
use crate::saml_response::acs_check::{explain_mismatch, not_a_callback};
use crate::step_id::StepId;
use crate::verdict::Verdict;

/// What a finding compares: JumpCloud's field, or KnowBe4's where the value is pasted there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingField {
    /// JumpCloud's `acsUrl`: the Callback URL computed from region and SAML ID.
    AcsUrl,
    /// JumpCloud's `spEntityId`: the SP Entity ID used in KnowBe4.
    SpEntityId,
    /// JumpCloud's `ssoUrl`: the IdP URL, which KnowBe4's IDP URL field must hold.
    SsoUrl,
    /// JumpCloud's `idpEntityId`: what the SAML inspector checks an Issuer against.
    IdpEntityId,
    /// JumpCloud's `idpCertificate`, against the loaded certificate.pem.
    IdpCertificate,
    /// The certificate in the application's `metadata.xml`, against its config's.
    MetadataCertificate,
    /// KnowBe4's `IdP Cert Fingerprint`, against the certificate JumpCloud has.
    Fingerprint,
    /// JumpCloud's `sso.idpCertExpirationAt` (else the certificate's own end).
    CertificateExpiry,
    /// JumpCloud's `signAssertion`.
    SignAssertion,
}

impl FindingField {
    pub const ALL: [FindingField; 9] = [
        FindingField::AcsUrl,
        FindingField::SpEntityId,
        FindingField::SsoUrl,
        FindingField::IdpEntityId,
        FindingField::IdpCertificate,
        FindingField::MetadataCertificate,
        FindingField::Fingerprint,
        FindingField::CertificateExpiry,
        FindingField::SignAssertion,
    ];

    /// The field as its owner names it: in the window, the text output and the JSON `field`.
    pub fn name(self) -> &'static str {
        match self {
            FindingField::AcsUrl => "acsUrl",
            FindingField::SpEntityId => "spEntityId",
            FindingField::SsoUrl => "ssoUrl",
            FindingField::IdpEntityId => "idpEntityId",
            FindingField::IdpCertificate => "idpCertificate",
            FindingField::MetadataCertificate => "metadata.xml",
            FindingField::Fingerprint => "IdP Cert Fingerprint",
            FindingField::CertificateExpiry => "sso.idpCertExpirationAt",
            FindingField::SignAssertion => "signAssertion",
        }
    }

    /// The setup step whose value this field checks: where a failure makes the step need
    /// attention. The certificate and its expiry belong to the IdP certificate step, what is
    /// pasted into KnowBe4 (IDP URL, fingerprint) to the KnowBe4 SAML settings step, the IdP
    /// Entity ID to Validate SSO (where it is entered, and where its fix sends you), and
    /// JumpCloud's own SSO settings, the metadata.xml's certificate among them, to the
    /// JumpCloud SSO settings step.
    pub fn step(self) -> StepId {
        match self {
            FindingField::IdpCertificate | FindingField::CertificateExpiry => {
                StepId::IdpCertificate
            }
            FindingField::Fingerprint | FindingField::SsoUrl => StepId::KnowBe4Saml,
            FindingField::IdpEntityId => StepId::ValidateSso,
            FindingField::AcsUrl
            | FindingField::SpEntityId
            | FindingField::MetadataCertificate
            | FindingField::SignAssertion => StepId::JumpCloudSso,
        }
    }
}

impl std::fmt::Display for FindingField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Written as [`FindingField::name`]: `jumpcloud verify --json` prints `"field": "acsUrl"`.
impl Serialize for FindingField {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for FindingField {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        FindingField::ALL
            .into_iter()
            .find(|field| field.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding field {name:?}")))
    }
}

/// One line of the verification. `fix` is empty on a pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub field: FindingField,
    pub status: Verdict,
    pub expected: String,
    pub actual: String,
    pub fix: String,
}

impl Finding {
    fn new(field: FindingField, status: Verdict, expected: &str, actual: &str, fix: &str) -> Self {
        Self {
            field,
            status,
            expected: expected.to_owned(),
            actual: actual.to_owned(),
            fix: fix.to_owned(),
        }
    }

    /// The setup step whose value this finding checks: where a failure makes the step need
    /// attention.
    pub fn step(&self) -> StepId {
        self.field.step()
    }
}

/// The application the verification read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRef {
    pub id: String,
    pub label: String,
}

/// Where the IdP certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateSource {
    /// The application's `config.idpCertificate`.
    Config,
    /// The organisation's metadata.xml for the application.
    Metadata,
}

/// The IdP certificate JumpCloud has for the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JumpCloudCertificate {
    /// As `openssl x509 -fingerprint -sha1` prints it, without its prefix.
    pub sha1: String,
    pub sha256: String,
    /// RFC 3339: `sso.idpCertExpirationAt` when JumpCloud sends it, else the certificate's
    /// own end of validity.
    pub expires: Option<String>,
    #[serde(skip)]
    pub source: Option<CertificateSource>,
    /// The certificate as PEM, for "Use the certificate from JumpCloud" (the same slot and
    /// checks as a loaded file). Public data; not in the JSON contract.
    #[serde(skip)]
    pub pem: String,
    #[serde(skip)]
    pub info: Option<CertificateInfo>,
}

/// The whole verification: what the window draws and `jumpcloud verify --json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub application: ApplicationRef,
    pub findings: Vec<Finding>,
    pub certificate: Option<JumpCloudCertificate>,
}

impl Verification {
    pub fn has_failures(&self) -> bool {
        self.findings.iter().any(|f| f.status == Verdict::Fail)
    }

    /// `PASS acsUrl: ...` lines, then the fix indented, as the connection checks print.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "JumpCloud application: {} ({})\n",
            self.application.label, self.application.id
        );
        for finding in &self.findings {
            text.push_str(&format!(
                "{} {}\n    expected: {}\n    actual:   {}\n",
                finding.status.label(),
                finding.field,
                finding.expected,
                finding.actual
            ));
            if !finding.fix.is_empty() {
                text.push_str(&format!("    fix: {}\n", finding.fix));
            }
        }
        if let Some(certificate) = &self.certificate {
            text.push_str(&format!(
                "IdP certificate: SHA-1 {}\n                 SHA-256 {}\n                 expires {}\n",
                certificate.sha1,
                certificate.sha256,
                certificate.expires.as_deref().unwrap_or("(not known)")
            ));
        }
        let failed = self
            .findings
            .iter()
            .filter(|f| f.status == Verdict::Fail)
            .count();
        let warned = self
            .findings
            .iter()
            .filter(|f| f.status == Verdict::Warn)
            .count();
        text.push_str(&format!(
            "Result: {} findings, {failed} failed, {warned} to look at.\n",
            self.findings.len()
        ));
        text
    }
}

/// What the setup holds: the values KnowBe4 was (or will be) given, and the loaded
/// certificate.pem. Anything unknown is `None` and its finding says how to give it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    pub region: Option<Region>,
    pub saml_id: Option<SamlId>,
    /// The SP Entity ID used in KnowBe4 (`KnowBe4` or a generated one).
    pub entity_id: String,
    /// The IDP URL pasted into KnowBe4.
    pub idp_url: Option<String>,
    /// The IdP Entity ID the SAML inspector checks the Issuer against.
    pub idp_entity_id: Option<String>,
    /// The loaded certificate.pem.
    pub certificate: Option<CertificateInfo>,
    /// The fingerprint pasted into KnowBe4's IdP Cert Fingerprint field.
    pub fingerprint: Option<String>,
}

/// Compares the application (and its metadata, when it was read) with the setup at `now`.
pub fn verify(
    app: &Application,
    metadata: Option<&IdpMetadata>,
    expected: &Expected,
    now: OffsetDateTime,
) -> Verification {
    let mut findings = vec![
        acs_finding(app.saml.acs_url.as_deref(), expected),
        sp_entity_finding(app.saml.sp_entity_id.as_deref(), &expected.entity_id),
        sso_url_finding(app.sso_url.as_deref(), expected.idp_url.as_deref()),
        idp_entity_finding(
            app.saml.idp_entity_id.as_deref(),
            metadata.and_then(|m| m.entity_id.as_deref()),
            expected.idp_entity_id.as_deref(),
        ),
    ];
    let (certificate, certificate_findings) = certificate_findings(app, metadata, expected, now);
    findings.extend(certificate_findings);
    findings.push(signing_finding(
        app.saml.sign_assertion,
        app.saml.sign_response,
    ));
    Verification {
        application: ApplicationRef {
            id: app.id.clone(),
            label: app.label.clone(),
        },
        findings,
        certificate,
    }
}

const NOT_SET: &str = "(not set in JumpCloud's answer)";

/// `acsUrl`: the Callback URL computed from region and SAML ID.
pub fn acs_finding(actual: Option<&str>, expected: &Expected) -> Finding {
    let computed = match (expected.region, &expected.saml_id) {
        (Some(region), Some(id)) => Some(acs_url(region, id)),
        _ => None,
    };
    let shown = computed
        .clone()
        .unwrap_or_else(|| "https://<region host>/auth/saml/<SAML ID>/callback".to_owned());
    let Some(actual) = actual.map(str::trim).filter(|a| !a.is_empty()) else {
        return Finding::new(
            FindingField::AcsUrl,
            Verdict::Fail,
            &shown,
            NOT_SET,
            "In JumpCloud, open the KnowBe4 application's SSO tab and set ACS URL to the \
             value computed here, then save.",
        );
    };
    if actual.contains(SAML_ID_PLACEHOLDER)
        || actual.to_ascii_uppercase().contains("SAML_ACCOUNT_ID")
    {
        return Finding::new(
            FindingField::AcsUrl,
            Verdict::Fail,
            &shown,
            actual,
            &format!(
                "{actual} still contains the {SAML_ID_PLACEHOLDER} placeholder from JumpCloud's \
                 template: replace it with the SAML ID from KnowBe4's SAML settings, then save."
            ),
        );
    }
    match computed {
        Some(computed) => match explain_mismatch(actual, &computed) {
            None => Finding::new(FindingField::AcsUrl, Verdict::Pass, &computed, actual, ""),
            Some(why) => Finding::new(
                FindingField::AcsUrl,
                Verdict::Fail,
                &computed,
                actual,
                &format!("{why} Set ACS URL in JumpCloud's SSO tab to {computed}, then save."),
            ),
        },
        None => match not_a_callback(actual) {
            Some(why) => Finding::new(FindingField::AcsUrl, Verdict::Fail, &shown, actual, &why),
            None => Finding::new(
                FindingField::AcsUrl,
                Verdict::Warn,
                &shown,
                actual,
                "The region and SAML ID are not known here, so only the form was checked. Give \
                 them (--region and --saml-id, or the KnowBe4 region and KnowBe4 SAML ID steps) \
                 to compare.",
            ),
        },
    }
}

/// `spEntityId`: the SP Entity ID used in KnowBe4.
pub fn sp_entity_finding(actual: Option<&str>, expected: &str) -> Finding {
    let fix = format!(
        "In JumpCloud's SSO tab set SP Entity ID to {expected}, then save. If a unique Entity \
         ID was generated in KnowBe4, give that one here (--entity-id, or the KnowBe4 SAML ID \
         step)."
    );
    match actual {
        None => Finding::new(
            FindingField::SpEntityId,
            Verdict::Fail,
            expected,
            NOT_SET,
            &fix,
        ),
        Some(actual) if actual == expected => Finding::new(
            FindingField::SpEntityId,
            Verdict::Pass,
            expected,
            actual,
            "",
        ),
        Some(actual) => Finding::new(
            FindingField::SpEntityId,
            Verdict::Fail,
            expected,
            actual,
            &fix,
        ),
    }
}

/// `ssoUrl`: the IdP URL, which KnowBe4's IDP URL field must hold.
pub fn sso_url_finding(actual: Option<&str>, pasted: Option<&str>) -> Finding {
    let pasted = pasted.map(str::trim).filter(|p| !p.is_empty());
    let Some(actual) = actual.filter(|a| !a.trim().is_empty()) else {
        return Finding::new(
            FindingField::SsoUrl,
            Verdict::Warn,
            pasted.unwrap_or("(the IDP URL in KnowBe4)"),
            NOT_SET,
            "Copy the IDP URL from the application's SSO tab in JumpCloud and compare it with \
             KnowBe4's IDP URL field.",
        );
    };
    let paste_fix =
        format!("Paste {actual} into KnowBe4's IDP URL field and save the SAML settings.");
    match pasted {
        None => Finding::new(
            FindingField::SsoUrl,
            Verdict::Warn,
            "(the IDP URL pasted into KnowBe4 is not known here)",
            actual,
            &format!(
                "{paste_fix} Give the URL you pasted (--idp-url, or the JumpCloud SSO settings \
                 step) to compare."
            ),
        ),
        Some(pasted) if pasted == actual => match parse_idp_url(actual) {
            Ok(_) => Finding::new(FindingField::SsoUrl, Verdict::Pass, pasted, actual, ""),
            Err(problem) => Finding::new(
                FindingField::SsoUrl,
                Verdict::Warn,
                pasted,
                actual,
                &problem.to_string(),
            ),
        },
        Some(pasted) => Finding::new(
            FindingField::SsoUrl,
            Verdict::Fail,
            pasted,
            actual,
            &paste_fix,
        ),
    }
}

/// `idpEntityId`: what the SAML inspector checks a response's Issuer against.
pub fn idp_entity_finding(
    actual: Option<&str>,
    in_metadata: Option<&str>,
    inspector: Option<&str>,
) -> Finding {
    let actual = actual.or(in_metadata);
    let inspector = inspector.map(str::trim).filter(|i| !i.is_empty());
    let Some(actual) = actual else {
        return Finding::new(
            FindingField::IdpEntityId,
            Verdict::Warn,
            inspector.unwrap_or("(not set in the setup)"),
            NOT_SET,
            "Copy the IdP Entity ID from the application's SSO tab in JumpCloud.",
        );
    };
    if let Some(metadata) = in_metadata.filter(|m| *m != actual) {
        return Finding::new(
            FindingField::IdpEntityId,
            Verdict::Warn,
            actual,
            metadata,
            "The application's config and its metadata.xml give different IdP Entity IDs. \
             Check the IdP Entity ID on the application's SSO tab in JumpCloud, and which one a \
             captured SAML response names as its Issuer (Validate SSO step).",
        );
    }
    match inspector {
        None => Finding::new(
            FindingField::IdpEntityId,
            Verdict::Warn,
            "(not set in the setup)",
            actual,
            &format!(
                "Enter {actual} as JumpCloud's IdP Entity ID on the Validate SSO step, so \
                 captured responses are checked against it. IdP Entity IDs are case sensitive."
            ),
        ),
        Some(inspector) if inspector == actual => Finding::new(
            FindingField::IdpEntityId,
            Verdict::Pass,
            inspector,
            actual,
            "",
        ),
        Some(inspector) => Finding::new(
            FindingField::IdpEntityId,
            Verdict::Fail,
            inspector,
            actual,
            &format!(
                "The setup's IdP Entity ID differs from JumpCloud's (they are case sensitive). \
                 Replace it with {actual} on the Validate SSO step."
            ),
        ),
    }
}

/// The certificate from the config (PEM or bare base64) or, failing that, metadata.xml.
fn certificate_findings(
    app: &Application,
    metadata: Option<&IdpMetadata>,
    expected: &Expected,
    now: OffsetDateTime,
) -> (Option<JumpCloudCertificate>, Vec<Finding>) {
    let from_config = app
        .saml
        .idp_certificate
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|text| (CertificateSource::Config, text));
    let from_metadata = metadata
        .and_then(|m| m.certificate_base64.as_deref())
        .map(|text| (CertificateSource::Metadata, text));
    let Some((source, text)) = from_config.or(from_metadata) else {
        let finding = Finding::new(
            FindingField::IdpCertificate,
            Verdict::Warn,
            "the IdP certificate",
            "(neither the application's config nor its metadata.xml holds one)",
            "Download certificate.pem in JumpCloud (the application's SSO tab > IDP \
             Certificate Valid > Download certificate) and load it on the IdP certificate step.",
        );
        return (
            None,
            vec![
                finding,
                expiry_finding(None, app.saml.idp_cert_expiration_at.as_deref(), now),
            ],
        );
    };
    let loaded = match Certificate::from_bytes(text.as_bytes()) {
        Ok(loaded) => loaded,
        Err(error) => {
            let finding = Finding::new(
                FindingField::IdpCertificate,
                Verdict::Fail,
                "a readable X.509 certificate",
                &format!("unreadable ({error})"),
                "Download certificate.pem in JumpCloud (the application's SSO tab > IDP \
                 Certificate Valid > Download certificate) and load it on the IdP certificate \
                 step.",
            );
            let expiry = expiry_finding(None, app.saml.idp_cert_expiration_at.as_deref(), now);
            return (None, vec![finding, expiry]);
        }
    };
    let info = loaded.info();
    let expires = expiry_text(app.saml.idp_cert_expiration_at.as_deref())
        .or_else(|| Some(info.not_after.clone()));
    let certificate = JumpCloudCertificate {
        sha1: info.sha1.clone(),
        sha256: info.sha256.clone(),
        expires,
        source: Some(source),
        pem: crate::certificate::pem_copy::der_to_pem(loaded.der()),
        info: Some(info.clone()),
    };
    let mut findings = vec![
        loaded_file_finding(info, expected.certificate.as_ref()),
        fingerprint_finding(info, expected.fingerprint.as_deref()),
        expiry_finding(Some(info), app.saml.idp_cert_expiration_at.as_deref(), now),
    ];
    if let (CertificateSource::Config, Some(in_metadata)) = (
        source,
        metadata.and_then(|m| m.certificate_base64.as_deref()),
    ) {
        let same = load_bytes(in_metadata.as_bytes()).is_ok_and(|m| m.sha256 == info.sha256);
        if !same {
            findings.push(Finding::new(
                FindingField::MetadataCertificate,
                Verdict::Warn,
                &info.sha256,
                "another (or an unreadable) certificate",
                "The application's config and its metadata.xml hold different certificates, as \
                 during a rotation. Check which one JumpCloud signs with now.",
            ));
        }
    }
    (Some(certificate), findings)
}

/// The certificate JumpCloud has, against the certificate.pem loaded in the setup.
pub fn loaded_file_finding(
    jumpcloud: &CertificateInfo,
    loaded: Option<&CertificateInfo>,
) -> Finding {
    match loaded {
        None => Finding::new(
            FindingField::IdpCertificate,
            Verdict::Warn,
            "(no certificate.pem loaded)",
            &jumpcloud.sha256,
            "Use the certificate from JumpCloud, or load certificate.pem on the IdP certificate \
             step (--cert PEM on the command line), to compare.",
        ),
        Some(loaded) if loaded.sha256 == jumpcloud.sha256 => Finding::new(
            FindingField::IdpCertificate,
            Verdict::Pass,
            &loaded.sha256,
            &jumpcloud.sha256,
            "",
        ),
        Some(loaded) => Finding::new(
            FindingField::IdpCertificate,
            Verdict::Fail,
            &loaded.sha256,
            &jumpcloud.sha256,
            "The loaded certificate.pem is not the certificate JumpCloud has now (an old \
             download?). Use the certificate from JumpCloud, or download certificate.pem again \
             from the application's SSO tab, then update KnowBe4's IdP Cert Fingerprint.",
        ),
    }
}

/// The fingerprint pasted into KnowBe4, against the certificate JumpCloud has.
pub fn fingerprint_finding(jumpcloud: &CertificateInfo, pasted: Option<&str>) -> Finding {
    let field = FindingField::Fingerprint;
    let Some(pasted) = pasted.map(str::trim).filter(|p| !p.is_empty()) else {
        return Finding::new(
            field,
            Verdict::Warn,
            &jumpcloud.sha1,
            "(the fingerprint pasted into KnowBe4 is not known here)",
            &format!(
                "KnowBe4's IdP Cert Fingerprint field must hold this certificate's SHA-1 \
                 ({}) or SHA-256 ({}) fingerprint, with the selector set to match. Give the one \
                 you pasted (--fingerprint, or \"Fingerprint in KnowBe4\" on the KnowBe4 SAML \
                 settings step) to compare.",
                jumpcloud.sha1, jumpcloud.sha256
            ),
        );
    };
    let outcome = check_fingerprint(pasted, jumpcloud);
    let expected = format!("SHA-1 {} or SHA-256 {}", jumpcloud.sha1, jumpcloud.sha256);
    if outcome.is_match() {
        return Finding::new(field, Verdict::Pass, &expected, pasted, "");
    }
    Finding::new(field, Verdict::Fail, &expected, pasted, &outcome.message())
}

/// `sso.idpCertExpirationAt` (else the certificate's own end) as days left.
pub fn expiry_finding(
    certificate: Option<&CertificateInfo>,
    expiration_at: Option<&str>,
    now: OffsetDateTime,
) -> Finding {
    let field = FindingField::CertificateExpiry;
    let expected = format!("more than {EXPIRY_WARNING_DAYS} days left");
    let sent = expiration_at.map(str::trim).filter(|s| !s.is_empty());
    let parsed = sent.and_then(parse_expiry);
    let end = match (parsed, certificate) {
        (Some(end), _) => end,
        (None, Some(info)) => info.not_after_time(),
        (None, None) => {
            return Finding::new(
                field,
                Verdict::Warn,
                &expected,
                sent.unwrap_or(NOT_SET),
                "The expiry is not known: check it on the application's SSO tab in JumpCloud.",
            );
        }
    };
    let start = certificate.map_or(OffsetDateTime::UNIX_EPOCH, CertificateInfo::not_before_time);
    let validity = Validity::at(start, end, now);
    let when = end.format(&Rfc3339).unwrap_or_default();
    let days = (end - now).whole_days();
    let actual = if days >= 0 {
        format!("{when} ({days} days left)")
    } else {
        format!("{when} ({} days ago)", -days)
    };
    let status = match validity {
        Validity::Valid { .. } => Verdict::Pass,
        Validity::ExpiringSoon { .. } => Verdict::Warn,
        Validity::Expired { .. } | Validity::NotYetValid { .. } => Verdict::Fail,
    };
    let fix = if status == Verdict::Pass {
        String::new()
    } else {
        validity.message()
    };
    Finding::new(field, status, &expected, &actual, &fix)
}

/// An RFC 3339 time, or a Unix time in seconds or milliseconds (the format is not documented).
fn parse_expiry(text: &str) -> Option<OffsetDateTime> {
    if let Ok(time) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(time);
    }
    let number: i64 = text.parse().ok()?;
    let seconds = if number > 100_000_000_000 {
        number / 1000
    } else {
        number
    };
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

fn expiry_text(sent: Option<&str>) -> Option<String> {
    sent.and_then(parse_expiry)
        .and_then(|t| t.format(&Rfc3339).ok())
}

/// `signAssertion`: the assertion should be signed (KnowBe4's SAML requirements).
pub fn signing_finding(sign_assertion: Option<bool>, sign_response: Option<bool>) -> Finding {
    let field = FindingField::SignAssertion;
    match (sign_assertion, sign_response) {
        (Some(true), _) => Finding::new(field, Verdict::Pass, "signed", "signed", ""),
        (Some(false), response) => Finding::new(
            field,
            Verdict::Warn,
            "signed",
            if response == Some(true) {
                "not signed (the response is signed)"
            } else {
                "not signed"
            },
            "KnowBe4's SAML requirements ask for a signed assertion. On the application's SSO \
             tab in JumpCloud, choose the signing setting that signs the assertion \
             (signAssertion in JumpCloud's API), then save.",
        ),
        (None, _) => Finding::new(
            field,
            Verdict::Warn,
            "signed",
            "(JumpCloud's answer does not say)",
            "Check on the application's SSO tab in JumpCloud that the assertion is signed.",
        ),
    }
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
