//! Draws "Connect to JumpCloud (optional)": what the key can do, the API host and organisation
//! id, the API key (through the same masked field and keychain path as the SCIM token), then
//! the application and its verification.

use egui::Ui;

use crate::jumpcloud::api_key::parse_api_key;
use crate::jumpcloud::{ApiHost, OrgId};
use crate::keychain::TokenPresence;
use crate::ui::fields;
use crate::ui::secret_field::{self, SecretFieldWords};
use crate::ui::state::AppState;
use crate::ui::theme;

/// The section's title, also the name the README and the other steps use.
pub const TITLE: &str = "Connect to JumpCloud (optional)";

/// What the key can do, said before it is asked for.
const INTRO: &[&str] = &[
    "Optional: every step of this setup works without it. With a JumpCloud administrator's \
     API key, kb4-setup reads the KnowBe4 application's SAML settings from JumpCloud and checks \
     them against the values of this setup.",
    "JumpCloud has no read-only API key: a key carries its administrator's full role. Use the \
     key of an administrator with a read-only role. kb4-setup only ever sends GET requests to \
     JumpCloud: it reads, and changes nothing there.",
];

const KEY_WORDS: SecretFieldWords = SecretFieldWords {
    label: "JumpCloud API key",
    hint: "paste the administrator's API key, then press Enter",
    present: "An API key is stored.",
    absent: "No API key is stored yet.",
    unknown: "API key status unknown.",
    session_only: "Session only: the key is forgotten when kb4-setup closes.",
    save: "Save API key to keychain",
    replace: "Replace the stored API key",
    reveal_hint: "Shows the key for 10 seconds",
    paste_first: "Paste a key first",
    enter_saves: "Enter in the key field does the same",
};

/// The part, folded until the operator opens it or has set something for JumpCloud: the
/// keychain is asked about the key only once it is open, so an operator who never uses it is
/// never asked to unlock anything for it.
pub fn show(ui: &mut Ui, state: &mut AppState) {
    ui.add_space(theme::ITEM_GAP);
    let in_use = state.settings.values.jumpcloud.in_use();
    egui::CollapsingHeader::new(theme::heading_text(TITLE))
        .id_salt("connect_to_jumpcloud")
        .default_open(in_use)
        .show_unindented(ui, |ui| contents(ui, state));
}

fn contents(ui: &mut Ui, state: &mut AppState) {
    for paragraph in INTRO {
        ui.label(*paragraph);
    }
    ui.add_space(theme::ITEM_GAP);
    where_to_ask(ui, state);
    ui.add_space(theme::ITEM_GAP);
    key_controls(ui, state);
    ui.add_space(theme::ITEM_GAP);
    super::app_picker_view::show(ui, state);
    super::verification_view::show(ui, state);
}

/// The API host, the organisation id and an optional API URL, each checked as typed.
fn where_to_ask(ui: &mut Ui, state: &mut AppState) {
    let jumpcloud = &mut state.settings.values.jumpcloud;
    ui.horizontal_top(|ui| {
        let label = fields::field_label(ui, "API host");
        ui.vertical(|ui| {
            for host in ApiHost::ALL {
                ui.radio_value(&mut jumpcloud.api_host, host, host.display_name())
                    .labelled_by(label.id);
            }
        });
    });
    fields::text_input(
        ui,
        "Organisation id",
        &mut jumpcloud.org_id,
        "only for multi-tenant (MSP) administrators; sent as x-org-id",
    );
    if let Err(problem) = OrgId::parse_optional(&jumpcloud.org_id) {
        theme::message(ui, &problem.to_string(), true);
    }
    egui::CollapsingHeader::new("Another API address (optional)")
        .default_open(!jumpcloud.api_url.trim().is_empty())
        .show(ui, |ui| {
            fields::text_input(
                ui,
                "API URL",
                &mut jumpcloud.api_url,
                "https://…; replaces the API host above when filled in",
            );
        });
    match jumpcloud.api_base() {
        Ok(base) if !jumpcloud.api_url.trim().is_empty() => {
            ui.label(format!(
                "Requests go to {} instead of the API host.",
                base.as_str()
            ));
        }
        Ok(_) => {}
        Err(problem) => theme::message(ui, &problem.to_string(), true),
    }
}

fn key_controls(ui: &mut Ui, state: &mut AppState) {
    let vault = &mut state.jumpcloud.key;
    vault.ensure_status(ui.ctx(), &());
    secret_field::status_line(ui, vault, &(), &KEY_WORDS);
    secret_field::keychain_problem(ui, vault);
    secret_field::draft_field(ui, vault, &(), &KEY_WORDS, |draft| {
        parse_api_key(draft)
            .map(|key| (key, Vec::new()))
            .map_err(|error| error.to_string())
    });
    stored_key_actions(ui, state);
    if let Some(message) = &state.jumpcloud.key.message {
        theme::message(ui, message, false);
    }
}

fn stored_key_actions(ui: &mut Ui, state: &mut AppState) {
    let vault = &mut state.jumpcloud.key;
    if vault.presence_of(&()) != Some(TokenPresence::Present) {
        vault.confirm_remove = false;
        return;
    }
    if vault.confirm_remove {
        secret_field::confirm_removal(
            ui,
            vault,
            &(),
            "Remove the JumpCloud API key from the keychain? Removing it here does not disable \
             it in JumpCloud; kb4-setup will need it again to read JumpCloud. The other steps \
             work without it.",
            ("Yes, remove the API key", "Keep the API key"),
        );
        return;
    }
    if ui
        .add_enabled(!vault.busy(), egui::Button::new("Remove API key…"))
        .clicked()
    {
        vault.confirm_remove = true;
    }
}
