//! Step: KnowBe4 SCIM token. The Tenant URL is checked; the token goes straight into the OS
//! keychain and is only ever shown masked.

use std::time::Instant;

use egui::{RichText, Ui, Widget};

use super::common;
use crate::keychain::TokenPresence;
use crate::steps::StepId;
use crate::tenant_url::{TenantUrl, TenantUrlCheck, check_tenant_url};
use crate::token::parse_pasted_token;
use crate::ui::state::AppState;
use crate::ui::theme;
use crate::ui::token_vault::StoreChoice;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::ScimToken);
    common::section(ui, "Tenant URL");
    theme::text_input(
        ui,
        "Tenant URL",
        &mut state.settings.values.tenant_url,
        "copy it from KnowBe4's SCIM settings",
    );
    let tenant = tenant_url_feedback(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::section(ui, "SCIM token");
    match tenant {
        Some(tenant) => token_controls(ui, state, &tenant),
        None => {
            ui.label("Enter a valid Tenant URL first: the token is stored for that tenant.");
        }
    }
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::ScimToken);
}

/// Shows what is wrong with the Tenant URL, with a one-click fix; returns it when usable.
fn tenant_url_feedback(ui: &mut Ui, state: &mut AppState) -> Option<TenantUrl> {
    let entered = state.settings.values.tenant_url.clone();
    if entered.is_empty() {
        return None;
    }
    match check_tenant_url(&entered, Some(state.settings.region)) {
        TenantUrlCheck::Ok { url, warnings } => {
            for warning in warnings {
                theme::message(ui, &warning.to_string(), true);
            }
            Some(url)
        }
        TenantUrlCheck::Refused(refusal) => {
            for problem in &refusal.problems {
                theme::message(ui, &problem.to_string(), true);
            }
            if let Some(fixed) = refusal.fixed
                && ui
                    .button("Use the corrected Tenant URL")
                    .on_hover_text(&fixed)
                    .clicked()
            {
                state.settings.values.tenant_url = fixed;
            }
            None
        }
    }
}

fn token_controls(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    let ctx = ui.ctx().clone();
    state.token.ensure_status(&ctx, tenant);
    status_line(ui, state, tenant);
    keychain_problem(ui, state);
    draft_field(ui, state, tenant);
    stored_token_actions(ui, state, tenant);
    if let Some(message) = &state.token.message {
        theme::message(ui, message, false);
    }
}

fn status_line(ui: &mut Ui, state: &AppState, tenant: &TenantUrl) {
    let vault = &state.token;
    let text = if vault.busy() {
        "Asking the keychain…".to_owned()
    } else {
        match vault.presence_of(tenant) {
            Some(TokenPresence::Present) => "A token is stored for this Tenant URL.".to_owned(),
            Some(TokenPresence::Absent) => "No token is stored for this Tenant URL yet.".to_owned(),
            None => "Token status unknown.".to_owned(),
        }
    };
    ui.label(RichText::new(text).strong());
    let location = vault.location(tenant);
    ui.label(format!(
        "Stored in: {}, service \"{}\", account \"{}\"",
        location.store_name, location.service, location.account
    ));
    if vault.choice == StoreChoice::SessionMemory {
        theme::message(
            ui,
            "Session only: the token is forgotten when kb4-setup closes.",
            true,
        );
    }
}

fn keychain_problem(ui: &mut Ui, state: &mut AppState) {
    let Some(error) = &state.token.error else {
        return;
    };
    theme::message(ui, &error.to_string(), true);
    if error.offers_session_memory()
        && state.token.choice == StoreChoice::OsKeychain
        && ui.button("Keep for this session only (memory)").clicked()
    {
        state.token.use_session_memory();
    }
}

