//! The verdicts: each a pass / fail / skipped line saying whether what the response contains
//! matches what the setup expects, naming the setup's value, with a fix hint on failure.
//! "Skipped" means there was nothing to compare with. A verdict never claims what KnowBe4
//! does inside: a response that matches the setup may still be refused (for example when the
//! user does not exist in KnowBe4).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Expectations;
use super::acs_check::{explain_mismatch, not_a_callback};
use super::parse::{AssertionFields, ResponseFields, STATUS_SUCCESS};
use super::signature::{SignatureReport, SignedParts};
use super::time_check::check_window;
use crate::verdict::Verdict;

/// What a verdict checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Status,
    SingleAssertion,
    Destination,
    Recipient,
    Audience,
    Issuer,
    NameIdEmail,
    TimeWindow,
    Fingerprint,
    Signature,
    AssertionSigned,
}

impl CheckKind {
    /// Short title shown before the verdict's message.
    pub fn title(self) -> &'static str {
        match self {
            CheckKind::Status => "Status",
            CheckKind::SingleAssertion => "One assertion",
            CheckKind::Destination => "Destination",
            CheckKind::Recipient => "Recipient",
            CheckKind::Audience => "Audience",
            CheckKind::Issuer => "Issuer",
            CheckKind::NameIdEmail => "NameID is an email",
            CheckKind::TimeWindow => "Time window",
            CheckKind::Fingerprint => "Certificate fingerprint",
            CheckKind::Signature => "Signature",
            CheckKind::AssertionSigned => "Assertion signed",
        }
    }
}

/// One verdict line of a SAML response inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionVerdict {
    pub check: CheckKind,
    pub status: Verdict,
    pub message: String,
    /// What to change, for a failed verdict.
    pub fix: Option<String>,
}

fn pass(check: CheckKind, message: impl Into<String>) -> InspectionVerdict {
    InspectionVerdict {
        check,
        status: Verdict::Pass,
        message: message.into(),
        fix: None,
    }
}

fn fail(check: CheckKind, message: impl Into<String>, fix: impl Into<String>) -> InspectionVerdict {
    InspectionVerdict {
        check,
        status: Verdict::Fail,
        message: message.into(),
        fix: Some(fix.into()),
    }
}

fn skip(check: CheckKind, message: impl Into<String>) -> InspectionVerdict {
    InspectionVerdict {
        check,
        status: Verdict::Skip,
        message: message.into(),
        fix: None,
    }
}

/// What the verdicts read besides the parsed fields.
pub struct VerdictInputs<'a> {
    pub fields: &'a ResponseFields,
    pub signature: &'a SignatureReport,
    /// Embedded certificate vs the configured fingerprint / loaded certificate.
    pub fingerprint: &'a (Option<bool>, String),
    pub expectations: &'a Expectations,
    pub now: OffsetDateTime,
}

/// The one-line answer above the verdicts: matches the setup, or how many checks do not.
pub fn headline(verdicts: &[InspectionVerdict]) -> String {
    let failures = verdicts
        .iter()
        .filter(|v| v.status == Verdict::Fail)
        .count();
    match failures {
        0 => "The response matches the setup: no check fails. KnowBe4 may still refuse the \
              sign-in, for example if the user does not exist there."
            .to_owned(),
        1 => "The response does not match the setup: 1 check fails.".to_owned(),
        n => format!("The response does not match the setup: {n} checks fail."),
    }
}

/// Every verdict, in the order the operator should fix them.
pub fn verdicts(inputs: &VerdictInputs<'_>) -> Vec<InspectionVerdict> {
    let empty = AssertionFields::default();
    let assertion = inputs.fields.assertion.as_ref().unwrap_or(&empty);
    vec![
        status(inputs.fields),
        single_assertion(inputs.fields),
        acs(
            CheckKind::Destination,
            inputs.fields.destination.as_deref(),
            inputs.expectations,
            false,
        ),
        acs(
            CheckKind::Recipient,
            assertion.recipient.as_deref(),
            inputs.expectations,
            true,
        ),
        audience(&assertion.audiences, &inputs.expectations.entity_id),
        issuer(
            inputs.fields,
            assertion,
            inputs.expectations.idp_entity_id.as_deref(),
        ),
        name_id(assertion),
        time_window(assertion, inputs.now),
        fingerprint(inputs.fingerprint),
        signature(inputs.signature),
        assertion_signed(inputs.signature.signed_parts),
    ]
}

