//! Step: JumpCloud SSO settings. Shows the values to type into JumpCloud and checks the IdP
//! URL copied back from it.

use egui::Ui;

use super::{common, saml_id};
use crate::saml;
use crate::steps::StepId;
use crate::ui::fields;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::JumpCloudSso);
    saml_id::computed_values(ui, state);
    if saml_id_missing(state) && ui.button("Go to the KnowBe4 SAML ID step").clicked() {
        state.go_to(StepId::SamlId);
    }
    common::section(ui, "JumpCloud's IdP URL");
    fields::text_input(
        ui,
        "JumpCloud IdP URL",
        &mut state.settings.values.idp_url,
        "https://sso.jumpcloud.com/saml2/knowbe4",
    );
    common::problems(ui, state, StepId::JumpCloudSso);
    idp_url_feedback(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::JumpCloudSso);
}

fn saml_id_missing(state: &AppState) -> bool {
    saml::parse_saml_id(&state.settings.values.saml_id).is_err()
}

fn idp_url_feedback(ui: &mut Ui, state: &mut AppState) {
    let entered = state.settings.values.idp_url.clone();
    if entered.is_empty() {
        return;
    }
    match saml::parse_idp_url(&entered) {
        Ok(url) => theme::message(
            ui,
            &format!(
                "A JumpCloud IdP URL for the application labelled \"{}\".",
                url.label()
            ),
            false,
        ),
        Err(saml::IdpUrlError::SurroundingWhitespace) => {
            if ui.button("Remove the spaces around the IdP URL").clicked() {
                state.settings.values.idp_url = entered.trim().to_owned();
            }
        }
        Err(_) => {}
    }
}
