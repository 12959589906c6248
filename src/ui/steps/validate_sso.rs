//! Step: Validate SSO. Launch an IdP- and an SP-initiated login, tick what happened, and when
//! it fails, inspect the captured SAML response offline to see why KnowBe4 refused it.

use egui::{RichText, Ui, Widget as _};

use super::common;
use crate::saml;
use crate::steps::{ConsoleLink, StepId, attention};
use crate::ui::browser::Opened;
use crate::ui::fields;
use crate::ui::inspection_view;
use crate::ui::saml_inspector::InspectorResult;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::ValidateSso);
    launchers(ui, state);
    common::ticks(ui, state, StepId::ValidateSso);
    ui.add_space(theme::SECTION_GAP);
    inspector(ui, state);
}

fn launchers(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Try both logins");
    let region = state.settings.region;
    let console = ConsoleLink::JumpCloudUserConsole.url(region);
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("IdP-initiated: open the JumpCloud User Console")
            .on_hover_text(&console)
            .clicked()
        {
            state.browser.open(ui.ctx(), &console);
        }
        ui.label("then click the KnowBe4 icon.");
    });
    launch_outcome(ui, state, &console, "JumpCloud User Console URL");
    match saml::parse_saml_id(&state.settings.values.saml_id) {
        Ok(input) => {
            let sign_in = saml::sp_sign_in_url(region, &input.id);
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("SP-initiated: open KnowBe4's SAML sign-in")
                    .on_hover_text(&sign_in)
                    .clicked()
                {
                    state.browser.open(ui.ctx(), &sign_in);
                }
                ui.label("in a private window, so no earlier session is reused.");
            });
            // The sign-in URL is always shown with Copy, so only the outcome is said here.
            launch_outcome(ui, state, &sign_in, "");
            fields::copy_field(ui, "SP sign-in URL", &sign_in);
        }
        Err(_) => theme::message(
            ui,
            "Enter KnowBe4's SAML ID on the SAML ID step to open the SP-initiated sign-in.",
            true,
        ),
    }
    ui.add_space(theme::SECTION_GAP);
}

/// What became of opening `url`, when it was the last page asked for: a browser that did not
/// open is said, and the address is kept on screen with Copy (under `copy_label`, if given).
fn launch_outcome(ui: &mut Ui, state: &AppState, url: &str, copy_label: &str) {
    let Some((asked, opened)) = &state.browser.last else {
        return;
    };
    if asked != url {
        return;
    }
    match opened {
        Opened::Opening => {
            ui.label(RichText::new("Opening it in your browser…").weak());
        }
        Opened::Opened => {
            ui.label(
                RichText::new(
                    "Sent to your browser. If no page appeared, copy the address into a browser.",
                )
                .weak(),
            );
        }
        Opened::Failed(error) => theme::message(
            ui,
            &format!(
                "No browser opened ({error}). Copy the address and open it in a browser yourself."
            ),
            true,
        ),
    }
    if !copy_label.is_empty() {
        fields::copy_field(ui, copy_label, url);
    }
}

fn inspector(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Inspect a SAML response");
    ui.label(
        "If a login fails, capture the SAMLResponse with a browser SAML tracer and paste it \
         here: base64 (POST), URL-encoded, deflated (redirect) or raw XML. It is checked on \
         this computer only, never sent anywhere, and never saved.",
    );
    fields::text_input(
        ui,
        "JumpCloud IdP Entity ID",
        &mut state.settings.values.idp_entity_id,
        "optional: the IdP Entity ID on JumpCloud's SSO tab, to check the Issuer",
    );
    input_box(ui, state);
    actions(ui, state);
    if let Some(problem) = &state.inspector.file_problem {
        theme::message(ui, problem, true);
    }
    expectations_line(ui, state);
    match &state.inspector.result {
        Some(InspectorResult::Inspected(inspection)) => inspection_view::show(ui, inspection),
        Some(InspectorResult::Unreadable(message)) => theme::message(ui, message, true),
        None => {}
    }
}

fn input_box(ui: &mut Ui, state: &mut AppState) {
    let label = ui.label("SAML response");
    egui::ScrollArea::vertical()
        .id_salt("saml_response_input")
        .max_height(120.0)
        .show(ui, |ui| {
            egui::TextEdit::multiline(&mut state.inspector.input)
                .hint_text("PHNhbWxwOlJlc3BvbnNlIC4uLg== or <samlp:Response …>")
                .font(egui::TextStyle::Monospace)
                .desired_rows(4)
                .desired_width(f32::INFINITY)
                .ui(ui)
                .labelled_by(label.id);
        });
    if let Some(name) = &state.inspector.loaded_from {
        ui.label(RichText::new(format!("Loaded from {name}")).weak());
    }
}

fn actions(ui: &mut Ui, state: &mut AppState) {
    let ctx = ui.ctx().clone();
    ui.horizontal(|ui| {
        let inspecting = state.inspector.running();
        if ui
            .add_enabled(!inspecting, egui::Button::new("Inspect"))
            .clicked()
        {
            let expectations = expectations(state);
            let now = state.now();
            state.inspector.inspect(&ctx, expectations, now);
        }
        if inspecting {
            ui.spinner();
            ui.label("Inspecting…");
        }
        let loading = state.inspector.dialog_open();
        if ui
            .add_enabled(!loading, egui::Button::new("Load from file…"))
            .clicked()
        {
            state.inspector.open_dialog(&ctx);
        }
        if ui.button("Clear").clicked() {
            state.inspector.clear();
        }
    });
}

/// What the response is judged against, from the steps before this one.
fn expectations(state: &AppState) -> crate::saml_response::Expectations {
    let der = state
        .certificate
        .current
        .as_ref()
        .map(|c| c.certificate.der().to_vec());
    attention::response_expectations(&state.settings, der, Some(&state.fingerprint_to_check))
}

fn expectations_line(ui: &mut Ui, state: &AppState) {
    let expected = expectations(state);
    let acs = expected
        .acs_url
        .unwrap_or_else(|| "not known (enter the SAML ID)".to_owned());
    let certificate = match &state.certificate.current {
        Some(loaded) => format!("the loaded certificate (SHA-1 {})", loaded.info().sha1),
        None => "no certificate loaded: the signature cannot be verified".to_owned(),
    };
    ui.label(
        RichText::new(format!(
            "Checked against: ACS URL {acs}; audience {}; {certificate}.",
            expected.entity_id
        ))
        .weak(),
    );
}
