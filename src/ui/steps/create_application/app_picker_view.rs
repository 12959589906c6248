//! Draws the KnowBe4 application: the one remembered, the button that lists the
//! organisation's applications, and the choice when several look like KnowBe4.

use egui::{RichText, Ui};

use crate::jumpcloud::JumpCloudSettings;
use crate::jumpcloud::applications::{Application, KnowBe4Sign};
use crate::keychain::TokenPresence;
use crate::ui::jumpcloud::app_finder::{Listing, remember};
use crate::ui::state::AppState;
use crate::ui::theme;
use crate::ui::theme::note;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    ui.label(theme::heading_text("The KnowBe4 application in JumpCloud"));
    remembered(ui, &state.settings.values.jumpcloud);
    find_button(ui, state);
    if let Some(problem) = &state.jumpcloud.finder.problem {
        theme::message(ui, problem, true);
    }
    let finder = &mut state.jumpcloud.finder;
    if let Some(listing) = &finder.listing {
        choices(
            ui,
            listing,
            &mut finder.show_all,
            &mut state.settings.values.jumpcloud,
        );
    }
}

fn remembered(ui: &mut Ui, settings: &JumpCloudSettings) {
    match settings.application_id() {
        Some(id) => {
            ui.label(format!(
                "Application: {} (id {id})",
                name_or_id(&settings.application_label, id)
            ));
        }
        None => note(
            ui,
            "No application chosen yet: list the organisation's applications to find it.",
        ),
    }
}

fn find_button(ui: &mut Ui, state: &mut AppState) {
    let stored = state.jumpcloud.key.presence_of(&()) == Some(TokenPresence::Present);
    let running = state.jumpcloud.finder.running();
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(
                stored && !running,
                egui::Button::new("Find the KnowBe4 application"),
            )
            .on_hover_text("Lists the organisation's applications (GET requests only)")
            .on_disabled_hover_text("Save the API key first")
            .clicked();
        if clicked {
            state.jumpcloud.finder.request(&state.settings.values);
        }
        if running {
            ui.spinner();
            ui.label("Reading the applications…");
        }
    });
}

fn choices(ui: &mut Ui, listing: &Listing, show_all: &mut bool, settings: &mut JumpCloudSettings) {
    let total = listing.all.len();
    if let Some(id) = settings.application_id()
        && !listing.all.iter().any(|app| app.id == id)
        && total > 0
    {
        theme::message(
            ui,
            &format!(
                "The application remembered (id {id}) is not among the {total} applications \
                 JumpCloud listed: pick one below."
            ),
            true,
        );
    }
    let offered: &[Application] = if *show_all {
        &listing.all
    } else {
        &listing.candidates
    };
    match listing.candidates.len() {
        0 => theme::message(
            ui,
            &format!(
                "None of the {total} applications at {} looks like KnowBe4 (by its label, its \
                 name or an ACS URL on a knowbe4.com host).",
                listing.asked
            ),
            true,
        ),
        1 => note(ui, "One application looks like KnowBe4; it is remembered."),
        several => note(
            ui,
            &format!("{several} applications look like KnowBe4: pick the one to verify."),
        ),
    }
    for app in offered {
        option(ui, app, settings);
    }
    if total > listing.candidates.len() {
        ui.checkbox(
            show_all,
            format!("Show all {total} applications of the organisation"),
        );
    }
}

/// One application to pick: label, id, why it looks like KnowBe4, and its ACS URL.
fn option(ui: &mut Ui, app: &Application, settings: &mut JumpCloudSettings) {
    let chosen = settings.application_id() == Some(app.id.as_str());
    let text = format!("{} (id {})", name_or_id(&app.label, &app.id), app.id);
    if ui.radio(chosen, text).clicked() && !chosen {
        remember(settings, app);
    }
    let signs = app.knowbe4_signs();
    let mut detail = Vec::new();
    if !signs.is_empty() {
        let why: Vec<&str> = signs.iter().map(|sign| sign_words(*sign)).collect();
        detail.push(format!("looks like KnowBe4: {}", why.join(", ")));
    }
    if let Some(acs) = &app.saml.acs_url {
        detail.push(format!("ACS URL {acs}"));
    }
    if !detail.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.add_space(24.0);
            ui.label(RichText::new(detail.join(" · ")).weak());
        });
    }
}

fn sign_words(sign: KnowBe4Sign) -> &'static str {
    match sign {
        KnowBe4Sign::Label => "its label",
        KnowBe4Sign::Name => "its catalogue name",
        KnowBe4Sign::AcsUrl => "an ACS URL on a knowbe4.com host",
    }
}

fn name_or_id<'a>(label: &'a str, id: &'a str) -> &'a str {
    if label.trim().is_empty() { id } else { label }
}
