//! Saving the setup report from the Report step: the save dialog and the write both run on a
//! background thread, so the window keeps painting; the outcome comes back as a message.

use std::path::{Path, PathBuf};

use super::background::{Poll, Task, take_finished};
use crate::report::{ReportFormat, SetupReport, write_report};

/// What the last save did, worded for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(PathBuf),
    Failed(String),
}

#[derive(Default)]
pub struct ReportExport {
    pending: Option<Task<Option<SaveOutcome>>>,
    pub last: Option<SaveOutcome>,
}

impl ReportExport {
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Asks where to save `report` as `format`, then writes it there.
    pub fn save_with_dialog(
        &mut self,
        ctx: &egui::Context,
        report: SetupReport,
        format: ReportFormat,
        file_name: String,
    ) {
        if self.pending.is_some() {
            return;
        }
        self.pending = Some(Task::spawn(ctx, move || {
            let picked = rfd::FileDialog::new()
                .set_title("Save the setup report")
                .set_file_name(&file_name)
                .add_filter(format.label(), &[format.extension()])
                .save_file();
            picked.map(|path| write(&report, format, &path))
        }));
    }

    /// Writes `report` to `path` now (tests, and paths chosen without a dialog).
    pub fn save_to(&mut self, report: &SetupReport, format: ReportFormat, path: &Path) {
        self.last = Some(write(report, format, path));
    }

    /// Takes the outcome of a save that finished.
    pub fn poll(&mut self) {
        match take_finished(&mut self.pending) {
            Some(Poll::Done(Some(outcome))) => self.last = Some(outcome),
            Some(Poll::Done(None) | Poll::Running) | None => {}
            Some(Poll::Vanished) => {
                self.last = Some(SaveOutcome::Failed(
                    "The save dialog could not be opened on this desktop. Use `kb4-setup report \
                     --format md|html --out FILE` instead."
                        .to_owned(),
                ));
            }
        }
    }
}

fn write(report: &SetupReport, format: ReportFormat, path: &Path) -> SaveOutcome {
    match write_report(report, format, path) {
        Ok(()) => {
            tracing::info!("setup report saved");
            SaveOutcome::Saved(path.to_path_buf())
        }
        Err(error) => SaveOutcome::Failed(error.to_string()),
    }
}
