//! Step: Remove the integration. The three JumpCloud procedures as ticks; removing the token
//! from this computer's keychain is done here by the app.

use egui::Ui;

use super::common;
use crate::keychain::TokenPresence;
use crate::steps::StepId;
use crate::tenant_url::TenantUrl;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::RemoveIntegration);
    common::section(ui, "The SCIM token on this computer");
    match state.settings.values.tenant_url.url().cloned() {
        Some(tenant) => remove_token(ui, state, &tenant),
        None => {
            ui.label(
                "No valid Tenant URL was entered, so there is no token of this setup to remove.",
            );
        }
    }
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::RemoveIntegration);
    forget_settings(ui, state);
}

/// Forgetting everything is offered last, and only happens after a second, explicit click.
fn forget_settings(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Forget this setup on this computer");
    ui.label(
        "Deletes the saved settings: the values entered, every tick, the last check, pre-flight \
         and comparison results, and the certificate paths (the files themselves stay). Remove \
         the SCIM token above first: forgetting does not touch the keychain.",
    );
    if !state.confirm_forget {
        if ui.button("Forget all saved settings…").clicked() {
            state.confirm_forget = true;
        }
        return;
    }
    theme::message(
        ui,
        "This cannot be undone. Export the setup report first (Report step) if you want a record.",
        true,
    );
    ui.horizontal(|ui| {
        if ui.button("Yes, forget everything").clicked() {
            state.forget_requested = true;
            state.confirm_forget = false;
        }
        if ui.button("Keep the settings").clicked() {
            state.confirm_forget = false;
        }
    });
}

fn remove_token(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    let ctx = ui.ctx().clone();
    state.token.ensure_status(&ctx, tenant);
    if let Some(error) = &state.token.error {
        theme::message(ui, &error.to_string(), true);
    }
    if state.token.take_deleted() {
        state
            .settings
            .set_ticked(StepId::RemoveIntegration, "token_removed", true);
    }
    match state.token.presence_of(tenant) {
        Some(TokenPresence::Present) => {
            if ui
                .add_enabled(
                    !state.token.busy(),
                    egui::Button::new("Remove the SCIM token from the keychain"),
                )
                .clicked()
            {
                state.token.delete(&ctx, tenant);
            }
        }
        Some(TokenPresence::Absent) => {
            theme::message(
                ui,
                "No SCIM token for this tenant is left in the keychain.",
                false,
            );
        }
        None => {
            ui.label("Asking the keychain…");
        }
    }
}
