//! Step: Renew the SCIM token, in the order that keeps provisioning working.

use egui::Ui;

use super::common;
use crate::steps::StepId;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::RenewToken);
    common::section(ui, "Replace the stored token");
    ui.label(
        "After KnowBe4 shows the regenerated token, paste it on the KnowBe4 SCIM token step: it \
         replaces the old one in the keychain.",
    );
    if ui.button("Go to the KnowBe4 SCIM token step").clicked() {
        state.go_to(StepId::ScimToken);
    }
    common::section(ui, "Prove the new token works");
    super::identity_management::checks(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::RenewToken);
}
