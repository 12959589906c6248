//! Step: KnowBe4 SAML settings. What to paste into KnowBe4, what its SAML options mean, the
//! lock-out guard before non-SAML logins are disabled, and a check of the fingerprint KnowBe4
//! holds now.

use egui::{RichText, Ui};

use super::common;
use crate::saml;
use crate::saml::lockout::{
    ADMIN_LOGIN_NOTE, ADMIN_MFA_LABEL, CONFIRM_FIRST, NON_SAML_DISABLED_LABEL, SAML_OPTIONS,
};
use crate::steps::StepId;
use crate::ui::fields;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::KnowBe4Saml);
    common::section(ui, "Values for KnowBe4's SAML section");
    match saml::parse_idp_url(&state.settings.values.idp_url) {
        Ok(url) => fields::copy_field(ui, "IDP URL", url.as_str()),
        Err(_) => {
            ui.label(
                "Enter JumpCloud's IDP URL on the JumpCloud SSO settings step to see it here.",
            );
        }
    }
    match &state.certificate.current {
        Some(loaded) => {
            let pasted = Some(state.fingerprint_to_check.as_str()).filter(|p| !p.trim().is_empty());
            fields::fingerprint_field(
                ui,
                "IdP Cert Fingerprint (SHA-1)",
                &loaded.info().sha1,
                pasted,
            );
            fields::fingerprint_field(
                ui,
                "IdP Cert Fingerprint (SHA-256)",
                &loaded.info().sha256,
                pasted,
            );
            ui.label(loaded.info().selector_advice());
        }
        None => {
            ui.label(
                "Load certificate.pem on the IdP certificate step to see its fingerprints here.",
            );
        }
    }
    ui.add_space(theme::SECTION_GAP);
    options(ui, state);
    lockout_guard(ui, state);
    fingerprint_check(ui, state);
    common::ticks(ui, state, StepId::KnowBe4Saml);
}

fn options(ui: &mut Ui, state: &AppState) {
    common::section(ui, "KnowBe4's SAML options");
    for (option, advice) in SAML_OPTIONS {
        ui.label(RichText::new(option).strong());
        ui.label(advice);
    }
    ui.label(RichText::new(ADMIN_LOGIN_NOTE).weak());
    let bypass = state.settings.region.admin_bypass_login_url();
    fields::copy_field(ui, "Admin bypass sign-in URL", &bypass);
    ui.add_space(theme::SECTION_GAP);
}

/// The two answers the report records; the second waits for the first.
fn lockout_guard(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Before disabling non-SAML logins");
    let guard = &mut state.settings.values.saml_lockout;
    ui.checkbox(&mut guard.admin_mfa_confirmed, ADMIN_MFA_LABEL);
    let allowed = guard.may_disable_non_saml_logins() || guard.non_saml_logins_disabled;
    ui.add_enabled(
        allowed,
        egui::Checkbox::new(&mut guard.non_saml_logins_disabled, NON_SAML_DISABLED_LABEL),
    );
    if !guard.may_disable_non_saml_logins() && !guard.non_saml_logins_disabled {
        ui.label(RichText::new(CONFIRM_FIRST).weak());
    }
    if let Some(problem) = guard.problem() {
        theme::message(ui, problem, true);
    }
    ui.add_space(theme::SECTION_GAP);
}

fn fingerprint_check(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Check the fingerprint KnowBe4 has now");
    fields::text_input(
        ui,
        "Fingerprint in KnowBe4",
        &mut state.fingerprint_to_check,
        "paste it in any form: colons or not, any case, with or without SHA1 Fingerprint=",
    );
    if state.fingerprint_to_check.trim().is_empty() {
        ui.add_space(theme::SECTION_GAP);
        return;
    }
    if let Some(note) = saml::prefix_note(&state.fingerprint_to_check) {
        theme::message(ui, &note, true);
    }
    match &state.certificate.current {
        Some(loaded) => {
            let verdict = saml::check_fingerprint(&state.fingerprint_to_check, loaded.info());
            theme::message(ui, &verdict.message(), !verdict.is_match());
        }
        None => theme::message(
            ui,
            "Load the IdP certificate first, to compare against it.",
            true,
        ),
    }
    ui.add_space(theme::SECTION_GAP);
}
