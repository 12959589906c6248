//! The shared check-result line: the status word, the check's name and its summary in the
//! status colour, details folded under it, and the hint below when the check did not pass.
//! The SCIM connection checks and the JumpCloud verification read the same way.

use std::hash::Hash;

use egui::{RichText, Ui};

use crate::scim::report::CheckStatus;
use crate::ui::theme;

/// Draws one result line. `salt` keeps each line's fold open or closed on its own; `open`
/// is how the fold starts.
#[allow(clippy::too_many_arguments)]
pub fn line(
    ui: &mut Ui,
    salt: impl Hash,
    open: bool,
    status: CheckStatus,
    name: &str,
    summary: &str,
    details: impl FnOnce(&mut Ui),
    hint: Option<&str>,
) {
    let colour = theme::check_status_colour(ui, status);
    let text = format!("{} · {name}: {summary}", status.label());
    egui::CollapsingHeader::new(wrapped_header(ui, &text, colour))
        .id_salt(salt)
        .default_open(open)
        .show(ui, details);
    if let Some(hint) = hint.filter(|_| status != CheckStatus::Pass) {
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
