//! The step list on the left: groups, steps and their status.

use egui::{RichText, Ui};

use super::state::AppState;
use super::theme;
use crate::steps::StepGroup;

/// Draws the list; a click on a step makes it current.
pub fn show(ui: &mut Ui, state: &mut AppState) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in StepGroup::ALL {
                ui.add_space(theme::ITEM_GAP);
                ui.label(
                    RichText::new(group.title())
                        .strong()
                        .color(ui.visuals().weak_text_color()),
                );
                for step in group.steps() {
                    let status = state.status(step);
                    let selected = state.current_step() == step;
                    let row = ui.horizontal(|ui| {
                        theme::status_icon(ui, status);
                        ui.selectable_label(selected, step.title())
                    });
                    let response = row.inner.on_hover_text(status.label());
                    // Screen readers (and tests) hear the status with the title.
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Button,
                            true,
                            selected,
                            format!("{}, {}", step.title(), status.label()),
                        )
                    });
                    if response.clicked() {
                        state.go_to(step);
                    }
                }
            }
        });
}
