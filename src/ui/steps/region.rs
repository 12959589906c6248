//! Step: KnowBe4 region. Every KnowBe4 address the app computes follows this choice.

use egui::{RichText, Ui};

use super::common;
use crate::region::Region;
use crate::steps::StepId;
use crate::ui::state::AppState;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::Region);
    common::section(ui, "Your KnowBe4 region");
    for region in Region::ALL {
        ui.horizontal(|ui| {
            ui.radio_value(&mut state.settings.region, region, region.display_name());
            ui.label(
                RichText::new(region.host())
                    .monospace()
                    .color(ui.visuals().weak_text_color()),
            );
        });
    }
    common::problems(ui, state, StepId::Region);
    ui.add_space(crate::ui::theme::SECTION_GAP);
    common::ticks(ui, state, StepId::Region);
}
