//! Step: Rotate the IdP certificate. The new certificate beside the current one, both
//! fingerprints, the days left, the safe order of changes, and which one KnowBe4 holds now.

use egui::{RichText, Ui};

use super::common;
use crate::certificate::CertificateInfo;
use crate::certificate::rotation::{RotationComparison, safe_order_text};
use crate::saml;
use crate::steps::StepId;
use crate::ui::fields;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::RotateCertificate);
    let current = state.certificate.current.as_ref().map(|c| c.info().clone());
    let new = state
        .new_certificate
        .current
        .as_ref()
        .map(|c| c.info().clone());
    current_certificate(ui, state, current.as_ref());
    new_certificate(ui, state, new.as_ref());
    if let (Some(current), Some(new)) = (&current, &new) {
        comparison(ui, &RotationComparison::compare(current, new, state.now()));
    }
    safe_order(ui, state);
    knowbe4_holds(ui, state, current.as_ref(), new.as_ref());
    common::ticks(ui, state, StepId::RotateCertificate);
    if new.is_some() {
        promote(ui, state);
    }
}

fn current_certificate(ui: &mut Ui, state: &mut AppState, current: Option<&CertificateInfo>) {
    common::section(ui, "Current certificate");
    let Some(info) = current else {
        ui.label("No current certificate is loaded.");
        if ui.button("Load it on the IdP certificate step").clicked() {
            state.go_to(StepId::IdpCertificate);
        }
        return;
    };
    let days_left = info.days_left(state.now()).max(0);
    ui.label(RichText::new(format!("Days left on the current certificate: {days_left}")).strong());
    let validity = info.validity(state.now());
    theme::message(ui, &validity.message(), validity.is_problem());
    fingerprints(ui, "Current", info, &state.rotation_fingerprint);
}

fn new_certificate(ui: &mut Ui, state: &mut AppState, new: Option<&CertificateInfo>) {
    common::section(ui, "New certificate");
    ui.horizontal_wrapped(|ui| {
        let choosing = state.new_certificate.dialog_open();
        if ui
            .add_enabled(!choosing, egui::Button::new("Choose the new certificate…"))
            .clicked()
        {
            state.new_certificate.open_dialog(ui.ctx());
        }
        ui.label(RichText::new("or drop it onto this window while this step is open.").weak());
    });
    if state.new_certificate.no_dialog
        && let Some(path) = crate::ui::file_dialog::fallback(
            ui,
            &mut state.new_certificate.typed_path,
            "Drop the new certificate onto this window while this step is open, or type its \
             path here.",
            "Load this file",
        )
    {
        state.load_new_certificate(&path);
    }
    if let Some(notice) = &state.new_certificate.notice {
        theme::message(ui, notice, true);
    }
    if let Some(problem) = &state.new_certificate.problem {
        let earlier_shown = state.new_certificate.current.is_some();
        super::idp_certificate::refused_certificate(ui, problem, earlier_shown);
    }
    if let Some(info) = new {
        ui.label(format!("Subject: {}", info.subject));
        let validity = info.validity(state.now());
        theme::message(ui, &validity.message(), validity.is_problem());
        fingerprints(ui, "New", info, &state.rotation_fingerprint);
    }
}

/// Both fingerprints in full; bytes that differ from the one pasted below are marked.
fn fingerprints(ui: &mut Ui, which: &str, info: &CertificateInfo, pasted: &str) {
    let pasted = Some(pasted).filter(|p| !p.trim().is_empty());
    fields::fingerprint_field(ui, &format!("{which} SHA-1"), &info.sha1, pasted);
    fields::fingerprint_field(ui, &format!("{which} SHA-256"), &info.sha256, pasted);
}

fn comparison(ui: &mut Ui, comparison: &RotationComparison) {
    ui.add_space(theme::ITEM_GAP);
    for warning in &comparison.warnings {
        theme::message(ui, warning, true);
    }
    if comparison.warnings.is_empty() {
        theme::message(
            ui,
            "The new certificate is a different certificate and valid now: ready to rotate.",
            false,
        );
    }
}

fn safe_order(ui: &mut Ui, state: &AppState) {
    common::section(ui, "The safe order of changes");
    // Numbered already, with the way in for the recorded lock-out state and the region's admin
    // login page where it is needed.
    for step in safe_order_text(
        state.settings.region,
        state.settings.values.saml_lockout.way_in(),
    ) {
        ui.label(step);
    }
    fields::copy_field(
        ui,
        "Admin bypass sign-in URL",
        &state.settings.region.admin_bypass_login_url(),
    );
    ui.add_space(theme::SECTION_GAP);
}

/// Which certificate the fingerprint in KnowBe4 belongs to.
fn knowbe4_holds(
    ui: &mut Ui,
    state: &mut AppState,
    current: Option<&CertificateInfo>,
    new: Option<&CertificateInfo>,
) {
    common::section(ui, "Which certificate does KnowBe4 hold now?");
    fields::text_input(
        ui,
        "Fingerprint in KnowBe4 now",
        &mut state.rotation_fingerprint,
        "paste it from KnowBe4's SAML settings, in any form",
    );
    let pasted = state.rotation_fingerprint.trim();
    if pasted.is_empty() {
        return;
    }
    if let Some(note) = saml::prefix_note(pasted) {
        theme::message(ui, &note, true);
    }
    let matches =
        |info: Option<&CertificateInfo>| info.map(|info| saml::check_fingerprint(pasted, info));
    match (matches(new), matches(current)) {
        (Some(verdict), _) if verdict.is_match() => theme::message(
            ui,
            "KnowBe4 holds the NEW certificate's fingerprint. Sign in with SSO to confirm.",
            false,
        ),
        (_, Some(verdict)) if verdict.is_match() => theme::message(
            ui,
            "KnowBe4 still holds the CURRENT certificate's fingerprint. Update it as soon as \
             JumpCloud signs with the new certificate.",
            true,
        ),
        (Some(verdict), _) | (None, Some(verdict)) => theme::message(ui, &verdict.message(), true),
        (None, None) => theme::message(
            ui,
            "Load a certificate to compare the fingerprint with.",
            true,
        ),
    }
    ui.add_space(theme::SECTION_GAP);
}

fn promote(ui: &mut Ui, state: &mut AppState) {
    ui.label("When KnowBe4 holds the new fingerprint and SSO works again:");
    if ui
        .button("Make the new certificate the current one")
        .clicked()
    {
        state.promote_new_certificate();
    }
}
