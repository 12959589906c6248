//! Saving the setup report from the Report step: the save dialog and the write both run on a
//! background thread, so the window keeps painting; the outcome comes back as a message.

use std::path::{Path, PathBuf};

use super::background::{Poll, Task, take_finished};
use super::file_dialog::{self, PathEntry, Picked};
use crate::report::{ReportFormat, SetupReport, write_report};

/// What the last save did, worded for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(PathBuf),
    Failed(String),
}

#[derive(Default)]
pub struct ReportExport {
    pending: Option<Task<(Picked, Option<SaveOutcome>)>>,
    pub last: Option<SaveOutcome>,
    /// The format asked for when the save dialog never showed: a path field is offered.
    pub no_dialog: Option<ReportFormat>,
    /// The path typed when no dialog can open.
    pub typed_path: PathEntry,
    asked_format: Option<ReportFormat>,
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
        self.no_dialog = None;
        self.pending = Some(Task::spawn(ctx, move || {
            let picked = file_dialog::save_file(
                "Save the setup report",
                &file_name,
                format.label(),
                &[format.extension()],
            );
            let outcome = picked
                .path
                .as_deref()
                .map(|path| write(&report, format, path));
            (picked, outcome)
        }));
        self.asked_format = Some(format);
    }

    /// Writes `report` to `path` now (tests, and paths chosen without a dialog).
    pub fn save_to(&mut self, report: &SetupReport, format: ReportFormat, path: &Path) {
        self.last = Some(write(report, format, path));
    }

    /// Takes the outcome of a save that finished.
    pub fn poll(&mut self) {
        match take_finished(&mut self.pending) {
            Some(Poll::Done((_, Some(outcome)))) => self.last = Some(outcome),
            Some(Poll::Done((picked, None))) if !picked.never_showed() => {}
            Some(Poll::Running) | None => {}
            Some(Poll::Done(_) | Poll::Vanished) => self.no_dialog = self.asked_format,
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
