//! One connection check's result as the window shows it, live during a run and in the last
//! report (and each JumpCloud verification finding, drawn by [`line`]): its status word in the status colour, name and summary on one wrapping line that
//! opens to the request and the server's answer, and the hint when it did not pass.

use egui::{RichText, Ui};

use crate::scim::check_results::{CheckResult, CheckStatus};
use crate::ui::theme;

/// Draws `result`, the `index`th of its run (which keeps each line's open state apart).
pub fn show(ui: &mut Ui, index: usize, result: &CheckResult) {
    line(
        ui,
        ("check_result", index),
        false,
        Line {
            status: result.status,
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

/// What one result line says: the connection checks and the JumpCloud verification fill it
/// from their own results.
pub struct Line<'a> {
    pub status: CheckStatus,
    pub name: &'a str,
    pub summary: &'a str,
    /// Shown under the line when the status is not PASS.
    pub hint: Option<&'a str>,
}

/// Draws one result line whose fold holds `details`. `salt` keeps each line's fold open or
/// closed on its own; `open` is how the fold starts.
pub fn line(
    ui: &mut Ui,
    salt: impl egui::AsIdSalt,
    open: bool,
    said: Line<'_>,
    details: impl FnOnce(&mut Ui),
) {
    let colour = theme::check_status_colour(ui, said.status);
    let text = format!("{} · {}: {}", said.status.label(), said.name, said.summary);
    egui::CollapsingHeader::new(wrapped_header(ui, &text, colour))
        .id_salt(salt)
        .default_open(open)
        .show(ui, details);
    if let Some(hint) = said.hint.filter(|_| said.status != CheckStatus::Pass) {
        ui.label(RichText::new(hint).weak());
    }
}

/// A check line laid out to the width there is: a collapsing header would not wrap it.
fn wrapped_header(ui: &Ui, text: &str, colour: egui::Color32) -> std::sync::Arc<egui::Galley> {
    let width = ui.available_width() - ui.spacing().indent - ui.spacing().button_padding.x * 2.0;
    let font = egui::TextStyle::Button.resolve(ui.style());
    ui.painter()
        .layout(text.to_owned(), font, colour, width.max(80.0))
}
