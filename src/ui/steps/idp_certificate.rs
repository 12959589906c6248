//! Step: IdP certificate. Load certificate.pem (file dialog, drop, or paste), see what is in it
//! and copy its fingerprint in the form KnowBe4 accepts.

use egui::{RichText, Ui, Widget};

use super::common;
use crate::certificate::CertificateInfo;
use crate::steps::StepId;
use crate::ui::certificate_slot::CertificateProblem;
use crate::ui::fields;
use crate::ui::file_dialog;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::IdpCertificate);
    common::section(ui, "Load certificate.pem");
    load_controls(ui, state);
    refused_file(ui, state);
    common::problems(ui, state, StepId::IdpCertificate);
    if let Some(loaded) = state.certificate.current.clone() {
        ui.add_space(theme::ITEM_GAP);
        ui.label(format!("Loaded from {}", loaded.source.describe()));
        details(ui, loaded.info(), state);
        fingerprints(ui, loaded.info());
    }
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::IdpCertificate);
}

fn load_controls(ui: &mut Ui, state: &mut AppState) {
    ui.horizontal_wrapped(|ui| {
        let choosing = state.certificate.dialog_open();
        if ui
            .add_enabled(!choosing, egui::Button::new("Choose certificate file…"))
            .clicked()
        {
            state.certificate.open_dialog(ui.ctx());
        }
        if choosing {
            ui.label("Waiting for the file dialog…");
        }
        ui.label(
            RichText::new("or drop certificate.pem anywhere on this window, or paste it below.")
                .weak(),
        );
    });
    if state.certificate.no_dialog
        && let Some(path) = file_dialog::fallback(
            ui,
            &mut state.certificate.typed_path,
            "Drop certificate.pem onto this window, paste its text below, or type its path here.",
            "Load this file",
        )
    {
        state
            .certificate
            .load_file(&path, &mut state.settings.values);
    }
    let label = ui.label("Paste certificate text");
    let pasted = egui::TextEdit::multiline(&mut state.pasted_certificate)
        .font(egui::TextStyle::Monospace)
        .desired_rows(3)
        .desired_width(f32::INFINITY)
        .hint_text("-----BEGIN CERTIFICATE-----")
        .ui(ui)
        .labelled_by(label.id);
    // Key material is refused, and cleared from the box, the moment it is pasted.
    let key_pasted = pasted.changed() && state.pasted_certificate.contains("PRIVATE KEY");
    let has_text = !state.pasted_certificate.trim().is_empty();
    let clicked = ui
        .add_enabled(has_text, egui::Button::new("Load pasted text"))
        .clicked();
    if clicked || key_pasted {
        load_pasted(state);
    }
}

/// Loads the paste box. What the operator pasted stays, so nothing is lost, unless it held a
/// private key or was loaded: key material is not left lying in the window.
fn load_pasted(state: &mut AppState) {
    let text = std::mem::take(&mut state.pasted_certificate);
    let copy = state.paths.pasted_certificate_file();
    state
        .certificate
        .load_pasted(text.as_bytes(), &copy, &mut state.settings.values);
    let refused_without_key = state
        .certificate
        .problem
        .as_ref()
        .is_some_and(|p| !p.is_private_key);
    if refused_without_key && !text.contains("PRIVATE KEY") {
        state.pasted_certificate = text;
    }
}

fn refused_file(ui: &mut Ui, state: &AppState) {
    if let Some(problem) = &state.certificate.problem {
        refused_certificate(ui, problem, state.certificate.current.is_some());
    }
}

/// A refused file, framed; a private key gets a heading of its own. Also used for the new
/// certificate on the rotation step.
pub(super) fn refused_certificate(
    ui: &mut Ui,
    problem: &CertificateProblem,
    earlier_still_shown: bool,
) {
    let colour = theme::warning_colour(ui);
    egui::Frame::new()
        .stroke(egui::Stroke::new(
            if problem.is_private_key { 2.0 } else { 1.0 },
            colour,
        ))
        .inner_margin(8)
        .corner_radius(4)
        .show(ui, |ui| {
            if problem.is_private_key {
                ui.label(
                    RichText::new("This is a PRIVATE KEY — do not share it")
                        .heading()
                        .color(colour),
                );
            }
            ui.label(RichText::new(&problem.message).color(colour));
            if earlier_still_shown {
                ui.label("The certificate loaded before is still the one shown below.");
            }
        });
}

fn details(ui: &mut Ui, info: &CertificateInfo, state: &AppState) {
    let validity = info.validity(state.now());
    egui::Grid::new("certificate_details")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            let mut row = |name: &str, value: String| {
                ui.label(RichText::new(name).strong());
                ui.label(value);
                ui.end_row();
            };
            row("Subject", info.subject.clone());
            row("Issuer", info.issuer.clone());
            row("Serial", info.serial.clone());
            row("Valid from", info.not_before.clone());
            row("Valid until", info.not_after.clone());
            row("Key", info.key_summary());
            row("Signature", info.signature_algorithm.clone());
            row(
                "Self-signed",
                if info.self_signed {
                    "yes".into()
                } else {
                    "no".into()
                },
            );
            row("Certificates in file", info.certificate_count.to_string());
        });
    // A problem with the dates is already shown above, with the step's other problems.
    if !validity.is_problem() {
        theme::message(ui, &validity.message(), false);
    }
    for warning in &info.warnings {
        theme::message(ui, warning, true);
    }
}

fn fingerprints(ui: &mut Ui, info: &CertificateInfo) {
    common::section(ui, "Fingerprints for KnowBe4");
    fields::fingerprint_field(ui, "SHA-1 fingerprint", &info.sha1, None);
    fields::fingerprint_field(ui, "SHA-256 fingerprint", &info.sha256, None);
    ui.label(info.selector_advice());
}
