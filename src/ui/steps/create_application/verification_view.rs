//! Draws the verification of the KnowBe4 application's SAML settings: the verdict first, then
//! one result line per field with both values and the fix, then JumpCloud's IdP certificate
//! with "Use the certificate from JumpCloud".

use egui::{RichText, Ui};

use crate::jumpcloud::verify::{Finding, JumpCloudCertificate, Verification};
use crate::ui::fields;

use crate::keychain::TokenPresence;
use crate::ui::check_result_line::{self, Line};
use crate::ui::state::AppState;
use crate::ui::theme;
use crate::verdict::Verdict;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    ui.add_space(theme::ITEM_GAP);
    ui.label(theme::heading_text("Verify the SAML settings in JumpCloud"));
    verify_button(ui, state);
    if let Some(problem) = &state.jumpcloud.verification.problem {
        theme::message(ui, problem, true);
    }
    let Some(last) = state.jumpcloud.verification.last.clone() else {
        return;
    };
    let now_expected = state.jumpcloud_expected();
    if let Some(reason) = state
        .jumpcloud
        .verification
        .staleness(&now_expected, &state.settings.values.jumpcloud)
    {
        theme::message(ui, reason, true);
    }
    results(ui, &last.verification);
    if let Some(certificate) = &last.verification.certificate {
        jumpcloud_certificate(ui, state, certificate);
    }
}

fn verify_button(ui: &mut Ui, state: &mut AppState) {
    let stored = state.jumpcloud.key.presence_of(&()) == Some(TokenPresence::Present);
    let chosen = state.settings.values.jumpcloud.application_id().is_some();
    let running = state.jumpcloud.verification.running();
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(
                stored && chosen && !running,
                egui::Button::new("Verify the SAML settings"),
            )
            .on_hover_text("Reads the application and its metadata.xml (GET requests only)")
            .on_disabled_hover_text("Save the API key and choose the application first")
            .clicked();
        if clicked {
            let expected = state.jumpcloud_expected();
            let now = state.now();
            state
                .jumpcloud
                .verification
                .request(&state.settings.values, expected, now);
        }
        if running {
            ui.spinner();
            ui.label("Reading the application from JumpCloud…");
        }
        if let Some(last) = &state.jumpcloud.verification.last
            && !running
        {
            let button = ui.button("Copy findings as text");
            if button.clicked() {
                ui.ctx().copy_text(last.verification.to_text());
                fields::mark_copied(ui, button.id);
            }
            fields::copied_note(ui, button.id);
        }
    });
}

fn results(ui: &mut Ui, verification: &Verification) {
    let count = |status| {
        verification
            .findings
            .iter()
            .filter(|f| f.status == status)
            .count()
    };
    let (failed, warned) = (count(Verdict::Fail), count(Verdict::Warn));
    let total = verification.findings.len();
    let verdict = match (failed, warned) {
        (0, 0) => format!("All {total} findings pass."),
        (0, _) => format!("No finding failed; {warned} of {total} to look at."),
        _ => format!("{failed} of {total} findings failed."),
    };
    theme::message(ui, &verdict, failed > 0 || warned > 0);
    ui.label(
        RichText::new(format!(
            "Application {} (id {})",
            verification.application.label, verification.application.id
        ))
        .weak(),
    );
    for (index, finding) in verification.findings.iter().enumerate() {
        finding_line(ui, index, finding);
    }
}

/// One finding as a result line: the field and JumpCloud's value, both values under it (open
/// unless it passed), and the fix.
fn finding_line(ui: &mut Ui, index: usize, finding: &Finding) {
    let fix = Some(format!("Fix: {}", finding.fix)).filter(|_| !finding.fix.is_empty());
    let said = Line {
        verdict: finding.status,
        name: finding.field.name(),
        summary: &finding.actual,
        hint: fix.as_deref(),
    };
    check_result_line::folding_line(
        ui,
        ("jumpcloud_finding", index),
        finding.status != Verdict::Pass,
        said,
        |ui| {
            value_row(ui, "Expected", &finding.expected);
            value_row(ui, "Found", &finding.actual);
        },
    );
}

fn value_row(ui: &mut Ui, name: &str, value: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{name}:")).strong());
        ui.label(RichText::new(value).monospace());
    });
}

/// JumpCloud's IdP certificate, and the offer to load it into the certificate slot.
fn jumpcloud_certificate(ui: &mut Ui, state: &mut AppState, certificate: &JumpCloudCertificate) {
    ui.add_space(theme::ITEM_GAP);
    ui.label(theme::heading_text("The IdP certificate in JumpCloud"));
    fields::fingerprint_field(ui, "SHA-1 fingerprint", &certificate.sha1, None);
    fields::fingerprint_field(ui, "SHA-256 fingerprint", &certificate.sha256, None);
    if let Some(expires) = &certificate.expires {
        ui.label(format!("Expires {expires}"));
    }
    if let Some((note, is_problem)) = &state.jumpcloud.certificate_note {
        theme::message(ui, note, *is_problem);
    }
    let loaded = state
        .certificate
        .current
        .as_ref()
        .map(|c| c.info().sha256.as_str());
    if loaded == Some(certificate.sha256.as_str()) {
        theme::message(ui, "The loaded IdP certificate is this certificate.", false);
        return;
    }
    if certificate.pem.is_empty() {
        return;
    }
    let clicked = ui
        .button("Use the certificate from JumpCloud")
        .on_hover_text("Loads it as the IdP certificate, as if certificate.pem had been loaded")
        .clicked();
    if clicked {
        super::certificate_use::load(state, &certificate.pem);
    }
}