fn status(fields: &ResponseFields) -> InspectionVerdict {
    match fields.status_code.as_deref() {
        Some(STATUS_SUCCESS) => pass(CheckKind::Status, "Success"),
        code => {
            let code = code.unwrap_or("(missing)");
            let sub = fields
                .status_sub_code
                .as_deref()
                .map(|s| format!(" / {s}"))
                .unwrap_or_default();
            let message = fields
                .status_message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            fail(
                CheckKind::Status,
                format!("JumpCloud answered {code}{sub}{message}"),
                "JumpCloud refused the sign-in: check that the user is active in JumpCloud and a \
                 member of a user group bound to the KnowBe4 application (its User Groups tab).",
            )
        }
    }
}

fn single_assertion(fields: &ResponseFields) -> InspectionVerdict {
    match (fields.assertion_count, fields.encrypted_assertion) {
        (1, _) => pass(
            CheckKind::SingleAssertion,
            "The response carries one assertion.",
        ),
        (0, true) => fail(
            CheckKind::SingleAssertion,
            "The assertion is encrypted, so it cannot be compared with the setup here.",
            "Whether KnowBe4 takes encrypted assertions is not documented, and no source this \
             app follows names a JumpCloud setting that encrypts them. Only an unencrypted \
             assertion can be inspected here; the JumpCloud check on the Create the JumpCloud \
             application step (kb4-setup jumpcloud verify) compares JumpCloud's settings \
             without a captured response.",
        ),
        (count, _) => fail(
            CheckKind::SingleAssertion,
            format!("The response carries {count} assertions; the setup expects exactly one."),
            "Capture the response again; if it still has no assertion, JumpCloud refused the \
             sign-in (see Status).",
        ),
    }
}

fn acs(
    check: CheckKind,
    actual: Option<&str>,
    expectations: &Expectations,
    required: bool,
) -> InspectionVerdict {
    let Some(expected) = expectations.acs_url.as_deref() else {
        return skip(
            check,
            "No ACS URL to compare with: enter the region and SAML ID.",
        );
    };
    if let Some(problem) = not_a_callback(expected) {
        return fail(
            check,
            format!("The setup's ACS URL {problem}"),
            "Use KnowBe4's Callback URL, …/auth/saml/<SAML ID>/callback, as the ACS URL.",
        );
    }
    let fix = format!("In JumpCloud's KnowBe4 application, set the ACS URL to {expected}");
    match actual {
        None if required => fail(
            check,
            format!("The response has no {}.", check.title()),
            fix,
        ),
        None => skip(
            check,
            "The response has no Destination attribute: nothing to compare with the ACS URL.",
        ),
        Some(actual) => match explain_mismatch(actual, expected) {
            None => pass(check, format!("{actual} matches the setup's ACS URL.")),
            Some(problem) => fail(check, problem, fix),
        },
    }
}

fn audience(audiences: &[String], entity_id: &str) -> InspectionVerdict {
    let fix = format!(
        "On the SSO tab of JumpCloud's KnowBe4 application, set SP Entity ID to {entity_id} \
         (the value KnowBe4 shows: \"KnowBe4\" unless you generated a unique Entity ID)."
    );
    if audiences.iter().any(|a| a == entity_id) {
        return pass(
            CheckKind::Audience,
            format!("{entity_id} matches the setup's SP Entity ID."),
        );
    }
    let message = match audiences.iter().find(|a| a.eq_ignore_ascii_case(entity_id)) {
        Some(near) => format!(
            "Audience {near:?} does not match the setup's SP Entity ID {entity_id:?}: they \
             differ in letter case."
        ),
        None if audiences.is_empty() => {
            format!("The assertion names no Audience; the setup's SP Entity ID is {entity_id:?}.")
        }
        None => format!(
            "Audience {:?} does not match the setup's SP Entity ID {entity_id:?}.",
            audiences.join(", ")
        ),
    };
    fail(CheckKind::Audience, message, fix)
}

