//! The JumpCloud user export the window has loaded, shared by the pre-flight (Attribute
//! mapping step) and the reconciliation (Import users step). It is read on a background
//! thread: a 100,000-row export must not freeze the window.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use super::csv_files::{self, Poll, Task};
use crate::provisioning::members::file_name_of;
use crate::provisioning::users_csv::{UsersCsv, read_users_csv_file};
use crate::ui::file_dialog::{self, PathEntry, Picked};
use crate::ui::theme;

/// An export that was read (perhaps only in part: see `users.read_error`).
#[derive(Debug, Clone)]
pub struct LoadedExport {
    pub path: PathBuf,
    /// Shown on screen and kept in reports; the folder is not (it may name a person).
    pub file_name: String,
    pub users: Arc<UsersCsv>,
    /// Counts loads, so panels notice a new export and run again.
    pub generation: u64,
}

#[derive(Default)]
pub struct UsersExport {
    pub loaded: Option<LoadedExport>,
    /// Why the last file offered could not be read; the previous export stays loaded.
    pub problem: Option<String>,
    /// A file to read at the next frame (from the dialog, or a test).
    requested: Option<PathBuf>,
    dialog: Option<Task<Picked>>,
    /// The last dialog never showed: a path field is offered instead.
    no_dialog: bool,
    typed_path: PathEntry,
    reading: Option<Task<(PathBuf, Result<UsersCsv, String>)>>,
    generation: u64,
}

impl UsersExport {
    /// Reads `path` at the next frame, on a background thread.
    pub fn request_load(&mut self, path: impl Into<PathBuf>) {
        self.requested = Some(path.into());
    }

    pub fn busy(&self) -> bool {
        self.requested.is_some() || self.dialog.is_some() || self.reading.is_some()
    }

    /// Starts, and takes the result of, the background work. Called once per frame by the
    /// window's logic, whatever step is shown.
    pub fn poll(&mut self, ctx: &egui::Context) {
        match csv_files::take_finished(&mut self.dialog) {
            Some(Poll::Done(picked)) => {
                self.no_dialog = picked.never_showed();
                if let Some(path) = picked.path {
                    self.requested = Some(path);
                }
            }
            Some(Poll::Running) | None => {}
            Some(Poll::Vanished) => self.no_dialog = true,
        }
        if self.reading.is_none()
            && let Some(path) = self.requested.take()
        {
            self.reading = Some(Task::spawn(ctx, move || {
                let result = read_users_csv_file(&path).map_err(|error| error.to_string());
                (path, result)
            }));
        }
        match csv_files::take_finished(&mut self.reading) {
            Some(Poll::Done((path, result))) => self.finish_reading(path, result),
            Some(Poll::Vanished) => {
                self.problem =
                    Some("Reading the export stopped unexpectedly. Load it again.".into())
            }
            Some(Poll::Running) | None => {}
        }
    }

    fn finish_reading(&mut self, path: PathBuf, result: Result<UsersCsv, String>) {
        let file_name = file_name_of(&path);
        match result {
            Ok(users) => {
                tracing::info!(rows = users.users.len(), "JumpCloud user export read");
                self.generation += 1;
                self.problem = None;
                self.loaded = Some(LoadedExport {
                    path,
                    file_name,
                    users: Arc::new(users),
                    generation: self.generation,
                });
            }
            Err(message) => {
                // The message names the path's problem, never the file's content.
                tracing::info!("JumpCloud user export refused: {message}");
                self.problem = Some(format!("{file_name} was not loaded: {message}"));
            }
        }
    }

    /// The Load button, what is loaded, and why the last file was refused.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        ui.horizontal_wrapped(|ui| {
            let label = if self.loaded.is_some() {
                "Load another JumpCloud user export (CSV)…"
            } else {
                "Load JumpCloud user export (CSV)…"
            };
            if ui
                .add_enabled(!self.busy(), egui::Button::new(label))
                .on_hover_text("A CSV file of your JumpCloud users, with a header row")
                .clicked()
            {
                self.dialog = Some(csv_files::pick_csv(&ctx));
            }
            if self.dialog.is_some() {
                ui.label("Waiting for the file dialog…");
            } else if self.reading.is_some() || self.requested.is_some() {
                ui.label("Reading the export…");
            }
        });
        if self.no_dialog
            && let Some(path) = file_dialog::fallback(
                ui,
                &mut self.typed_path,
                "Drop the CSV file onto this window, or type its path here.",
                "Load this export",
            )
        {
            self.requested = Some(path);
        }
        if let Some(loaded) = &self.loaded {
            self.describe(ui, loaded);
        }
        if let Some(problem) = &self.problem {
            theme::message(ui, problem, true);
        }
    }

    fn describe(&self, ui: &mut Ui, loaded: &LoadedExport) {
        let count = loaded.users.users.len();
        ui.label(RichText::new(format!(
            "Loaded: {} ({count} user rows)",
            loaded.file_name
        )))
        .on_hover_text(loaded.path.display().to_string());
        if let Some(error) = &loaded.users.read_error {
            // The message names the line and says what to fix.
            theme::message(ui, &super::sentence(&error.message), true);
        }
    }
}
