//! Pieces every step draws the same way: heading, guidance, console links and ticks.

use egui::{RichText, Ui};

use crate::steps::{ConsoleLink, StepId, content};
use crate::ui::state::AppState;
use crate::ui::theme;

/// Title, status, one-line purpose, console path and links.
pub fn header(ui: &mut Ui, state: &AppState, step: StepId) {
    let content = content(step);
    ui.horizontal(|ui| {
        ui.heading(content.title);
        ui.add_space(8.0);
        theme::status_badge(ui, state.status(step));
    });
    ui.label(content.summary);
    if let Some(path) = content.console_path {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Where:").strong());
            ui.label(RichText::new(path).monospace());
        });
    }
    links(ui, state, step);
    ui.add_space(theme::SECTION_GAP);
}

fn links(ui: &mut Ui, state: &AppState, step: StepId) {
    let region = state.settings.region;
    ui.horizontal_wrapped(|ui| {
        let standard = [
            ConsoleLink::JumpCloudAdminPortal,
            ConsoleLink::KnowBe4Console,
        ];
        for link in standard.iter().chain(content(step).extra_links) {
            ui.hyperlink_to(link.label(), link.url(region))
                .on_hover_text(link.url(region));
        }
    });
}

/// The step's explanations, as paragraphs.
pub fn guidance(ui: &mut Ui, step: StepId) {
    for paragraph in content(step).guidance {
        ui.label(*paragraph);
    }
    ui.add_space(theme::SECTION_GAP);
}

/// The step's actions as ticks the operator ticks as they go.
pub fn ticks(ui: &mut Ui, state: &mut AppState, step: StepId) {
    ui.label(RichText::new("Actions").strong());
    for tick in content(step).ticks {
        tick_box(ui, state, step, tick);
    }
    ui.add_space(theme::SECTION_GAP);
}

/// The ticks that come before `tick_id`, for steps that draw something between two ticks.
pub fn ticks_before(ui: &mut Ui, state: &mut AppState, step: StepId, tick_id: &str) {
    for tick in content(step).ticks.iter().take_while(|t| t.id != tick_id) {
        tick_box(ui, state, step, tick);
    }
}

/// The ticks that come after `tick_id`, for steps that draw something between two ticks.
pub fn ticks_after(ui: &mut Ui, state: &mut AppState, step: StepId, tick_id: &str) {
    let after = content(step)
        .ticks
        .iter()
        .skip_while(|t| t.id != tick_id)
        .skip(1);
    for tick in after {
        tick_box(ui, state, step, tick);
    }
}

/// One tick of `step`, by id.
pub fn tick_one(ui: &mut Ui, state: &mut AppState, step: StepId, tick_id: &str) {
    if let Some(tick) = content(step).ticks.iter().find(|t| t.id == tick_id) {
        tick_box(ui, state, step, tick);
    }
}

fn tick_box(ui: &mut Ui, state: &mut AppState, step: StepId, tick: &crate::steps::Tick) {
    let mut ticked = state.settings.is_ticked(step, tick.id);
    if ui.checkbox(&mut ticked, tick.label).changed() {
        state.settings.set_ticked(step, tick.id, ticked);
    }
}

/// Guidance followed by ticks: all that a step without its own tools shows.
pub fn guidance_and_ticks(ui: &mut Ui, state: &mut AppState, step: StepId) {
    guidance(ui, step);
    ticks(ui, state, step);
}

/// A sub-heading inside a step.
pub fn section(ui: &mut Ui, title: &str) {
    ui.add_space(theme::ITEM_GAP);
    ui.label(theme::heading_text(title));
}

/// The step's problems (what makes it "needs attention"), next to the fields they are about.
pub fn problems(ui: &mut Ui, state: &AppState, step: StepId) {
    for problem in state.attention(step) {
        theme::message(ui, &problem, true);
    }
}
