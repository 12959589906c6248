//! Step: KnowBe4 SCIM token. The Tenant URL is checked; the token goes straight into the OS
//! keychain and is only ever shown masked.

use egui::Ui;

use super::common;
use crate::keychain::TokenPresence;
use crate::steps::StepId;
use crate::tenant_url::TenantUrl;
use crate::token::parse_pasted_token;
use crate::ui::fields;
use crate::ui::secret_field::{self, SecretFieldWords};
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::ScimToken);
    common::section(ui, "Tenant URL");
    // The one place typed text becomes the Tenant URL: it is read again only when it changes.
    let mut typed = state.settings.values.tenant_url.text().to_owned();
    fields::text_input(
        ui,
        "Tenant URL",
        &mut typed,
        "copy it from KnowBe4's SCIM settings",
    );
    state.settings.values.tenant_url.set(&typed);
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
    let entered = &state.settings.values.tenant_url;
    if entered.text().is_empty() {
        return None;
    }
    match entered.parsed() {
        Ok(url) => {
            for warning in url.warnings(Some(state.settings.region)) {
                theme::message(ui, &warning.to_string(), true);
            }
            Some(url.clone())
        }
        Err(refusal) => {
            for problem in &refusal.problems {
                theme::message(ui, &problem.to_string(), true);
            }
            if let Some(fixed) = refusal.fixed.clone()
                && ui
                    .button("Use the corrected Tenant URL")
                    .on_hover_text(&fixed)
                    .clicked()
            {
                state.settings.values.tenant_url.set(&fixed);
            }
            None
        }
    }
}

/// What the token step calls the token and its buttons.
const TOKEN_WORDS: SecretFieldWords = SecretFieldWords {
    label: "SCIM token",
    hint: "paste the token KnowBe4 showed once, then press Enter",
    present: "A token is stored for this Tenant URL.",
    absent: "No token is stored for this Tenant URL yet.",
    unknown: "Token status unknown.",
    session_only: "Session only: the token is forgotten when kb4-setup closes.",
    save: "Save to keychain",
    replace: "Replace the stored token",
    reveal_hint: "Shows the token for 10 seconds",
    paste_first: "Paste a token first",
    enter_saves: "Enter in the token field does the same",
};

fn token_controls(ui: &mut Ui, state: &mut AppState, tenant: &TenantUrl) {
    let ctx = ui.ctx().clone();
    state.token.ensure_status(&ctx, tenant);
    secret_field::status_line(ui, &state.token, tenant, &TOKEN_WORDS);
    secret_field::keychain_problem(ui, &mut state.token);
    secret_field::draft_field(ui, &mut state.token, tenant, &TOKEN_WORDS, |draft| {
        parse_pasted_token(draft)
            .map(|pasted| {
                let warnings = pasted.warnings.iter().map(ToString::to_string).collect();
                (pasted.token, warnings)
            })
            .map_err(|error| error.to_string())
    });
    stored_token_actions(ui, state, tenant);
    if let Some(message) = &state.token.message {
        theme::message(ui, message, false);
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
            fields::mark_copied(ui, copy.id);
        }
        fields::copied_note(ui, copy.id);
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
    let question = removal_question(tenant.normalized(), &state.settings.token_tenants);
    secret_field::confirm_removal(
        ui,
        &mut state.token,
        tenant,
        &question,
        ("Yes, remove the token", "Keep the token"),
    );
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
