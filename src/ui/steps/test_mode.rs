//! Step: Verify in Test Mode. What KnowBe4's sync statuses mean, the seed's ticks, and the
//! archive warning before Test Mode is switched off.

use egui::{RichText, Ui};

use super::common;
use crate::steps::StepId;
use crate::steps::knowbe4_sync::{SYNC_STATUSES, archive_warning};
use crate::ui::state::AppState;
use crate::ui::theme;

/// The tick that switches Test Mode off; the warning is drawn right above it.
const TEST_MODE_OFF: &str = "test_mode_off";

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::TestMode);
    statuses(ui);
    ui.label(RichText::new("Actions").strong());
    common::ticks_before(ui, state, StepId::TestMode, TEST_MODE_OFF);
    warning(ui, state);
    common::tick_one(ui, state, StepId::TestMode, TEST_MODE_OFF);
    common::ticks_after(ui, state, StepId::TestMode, TEST_MODE_OFF);
    ui.add_space(theme::SECTION_GAP);
}

fn statuses(ui: &mut Ui) {
    common::section(ui, "KnowBe4's sync statuses");
    egui::Grid::new("sync_statuses")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for status in SYNC_STATUSES {
                ui.label(RichText::new(status.name).strong());
                ui.add(egui::Label::new(status.meaning).wrap());
                ui.end_row();
            }
        });
    ui.add_space(theme::SECTION_GAP);
}

fn warning(ui: &mut Ui, state: &mut AppState) {
    let last = state.settings.last_reconcile.as_ref();
    ui.add_space(theme::ITEM_GAP);
    // A warning colour always: even a comparison that found nobody covers only the users it
    // compared.
    theme::message(ui, &archive_warning(last), true);
    let button = match last {
        Some(record) => format!(
            "See the comparison of {}",
            crate::local_time::describe(&record.ran_at)
        ),
        None => "Compare users on the Import users step".to_owned(),
    };
    if ui.button(button).clicked() {
        state.go_to(StepId::ImportUsers);
    }
    ui.add_space(theme::ITEM_GAP);
}
