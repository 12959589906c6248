//! Draws a SAML response inspection: the verdict first (does it match the setup, and if not,
//! why and how to fix it), then the fields and the signature it was judged on.

use egui::{Grid, RichText, Ui};

use crate::saml_response::{Inspection, InspectionVerdict};

use crate::ui::check_result_line::{self, Line};
use crate::ui::theme;
use crate::verdict::Verdict;

pub fn show(ui: &mut Ui, inspection: &Inspection) {
    ui.add_space(theme::ITEM_GAP);
    headline(ui, inspection);
    verdicts(ui, &inspection.verdicts);
    ui.add_space(theme::ITEM_GAP);
    egui::CollapsingHeader::new("Response fields")
        .default_open(true)
        .show(ui, |ui| fields(ui, inspection));
    egui::CollapsingHeader::new("Signature")
        .default_open(true)
        .show(ui, |ui| signature(ui, inspection));
    if !inspection.attributes.is_empty() {
        egui::CollapsingHeader::new(format!("Attributes ({})", inspection.attributes.len()))
            .show(ui, |ui| attributes(ui, inspection));
    }
}

fn headline(ui: &mut Ui, inspection: &Inspection) {
    let failures = inspection
        .verdicts
        .iter()
        .filter(|v| v.status == Verdict::Fail)
        .count();
    let text = crate::saml_response::verdicts::headline(&inspection.verdicts);
    ui.label(
        RichText::new(text)
            .strong()
            .size(theme::HEADLINE_SIZE)
            .color(theme::outcome_colour(ui, failures == 0)),
    );
    ui.label(RichText::new(format!("Read as {}.", inspection.input_form)).weak());
}

fn verdicts(ui: &mut Ui, verdicts: &[InspectionVerdict]) {
    for verdict in verdicts {
        verdict_line(ui, verdict);
    }
}

/// One verdict as a result line: what was checked, what was found (naming the setup's value),
/// and the fix when it failed. It has no details to fold.
pub fn verdict_line(ui: &mut Ui, verdict: &InspectionVerdict) {
    let fix = verdict.fix.as_ref().map(|fix| format!("Fix: {fix}"));
    check_result_line::line(
        ui,
        Line {
            verdict: verdict.status,
            name: verdict.check.title(),
            summary: &verdict.message,
            hint: fix.as_deref(),
        },
    );
}

fn row(ui: &mut Ui, label: &str, value: Option<&str>) {
    ui.label(label);
    match value {
        Some(value) if !value.is_empty() => ui.label(RichText::new(value).monospace()),
        _ => ui.label(RichText::new("absent").weak()),
    };
    ui.end_row();
}

fn fields(ui: &mut Ui, inspection: &Inspection) {
    let audiences = inspection.audiences.join(", ");
    Grid::new("saml_response_fields")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            row(ui, "Response Issuer", inspection.issuer.as_deref());
            row(ui, "Destination", inspection.destination.as_deref());
            row(ui, "InResponseTo", inspection.in_response_to.as_deref());
            row(ui, "Status", inspection.status.as_deref());
            if inspection.status_message.is_some() {
                row(ui, "Status message", inspection.status_message.as_deref());
            }
            row(
                ui,
                "Assertion Issuer",
                inspection.assertion_issuer.as_deref(),
            );
            row(ui, "NameID", inspection.name_id.as_deref());
            row(ui, "NameID Format", inspection.name_id_format.as_deref());
            row(ui, "Recipient", inspection.recipient.as_deref());
            row(
                ui,
                "Subject NotOnOrAfter",
                inspection.subject_not_on_or_after.as_deref(),
            );
            row(ui, "Conditions NotBefore", inspection.not_before.as_deref());
            row(
                ui,
                "Conditions NotOnOrAfter",
                inspection.not_on_or_after.as_deref(),
            );
            row(ui, "Audience", Some(&audiences));
            row(ui, "AuthnInstant", inspection.authn_instant.as_deref());
            row(ui, "SessionIndex", inspection.session_index.as_deref());
            row(
                ui,
                "AuthnContextClassRef",
                inspection.authn_context_class_ref.as_deref(),
            );
        });
}

fn signature(ui: &mut Ui, inspection: &Inspection) {
    let signed = inspection.signed_parts.to_string();
    let verified = match inspection.signature_valid {
        Some(true) => "verifies with the IdP certificate",
        Some(false) => "does NOT verify",
        None => "signature not verified",
    };
    let matches = match inspection.fingerprint_matches {
        Some(true) => "yes",
        Some(false) => "no",
        None => "nothing to compare with",
    };
    Grid::new("saml_response_signature")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            row(ui, "Signed", Some(&signed));
            row(ui, "Signature", Some(verified));
            row(
                ui,
                "Embedded cert subject",
                inspection.embedded_cert_subject.as_deref(),
            );
            row(
                ui,
                "Embedded cert SHA-1",
                inspection.embedded_cert_sha1.as_deref(),
            );
            row(
                ui,
                "Embedded cert SHA-256",
                inspection.embedded_cert_sha256.as_deref(),
            );
            row(ui, "Matches the IdP certificate", Some(matches));
        });
    ui.label(&inspection.signature_detail);
    for check in &inspection.signatures {
        ui.label(RichText::new(format!("• {}", check.detail)).weak());
    }
}

fn attributes(ui: &mut Ui, inspection: &Inspection) {
    Grid::new("saml_response_attributes")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for attribute in &inspection.attributes {
                row(ui, &attribute.name, Some(&attribute.values.join(", ")));
            }
        });
}
