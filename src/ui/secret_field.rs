//! The shared drawing of a secret kept by a [`SecretVault`] (the SCIM token, the JumpCloud API
//! key): the status line and where it is kept, a keychain problem with the session-only offer,
//! the masked field with Reveal and Save / Replace, and the Remove confirmation. Each step
//! gives its own words in a [`SecretFieldWords`].

use std::time::Instant;

use egui::{RichText, Ui, Widget};

use crate::keychain::TokenPresence;
use crate::ui::fields;
use crate::ui::secret_vault::{SecretKind, SecretVault, StoreChoice};
use crate::ui::theme;

/// What a step calls its secret and its buttons.
pub struct SecretFieldWords {
    /// The field's label, also its accessible name.
    pub label: &'static str,
    pub hint: &'static str,
    pub present: &'static str,
    pub absent: &'static str,
    pub unknown: &'static str,
    pub session_only: &'static str,
    pub save: &'static str,
    pub replace: &'static str,
    pub reveal_hint: &'static str,
    /// Why Reveal is disabled while the field is empty.
    pub paste_first: &'static str,
    /// The Save button's hover text.
    pub enter_saves: &'static str,
}

/// A pasted secret checked by its parser: the secret and what to warn about, or why not.
pub type Parsed<S> = Result<(S, Vec<String>), String>;

/// The status line and the store's name, service and account.
pub fn status_line<K: SecretKind>(
    ui: &mut Ui,
    vault: &SecretVault<K>,
    key: &K::Key,
    words: &SecretFieldWords,
) {
    let text = if vault.busy() {
        "Asking the keychain…"
    } else {
        match vault.presence_of(key) {
            Some(TokenPresence::Present) => words.present,
            Some(TokenPresence::Absent) => words.absent,
            None => words.unknown,
        }
    };
    ui.label(RichText::new(text).strong());
    let location = vault.location(key);
    ui.label(format!(
        "Stored in: {}, service \"{}\", account \"{}\"",
        location.store_name, location.service, location.account
    ));
    if vault.choice == StoreChoice::SessionMemory {
        theme::message(ui, words.session_only, true);
    }
}

/// The keychain's last error, and the offer to keep the secret in memory for this session.
pub fn keychain_problem<K: SecretKind>(ui: &mut Ui, vault: &mut SecretVault<K>) {
    let Some(error) = &vault.error else {
        return;
    };
    theme::message(ui, &error.to_string(), true);
    if error.offers_session_memory()
        && vault.choice == StoreChoice::OsKeychain
        && ui.button("Keep for this session only (memory)").clicked()
    {
        vault.use_session_memory();
    }
}

/// The masked field with Reveal, and Save (or Replace) once what was pasted passes `parse`.
/// Enter in the field saves too.
pub fn draft_field<K: SecretKind>(
    ui: &mut Ui,
    vault: &mut SecretVault<K>,
    key: &K::Key,
    words: &SecretFieldWords,
    parse: impl Fn(&str) -> Parsed<K::Secret>,
) {
    let now = Instant::now();
    let revealed = vault.revealed(now);
    let empty = vault.draft.is_empty();
    let field = ui.horizontal_top(|ui| {
        let label = fields::field_label(ui, words.label);
        let field = egui::TextEdit::singleline(&mut *vault.draft)
            .password(!revealed)
            .hint_text(words.hint)
            .desired_width((ui.available_width() - 90.0).max(120.0))
            .ui(ui)
            .labelled_by(label.id);
        let toggle = if revealed { "Hide" } else { "Reveal" };
        if ui
            .add_enabled(!empty || revealed, egui::Button::new(toggle))
            .on_hover_text(words.reveal_hint)
            .on_disabled_hover_text(words.paste_first)
            .clicked()
        {
            if revealed {
                vault.hide();
            } else {
                vault.reveal(ui.ctx());
            }
        }
        field
    });
    let entered = field.inner.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
    if vault.draft.is_empty() {
        return;
    }
    match parse(&vault.draft) {
        Ok((secret, warnings)) => {
            for warning in &warnings {
                theme::message(ui, warning, true);
            }
            let present = vault.presence_of(key) == Some(TokenPresence::Present);
            let action = if present { words.replace } else { words.save };
            let idle = !vault.busy();
            let clicked = ui
                .add_enabled(idle, egui::Button::new(action))
                .on_hover_text(words.enter_saves)
                .clicked();
            if (clicked || entered) && idle {
                vault.save(ui.ctx(), key, secret);
            }
        }
        Err(problem) => theme::message(ui, &problem, true),
    }
}

/// The question before a removal, with the two answers; "Yes" removes the secret.
pub fn confirm_removal<K: SecretKind>(
    ui: &mut Ui,
    vault: &mut SecretVault<K>,
    key: &K::Key,
    question: &str,
    (remove, keep): (&str, &str),
) {
    theme::message(ui, question, true);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!vault.busy(), egui::Button::new(remove))
            .clicked()
        {
            vault.confirm_remove = false;
            vault.delete(ui.ctx(), key);
        }
        if ui.button(keep).clicked() {
            vault.confirm_remove = false;
        }
    });
}
