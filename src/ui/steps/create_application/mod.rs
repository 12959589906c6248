//! Step: Create the JumpCloud application. The catalogue actions as ticks, then the optional
//! connection to JumpCloud's API that reads the application back and verifies it.

use egui::Ui;

use super::common;
use crate::steps::StepId;
use crate::ui::state::AppState;

mod app_picker_view;
pub mod certificate_use;
mod connect_view;
mod verification_view;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance_and_ticks(ui, state, StepId::CreateApplication);
    connect_view::show(ui, state);
}
