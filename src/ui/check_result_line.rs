//! The one result line of the window: a connection check's result (live during a run and in
//! the last report), a JumpCloud verification finding and a SAML inspector verdict are all
//! drawn by [`line`] or [`folding_line`]: the verdict's word in its colour, name and summary on
//! one wrapping line, and the hint under it when it did not pass. A folding line opens to its
//! details (the request and the server's answer, or both values compared).

use egui::{RichText, Ui};

use crate::scim::check_results::CheckResult;
use crate::ui::theme;
use crate::verdict::Verdict;

/// Draws `result`, the `index`th of its run (which keeps each line's open state apart).
pub fn show(ui: &mut Ui, index: usize, result: &CheckResult) {
    folding_line(
        ui,
        ("check_result", index),
        false,
        Line {
            verdict: result.status,
            name: &result.name,
            summary: &result.summary,
            hint: result.hint.as_deref(),
        },
        |ui| {
            if let Some(request) = &result.request {
                ui.label(format!("Request: {request}"));
            }
            if let Some(status) = result.http_status {
                ui.label(format!("HTTP status: {status}"));
            }
            ui.label(format!("Took {} ms", result.duration_ms));
            if let Some(excerpt) = &result.excerpt {
                ui.label(RichText::new(excerpt).monospace());
            }
        },
    );
}

/// What one result line says: each kind of check fills it from its own result.
pub struct Line<'a> {
    pub verdict: Verdict,
    pub name: &'a str,
    pub summary: &'a str,
    /// Shown under the line when the verdict is not a pass.
    pub hint: Option<&'a str>,
}

impl Line<'_> {
    /// `PASS · name: summary`.
    fn text(&self) -> String {
        format!("{} · {}: {}", self.verdict.label(), self.name, self.summary)
    }

    fn hint(&self, ui: &mut Ui) {
        if let Some(hint) = self.hint.filter(|_| self.verdict != Verdict::Pass) {
            ui.label(RichText::new(hint).weak());
        }
    }
}

/// Draws one result line with nothing under it but its hint.
pub fn line(ui: &mut Ui, said: Line<'_>) {
    let colour = theme::verdict_colour(ui, said.verdict);
    let font = egui::TextStyle::Button.resolve(ui.style());
    ui.label(RichText::new(said.text()).font(font).color(colour));
    said.hint(ui);
}

/// Draws one result line whose fold holds `details`. `salt` keeps each line's fold open or
/// closed on its own; `open` is how the fold starts.
pub fn folding_line(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    open: bool,
    said: Line<'_>,
    details: impl FnOnce(&mut Ui),
) {
    let colour = theme::verdict_colour(ui, said.verdict);
    egui::CollapsingHeader::new(wrapped_header(ui, &said.text(), colour))
        .id_salt(salt)
        .default_open(open)
        .show(ui, details);
    said.hint(ui);
}

/// A result line laid out to the width there is: a collapsing header would not wrap it.
fn wrapped_header(ui: &Ui, text: &str, colour: egui::Color32) -> std::sync::Arc<egui::Galley> {
    let width = ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x * 2.0;
    let font = egui::TextStyle::Button.resolve(ui.style());
    ui.painter()
        .layout(text.to_owned(), font, colour, width.max(80.0))
}
