//! Step: Report. A summary of the whole setup, without secrets.

use egui::{RichText, Ui};

use super::common;
use crate::steps::{StepGroup, StepId, content};
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::Report);
    common::section(ui, "Steps");
    egui::Grid::new("report_steps")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for group in StepGroup::ALL {
                for step in group.steps().filter(|step| *step != StepId::Report) {
                    let ticks = content(step).ticks;
                    let ticked = ticks
                        .iter()
                        .filter(|t| state.settings.is_ticked(step, t.id))
                        .count();
                    ui.label(format!("{} › {}", group.title(), step.title()));
                    let status = state.status(step);
                    ui.label(RichText::new(status.label()).color(theme::status_colour(ui, status)));
                    ui.label(format!("{ticked} of {} actions ticked", ticks.len()));
                    ui.end_row();
                }
            }
        });
    ui.add_space(theme::SECTION_GAP);
    common::section(ui, "Values entered");
    let values = &state.settings.values;
    let shown = |value: &str| {
        if value.trim().is_empty() {
            "not entered".to_owned()
        } else {
            value.trim().to_owned()
        }
    };
    egui::Grid::new("report_values")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("KnowBe4 region");
            ui.label(state.settings.region.display_name());
            ui.end_row();
            ui.label("KnowBe4 SAML ID");
            ui.label(shown(&values.saml_id));
            ui.end_row();
            ui.label("JumpCloud IdP URL");
            ui.label(shown(&values.idp_url));
            ui.end_row();
            ui.label("IdP certificate file");
            ui.label(
                values
                    .certificate_path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "not loaded".into()),
            );
            ui.end_row();
            ui.label("SCIM Tenant URL");
            ui.label(shown(&values.tenant_url));
            ui.end_row();
        });
    ui.add_space(theme::SECTION_GAP);
    common::section(ui, "Connection checks");
    super::identity_management::checks(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::Report);
}
