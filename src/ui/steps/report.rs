//! Step: Report. A preview of the setup report (never a secret), saved as Markdown or HTML,
//! and a last re-run of the connection checks.

use egui::{RichText, Ui};

use super::common;
use crate::report::{ReportFormat, SetupReport};
use crate::steps::StepId;
use crate::ui::report_export::SaveOutcome;
use crate::ui::report_preview::ReportSources;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::Report);
    // Taken out for the call, so the sources can borrow the rest of the state.
    let mut report_preview = std::mem::take(&mut state.report_preview);
    let markdown = report_preview.markdown(&sources(state)).to_owned();
    state.report_preview = report_preview;
    export(ui, state);
    common::section(ui, "Preview");
    preview(ui, &markdown);
    ui.add_space(theme::SECTION_GAP);
    common::section(ui, "Connection checks");
    super::identity_management::checks(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::Report);
}

/// The report of the setup as it stands, with the certificate the window has loaded.
pub fn build(state: &AppState) -> SetupReport {
    sources(state).build()
}

fn sources(state: &AppState) -> ReportSources<'_> {
    ReportSources {
        settings: &state.settings,
        certificate: state.certificate.current.as_ref().map(|c| c.info()),
        note: state.certificate.notice.as_deref(),
        version: state.fixed_version.as_deref(),
        now: state.now(),
    }
}

fn export(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Save the report");
    ui.label("The report holds no token and no key material: it is safe to share.");
    let date = state.now().date();
    ui.horizontal_wrapped(|ui| {
        let busy = state.report_export.busy();
        for format in [ReportFormat::Markdown, ReportFormat::Html] {
            let label = format!("Save as {}…", format.label());
            if ui.add_enabled(!busy, egui::Button::new(label)).clicked() {
                let name = format!("kb4-setup-report-{date}.{}", format.extension());
                // Built now, so the saved report carries the moment it was saved.
                let report = build(state);
                state
                    .report_export
                    .save_with_dialog(ui.ctx(), report, format, name);
            }
        }
        if busy {
            ui.label("Waiting for the save dialog…");
        }
    });
    if let Some(format) = state.report_export.no_dialog
        && let Some(path) = crate::ui::file_dialog::fallback(
            ui,
            &mut state.report_export.typed_path,
            &format!(
                "Type where to save the {} report here, or run `kb4-setup report --format \
                 md|html --out FILE`.",
                format.label()
            ),
            "Save here",
        )
    {
        let report = build(state);
        state.report_export.save_to(&report, format, &path);
    }
    match &state.report_export.last {
        Some(SaveOutcome::Saved(path)) => {
            theme::message(ui, &format!("Saved to {}", path.display()), false)
        }
        Some(SaveOutcome::Failed(problem)) => theme::message(ui, problem, true),
        None => {}
    }
    ui.add_space(theme::ITEM_GAP);
}

fn preview(ui: &mut Ui, markdown: &str) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("report_preview")
            .max_height(320.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                ui.add(egui::Label::new(RichText::new(markdown).monospace()).selectable(true));
            });
    });
}
