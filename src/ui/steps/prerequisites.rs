//! Step: Prerequisites.

use egui::Ui;

use super::common;
use crate::steps::StepId;
use crate::ui::state::AppState;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance_and_ticks(ui, state, StepId::Prerequisites);
}
