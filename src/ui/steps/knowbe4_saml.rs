//! Step: KnowBe4 SAML settings. What to paste into KnowBe4, what its SAML options mean, and a
//! check of the fingerprint KnowBe4 holds now.

use egui::{RichText, Ui};

use super::common;
use crate::saml;
use crate::steps::StepId;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::KnowBe4Saml);
    common::section(ui, "Values for KnowBe4's SAML section");
    match saml::parse_idp_url(&state.settings.values.idp_url) {
        Ok(url) => theme::copy_field(ui, "IdP SSO Target URL", url.as_str()),
        Err(_) => {
            ui.label(
                "Enter JumpCloud's IdP URL on the JumpCloud SSO settings step to see it here.",
            );
        }
    }
    match &state.certificate.current {
        Some(loaded) => {
            let pasted = Some(state.fingerprint_to_check.as_str()).filter(|p| !p.trim().is_empty());
            theme::fingerprint_field(
                ui,
                "IdP Cert Fingerprint (SHA-256)",
                &loaded.info.sha256,
                pasted,
            );
            ui.label(loaded.info.selector_advice());
        }
        None => {
            ui.label(
                "Load certificate.pem on the IdP certificate step to see its fingerprint here.",
            );
        }
    }
    ui.add_space(theme::SECTION_GAP);
    options(ui, state);
    fingerprint_check(ui, state);
    common::ticks(ui, state, StepId::KnowBe4Saml);
}

fn options(ui: &mut Ui, state: &AppState) {
    common::section(ui, "KnowBe4's SAML options");
    let bypass = saml::admin_bypass_login_url(state.settings.region);
    let rows = [
        (
            "Disable non-SAML logins for all users",
            "Recommended: on, but only after Validate SSO has passed. Until then, keep it off so \
             nobody is locked out by a wrong fingerprint or URL.",
        ),
        (
            "Allow admins with MFA to bypass SAML login",
            "Recommended: on. If SSO breaks (for example when the IdP certificate expires), an \
             administrator with MFA can still sign in at the bypass address below and fix it.",
        ),
        (
            "Allow account creation from SAML login",
            "Recommended: off when JumpCloud provisions users with SCIM: SCIM creates and archives \
             accounts, and sign-in would otherwise create accounts outside the groups you sync.",
        ),
    ];
    for (option, advice) in rows {
        ui.label(RichText::new(option).strong());
        ui.label(advice);
    }
    theme::copy_field(ui, "Admin bypass sign-in URL", &bypass);
    ui.add_space(theme::SECTION_GAP);
}

fn fingerprint_check(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Check the fingerprint KnowBe4 has now");
    theme::text_input(
        ui,
        "Fingerprint in KnowBe4",
        &mut state.fingerprint_to_check,
        "paste it in any form: colons or not, any case, with or without SHA1 Fingerprint=",
    );
    if state.fingerprint_to_check.trim().is_empty() {
        ui.add_space(theme::SECTION_GAP);
        return;
    }
    match &state.certificate.current {
        Some(loaded) => {
            let verdict = saml::check_fingerprint(&state.fingerprint_to_check, &loaded.info);
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
