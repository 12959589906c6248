//! One connection check's result as the window shows it, live during a run and in the last
//! report: its status word in the status colour, name and summary on one wrapping line that
//! opens to the request and the server's answer, and the hint when it did not pass.

use egui::{RichText, Ui};

use crate::scim::check_results::{CheckResult, CheckStatus};
use crate::ui::theme;

/// Draws `result`, the `index`th of its run (which keeps each line's open state apart).
pub fn show(ui: &mut Ui, index: usize, result: &CheckResult) {
    let colour = theme::check_status_colour(ui, result.status);
    let line = format!(
        "{} · {}: {}",
        result.status.label(),
        result.name,
        result.summary
    );
    egui::CollapsingHeader::new(wrapped_header(ui, &line, colour))
        .id_salt(("check_result", index))
        .show(ui, |ui| {
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
        });
    if let Some(hint) = result
        .hint
        .as_ref()
        .filter(|_| result.status != CheckStatus::Pass)
    {
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