fn draft_field(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    let now = Instant::now();
    let revealed = state.token.revealed(now);
    let empty = state.token.draft.is_empty();
    let field = ui.horizontal_top(|ui| {
        let label = theme::field_label(ui, "SCIM token");
        let field = egui::TextEdit::singleline(&mut *state.token.draft)
            .password(!revealed)
            .hint_text("paste the token KnowBe4 showed once, then press Enter")
            .desired_width((ui.available_width() - 90.0).max(120.0))
            .ui(ui)
            .labelled_by(label.id);
        let toggle = if revealed { "Hide" } else { "Reveal" };
        if ui
            .add_enabled(!empty || revealed, egui::Button::new(toggle))
            .on_hover_text("Shows the token for 10 seconds")
            .on_disabled_hover_text("Paste a token first")
            .clicked()
        {
            if revealed {
                state.token.hide();
            } else {
                state.token.reveal(ui.ctx());
            }
        }
        field
    });
    let entered = field.inner.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if state.token.draft.is_empty() {
        return;
    }
    match parse_pasted_token(&state.token.draft) {
        Ok(pasted) => {
            for warning in &pasted.warnings {
                theme::message(ui, &warning.to_string(), true);
            }
            let present = state.token.presence_of(tenant) == Some(TokenPresence::Present);
            let action = if present {
                "Replace the stored token"
            } else {
                "Save to keychain"
            };
            let idle = !state.token.busy();
            let clicked = ui
                .add_enabled(idle, egui::Button::new(action))
                .on_hover_text("Enter in the token field does the same")
                .clicked();
            if (clicked || entered) && idle {
                state.token.save(ui.ctx(), tenant, pasted.token);
            }
        }
        Err(error) => theme::message(ui, &error.to_string(), true),
    }
}

fn stored_token_actions(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    if state.token.presence_of(tenant) != Some(TokenPresence::Present) {
        state.token.confirm_remove = false;
        return;
    }
    if state.token.confirm_remove {
        confirm_removal(ui, state, tenant);
        return;
    }
    ui.horizontal(|ui| {
        let idle = !state.token.busy();
        let copy = ui
            .add_enabled(idle, egui::Button::new("Copy token"))
            .on_hover_text("Copies the stored token for JumpCloud's Token Key field");
        if copy.clicked() {
            state.token.copy_to_clipboard(ui.ctx(), tenant);
        }
        // "Copied" only once the keychain has handed the token over.
        if state.token.take_copied() {
            theme::mark_copied(ui, copy.id);
        }
        theme::copied_note(ui, copy.id);
        if ui
            .add_enabled(idle, egui::Button::new("Remove token…"))
            .clicked()
        {
            state.token.confirm_remove = true;
        }
    });
}

/// Removing a token is asked once more, saying what stays stored for other tenants.
fn confirm_removal(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    theme::message(
        ui,
        &removal_question(tenant.normalized(), &state.settings.token_tenants),
        true,
    );
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !state.token.busy(),
                egui::Button::new("Yes, remove the token"),
            )
            .clicked()
        {
            state.token.confirm_remove = false;
            state.token.delete(ui.ctx(), tenant);
        }
        if ui.button("Keep the token").clicked() {
            state.token.confirm_remove = false;
        }
    });
}

/// The confirmation question: which token goes, and which tenants keep theirs.
fn removal_question(tenant: &str, stored_for: &std::collections::BTreeSet<String>) -> String {
    let others: Vec<&str> = stored_for
        .iter()
        .map(String::as_str)
        .filter(|other| *other != tenant)
        .collect();
    let kept = if others.is_empty() {
        "No other tenant has a token stored by kb4-setup.".to_owned()
    } else {
        format!("Tokens stay stored for: {}.", others.join(", "))
    };
    format!(
        "Remove the SCIM token for {tenant} from the keychain? JumpCloud keeps its own copy; \
         kb4-setup will need the token again to run the checks. {kept}"
    )
}

#[cfg(test)]
mod tests {
    use super::removal_question;

    #[test]
    fn the_question_names_the_tenants_that_keep_a_token() {
        let tenant = "https://eu.knowbe4.com/scim/v2/A";
        let mut stored = std::collections::BTreeSet::new();
        stored.insert(tenant.to_owned());
        assert!(removal_question(tenant, &stored).contains("No other tenant"));
        stored.insert("https://training.knowbe4.com/scim/v2/B".to_owned());
        let question = removal_question(tenant, &stored);
        assert!(
            question.contains("Tokens stay stored for: https://training.knowbe4.com/scim/v2/B."),
            "{question}"
        );
    }
}