fn issuer(
    fields: &ResponseFields,
    assertion: &AssertionFields,
    expected: Option<&str>,
) -> InspectionVerdict {
    let Some(expected) = expected else {
        return skip(
            CheckKind::Issuer,
            "No IdP entity ID entered to compare with.",
        );
    };
    let issuers: Vec<&str> = [
        fields.response_issuer.as_deref(),
        assertion.issuer.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let fix = "The IdP Entity ID is case sensitive: make the value in JumpCloud's KnowBe4 \
               application and the one you entered identical.";
    match issuers.iter().find(|i| **i != expected) {
        _ if issuers.is_empty() => fail(
            CheckKind::Issuer,
            format!("The response names no Issuer; the IdP Entity ID entered is {expected:?}."),
            fix,
        ),
        Some(other) => fail(
            CheckKind::Issuer,
            format!("Issuer {other:?} does not match the IdP Entity ID entered, {expected:?}."),
            fix,
        ),
        None => pass(
            CheckKind::Issuer,
            format!("{expected} matches the IdP Entity ID entered."),
        ),
    }
}

/// Whether `value` looks like an email address: one `@`, text before it, a dotted domain after.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn name_id(assertion: &AssertionFields) -> InspectionVerdict {
    let fix = "KnowBe4 needs the NameID to be the user's email, the Email of their KnowBe4 \
               profile or an alias: on the SSO tab of JumpCloud's KnowBe4 application set \
               SAMLSubject NameID to email (JumpCloud's default), and the NameID format to \
               emailAddress, as KnowBe4's SAML requirements ask.";
    match assertion.name_id.as_deref() {
        Some(value) if is_email(value) => pass(
            CheckKind::NameIdEmail,
            format!(
                "{value} is an email address, as the setup expects; it must also be the email \
                 (or an alias) of a user in KnowBe4."
            ),
        ),
        Some(value) => fail(
            CheckKind::NameIdEmail,
            format!(
                "NameID {value:?} is not an email address; the setup expects the user's email \
                 (or an alias)."
            ),
            fix,
        ),
        None => fail(
            CheckKind::NameIdEmail,
            "The assertion has no NameID; the setup expects the user's email (or an alias).",
            fix,
        ),
    }
}

fn time_window(assertion: &AssertionFields, now: OffsetDateTime) -> InspectionVerdict {
    let ends = [
        (
            "Conditions NotOnOrAfter",
            assertion.not_on_or_after.as_deref(),
        ),
        (
            "SubjectConfirmationData NotOnOrAfter",
            assertion.subject_not_on_or_after.as_deref(),
        ),
    ];
    match check_window(assertion.not_before.as_deref(), &ends, now) {
        Ok(window) => pass(CheckKind::TimeWindow, format!("Now is inside {window}.")),
        Err(problem) => fail(
            CheckKind::TimeWindow,
            problem,
            "Sign in again and inspect the new response at once; keep the computer clocks in \
             sync (NTP).",
        ),
    }
}

fn fingerprint(comparison: &(Option<bool>, String)) -> InspectionVerdict {
    match comparison {
        (Some(true), detail) => pass(CheckKind::Fingerprint, detail.clone()),
        (Some(false), detail) => fail(
            CheckKind::Fingerprint,
            detail.clone(),
            "Copy the current JumpCloud IdP certificate's fingerprint into KnowBe4's IdP Cert \
             Fingerprint field (after a certificate rotation it must be updated).",
        ),
        (None, detail) => skip(CheckKind::Fingerprint, detail.clone()),
    }
}

fn signature(report: &SignatureReport) -> InspectionVerdict {
    match report.valid {
        Some(true) => pass(CheckKind::Signature, report.detail.clone()),
        Some(false) => fail(
            CheckKind::Signature,
            report.detail.clone(),
            "Make sure KnowBe4 has the certificate JumpCloud signs with now, and that nothing \
             edited the response on the way; capture it again from the browser.",
        ),
        None => skip(
            CheckKind::Signature,
            format!("Signature not verified. {}", report.detail),
        ),
    }
}

fn assertion_signed(parts: SignedParts) -> InspectionVerdict {
    match parts {
        SignedParts::Assertion | SignedParts::Both => {
            pass(CheckKind::AssertionSigned, format!("Signed: {parts}."))
        }
        _ => fail(
            CheckKind::AssertionSigned,
            format!(
                "Signed: {parts}. The setup expects a signed assertion, as KnowBe4's setup guides \
                 ask."
            ),
            "On the SSO tab of JumpCloud's KnowBe4 application, choose the signing setting \
             that signs the assertion (signAssertion in JumpCloud's API; signing the response \
             as well is fine), then save.",
        ),
    }
}

#[cfg(test)]
#[path = "verdicts_tests.rs"]
mod tests;
