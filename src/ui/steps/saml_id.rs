//! Step: KnowBe4 SAML ID. The operator pastes the ID (or a KnowBe4 URL holding it); the values
//! to type into JumpCloud are computed from it.

use egui::Ui;

use super::common;
use crate::saml;
use crate::steps::StepId;
use crate::steps::attention;
use crate::ui::fields;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::SamlId);
    common::section(ui, "Your SAML ID");
    let response = fields::text_input(
        ui,
        "KnowBe4 SAML ID",
        &mut state.settings.values.saml_id,
        "paste the SAML ID, or a KnowBe4 URL that contains it",
    );
    if response.changed() {
        take_id_out_of_url(state);
    }
    saml_id_feedback(ui, state);
    ui.add_space(theme::ITEM_GAP);
    fields::text_input(
        ui,
        "Unique SP Entity ID (optional)",
        &mut state.settings.values.custom_entity_id,
        "only if you clicked Generate unique Entity ID in KnowBe4",
    );
    common::problems(ui, state, StepId::SamlId);
    ui.add_space(theme::SECTION_GAP);
    computed_values(ui, state);
    common::ticks(ui, state, StepId::SamlId);
}

/// When a whole KnowBe4 URL was pasted, keep only the ID and say so. The URL's region is
/// remembered: if it is not the region chosen, the step (and the region step) need attention
/// until one of them changes.
fn take_id_out_of_url(state: &mut AppState) {
    state.saml_id_note = None;
    let values = &mut state.settings.values;
    match saml::parse_saml_id(&values.saml_id) {
        Ok(input) => {
            if let Some(note) = input.extraction_note() {
                values.saml_id = input.id.as_str().to_owned();
                values.saml_url_region = input.url_region;
                state.saml_id_note = Some(note);
            } else {
                // Typed by hand: no URL, so no URL region to compare with.
                values.saml_url_region = None;
            }
        }
        Err(_) => values.saml_url_region = None,
    }
}

fn saml_id_feedback(ui: &mut Ui, state: &AppState) {
    if let Some(note) = &state.saml_id_note {
        theme::message(ui, note, false);
    }
    let entered = &state.settings.values.saml_id;
    if !entered.trim().is_empty()
        && let Ok(input) = saml::parse_saml_id(entered)
    {
        theme::message(
            ui,
            &format!("SAML ID {} looks right.", input.id.as_str()),
            false,
        );
    }
}

/// The values to type into JumpCloud, each with a Copy button.
pub fn computed_values(ui: &mut Ui, state: &AppState) {
    common::section(ui, "Values for JumpCloud's SSO tab");
    match attention::saml_values(&state.settings) {
        Some(values) => {
            fields::copy_field(ui, "ACS URL", &values.acs_url);
            fields::copy_field(ui, "Default RelayState value", &values.relay_state);
            ui.label(
                egui::RichText::new(
                    "Replace {SAML_ACCOUNT_ID} in JumpCloud's Default RelayState with this value.",
                )
                .weak(),
            );
            fields::copy_field(ui, "SP sign-in URL", &values.sign_in_url);
            fields::copy_field(ui, "SP Entity ID", &values.entity_id);
        }
        None => {
            ui.label(
                "Enter a valid SAML ID to see the ACS URL, RelayState, sign-in URL and Entity ID.",
            );
        }
    }
    ui.add_space(theme::SECTION_GAP);
}
