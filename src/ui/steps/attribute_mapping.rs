//! Step: Attribute mapping. The seed's mapping table, a live preview of the SCIM User JSON
//! JumpCloud would send for a sample user, and the pre-flight of a JumpCloud user export.
//!
//! The pre-flight lives here rather than on Import users because it answers this step's
//! question (will every user arrive in KnowBe4 with a usable email and name?) and must be
//! done before Test Mode and the first sync, while fixing users in JumpCloud is still cheap.
//! Import users reuses the export loaded here.

use egui::Ui;

use super::common;
use crate::steps::StepId;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::AttributeMapping);
    state.provisioning.mapping.show(ui);
    ui.add_space(theme::SECTION_GAP);
    common::section(ui, "Check a JumpCloud user export (pre-flight)");
    preflight(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::AttributeMapping);
}

/// The export and its pre-flight; the window's logic runs the pre-flight when the export or
/// the domains change, and records it.
fn preflight(ui: &mut Ui, state: &mut AppState) {
    let provisioning = &mut state.provisioning;
    provisioning.export.show(ui);
    provisioning.preflight.show(ui, &provisioning.export);
}
