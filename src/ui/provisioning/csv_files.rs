//! Provisioning's CSV files: the dialogs that pick an export or a members list, and the CSV
//! exports, on background [`Task`]s.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::provisioning::csv_export::ExportError;
pub use crate::ui::background::{Poll, Task, keep_polling, take_finished};
use crate::ui::file_dialog::{self, Picked};

/// The system's "open" dialog for a JumpCloud user export, on a background thread.
pub fn pick_csv(ctx: &egui::Context) -> Task<Picked> {
    Task::spawn(ctx, || {
        file_dialog::pick_file(
            "Choose the user export downloaded from JumpCloud (CSV)",
            "CSV files",
            &["csv"],
        )
    })
}

/// The system's "open" dialog for the users reached through the bound groups (a list or a CSV).
pub fn pick_members(ctx: &egui::Context) -> Task<Option<PathBuf>> {
    Task::spawn(ctx, || {
        file_dialog::pick_file(
            "Choose the users reached through the groups bound to the KnowBe4 application",
            "CSV or text files",
            &["csv", "txt"],
        )
        .path
    })
}

/// What happened to an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    /// The operator closed the save dialog without choosing a file.
    NotSaved,
    Written {
        path: PathBuf,
        rows: usize,
    },
    Failed(String),
}

impl ExportOutcome {
    /// The line shown under the export buttons, and whether it is a problem.
    pub fn message(&self) -> Option<(String, bool)> {
        match self {
            ExportOutcome::NotSaved => None,
            ExportOutcome::Written { path, rows } => {
                let name = crate::provisioning::members::file_name_of(path);
                Some((format!("Saved {rows} row(s) to {name}."), false))
            }
            ExportOutcome::Failed(message) => Some((message.clone(), true)),
        }
    }
}

/// Shows what happened to the last export: the file name (the whole path on hover).
pub fn show_export_outcome(ui: &mut egui::Ui, outcome: Option<&ExportOutcome>) {
    let Some(outcome) = outcome else { return };
    let Some((message, is_problem)) = outcome.message() else {
        return;
    };
    let colour = if is_problem {
        crate::ui::theme::warning_colour(ui)
    } else {
        crate::ui::theme::success_colour(ui)
    };
    let label = ui.label(egui::RichText::new(message).color(colour));
    if let ExportOutcome::Written { path, .. } = outcome {
        label.on_hover_text(path.display().to_string());
    }
}

/// Where an export goes: a path the caller already knows (tests), or the save dialog.
pub enum ExportTarget {
    Dialog { suggested_name: String },
    Path(PathBuf),
}

/// Chooses the file (dialog when asked) and writes it, all on a background thread.
/// `write` returns how many rows it wrote.
pub fn export_csv(
    ctx: &egui::Context,
    target: ExportTarget,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, ExportError> + Send + 'static,
) -> Task<ExportOutcome> {
    Task::spawn(ctx, move || {
        let path = match target {
            ExportTarget::Path(path) => path,
            ExportTarget::Dialog { suggested_name } => {
                let picked =
                    file_dialog::save_file("Save as CSV", &suggested_name, "CSV files", &["csv"]);
                match picked.path {
                    Some(path) => path,
                    None => return ExportOutcome::NotSaved,
                }
            }
        };
        match write_file(&path, write) {
            Ok(rows) => ExportOutcome::Written { path, rows },
            Err(error) => {
                ExportOutcome::Failed(format!("{} was not saved: {error}", path.display()))
            }
        }
    })
}

fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize, ExportError>,
) -> Result<usize, ExportError> {
    let mut file = BufWriter::new(File::create(path)?);
    let rows = write(&mut file)?;
    file.flush()?;
    Ok(rows)
}
