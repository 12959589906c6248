//! Which JumpCloud users the comparison covers: the whole export, the members listed in a
//! second file, the export rows whose groups column holds the bound groups, or the users the
//! bound groups reach, read from JumpCloud with the API key. The members file is read on a
//! background thread; the rules live in `crate::provisioning::scope`.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::csv_files::{self, Poll, Task};
use crate::jumpcloud::JumpCloudSettings;
use crate::provisioning::members::{MemberList, file_name_of, read_members_file};
use crate::provisioning::scope::{ScopeSource, WHOLE_EXPORT_ASSUMPTION};
use crate::ui::theme;

/// The ways to choose the users compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScopeMode {
    #[default]
    WholeExport,
    MembersFile,
    ExportColumn,
    /// The users reached through the groups bound to the chosen application, read from
    /// JumpCloud: no export is needed.
    BoundGroupsInJumpCloud,
}

impl ScopeMode {
    /// Whether this scope compares rows of the loaded export.
    pub fn needs_export(self) -> bool {
        self != ScopeMode::BoundGroupsInJumpCloud
    }
}

/// What the JumpCloud choice shows and needs: the application chosen under "Connect to
/// JumpCloud" and whether the keychain holds no API key.
pub struct JumpCloudScope<'a> {
    pub settings: &'a JumpCloudSettings,
    pub key_absent: bool,
}

/// A members file that was read.
#[derive(Debug, Clone)]
pub struct LoadedMembers {
    pub path: PathBuf,
    pub file_name: String,
    pub members: MemberList,
}

#[derive(Default)]
pub struct ScopeChoice {
    pub mode: ScopeMode,
    pub members: Option<LoadedMembers>,
    /// Why the last members file offered could not be read; the previous one stays loaded.
    pub problem: Option<String>,
    /// The export column holding the groups, as its header reads.
    pub column: String,
    /// The bound groups' names, separated by `;`.
    pub groups: String,
    requested: Option<PathBuf>,
    dialog: Option<Task<Option<PathBuf>>>,
    reading: Option<Task<(PathBuf, Result<MemberList, String>)>>,
}

impl ScopeChoice {
    /// Reads `path` as the members file at the next frame and selects that scope.
    pub fn request_load(&mut self, path: impl Into<PathBuf>) {
        self.mode = ScopeMode::MembersFile;
        self.requested = Some(path.into());
    }

    pub fn busy(&self) -> bool {
        self.requested.is_some() || self.dialog.is_some() || self.reading.is_some()
    }

    /// What the chosen scope still needs before a comparison can run.
    pub fn missing(&self, jumpcloud: &JumpCloudScope<'_>) -> Option<&'static str> {
        match self.mode {
            ScopeMode::BoundGroupsInJumpCloud if jumpcloud.settings.application_id().is_none() => {
                Some(
                    "Choose the KnowBe4 application under \"Connect to JumpCloud (optional)\" on \
                     the Create the JumpCloud application step first.",
                )
            }
            ScopeMode::BoundGroupsInJumpCloud if jumpcloud.key_absent => Some(
                "No JumpCloud API key is stored: save it under \"Connect to JumpCloud \
                 (optional)\" on the Create the JumpCloud application step first.",
            ),
            ScopeMode::WholeExport => None,
            ScopeMode::MembersFile if self.members.is_none() => Some(
                "Load the file of the users reached through the bound groups, or choose \
                     another scope.",
            ),
            ScopeMode::ExportColumn
                if self.column.trim().is_empty() || group_names(&self.groups).is_empty() =>
            {
                Some("Enter the export's groups column and at least one bound group's name.")
            }
            _ => None,
        }
    }

    /// The scope to compare with, for the export read from `export_path`.
    pub fn source(&self, export_path: &Path) -> ScopeSource {
        match (self.mode, &self.members) {
            (ScopeMode::MembersFile, Some(loaded)) => ScopeSource::MembersFile {
                file_name: loaded.file_name.clone(),
                members: loaded.members.clone(),
            },
            (ScopeMode::ExportColumn, _) => ScopeSource::ExportColumn {
                export_path: export_path.to_owned(),
                column: self.column.trim().to_owned(),
                groups: group_names(&self.groups),
            },
            _ => ScopeSource::WholeExport,
        }
    }

    /// Starts, and takes the result of, the dialog and the reading. Called once per frame by
    /// the window's logic, whatever step is shown.
    pub fn poll(&mut self, ctx: &egui::Context) {
        if let Some(Poll::Done(Some(path))) = csv_files::take_finished(&mut self.dialog) {
            self.requested = Some(path);
        }
        if self.reading.is_none()
            && let Some(path) = self.requested.take()
        {
            self.reading = Some(Task::spawn(ctx, move || {
                let result = read_members_file(&path).map_err(|error| error.to_string());
                (path, result)
            }));
        }
        match csv_files::take_finished(&mut self.reading) {
            Some(Poll::Done((path, Ok(members)))) => {
                self.problem = None;
                self.members = Some(LoadedMembers {
                    file_name: file_name_of(&path),
                    path,
                    members,
                });
            }
            Some(Poll::Done((path, Err(message)))) => {
                self.problem = Some(format!("{} was not loaded: {message}", file_name_of(&path)));
            }
            Some(Poll::Vanished) => {
                self.problem = Some("Reading the members file stopped unexpectedly.".into());
            }
            Some(Poll::Running) | None => {}
        }
    }

    /// The choices, each with what it needs.
    pub fn show(&mut self, ui: &mut Ui, enabled: bool, jumpcloud: &JumpCloudScope<'_>) {
        let ctx = ui.ctx().clone();
        ui.label(egui::RichText::new("Users to compare").strong());
        ui.add_enabled_ui(enabled, |ui| {
            ui.radio_value(
                &mut self.mode,
                ScopeMode::WholeExport,
                "Every user in the export",
            )
            .on_hover_text(format!("The results hold {WHOLE_EXPORT_ASSUMPTION}."));
            ui.radio_value(
                &mut self.mode,
                ScopeMode::MembersFile,
                "The users reached through the bound groups, from a file",
            );
            if self.mode == ScopeMode::MembersFile {
                self.members_file(ui, &ctx);
            }
            ui.radio_value(
                &mut self.mode,
                ScopeMode::ExportColumn,
                "The users reached through the bound groups, by a column of the export",
            );
            if self.mode == ScopeMode::ExportColumn {
                self.column_fields(ui);
            }
            ui.radio_value(
                &mut self.mode,
                ScopeMode::BoundGroupsInJumpCloud,
                "The users reached through the bound groups, read from JumpCloud",
            )
            .on_hover_text(
                "Reads the user groups bound to the KnowBe4 application and the users they \
                 reach with the JumpCloud API key (GET requests only); no export is needed",
            );
            if self.mode == ScopeMode::BoundGroupsInJumpCloud {
                bound_groups_note(ui, jumpcloud.settings);
            }
        });
        if self.mode == ScopeMode::WholeExport {
            theme::message(
                ui,
                &format!(
                    "JumpCloud provisions only the users in a group bound to the KnowBe4 \
                     application. The results hold {WHOLE_EXPORT_ASSUMPTION}."
                ),
                true,
            );
        }
    }

    fn members_file(&mut self, ui: &mut Ui, ctx: &egui::Context) {
        ui.indent("members_file", |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = "Load members file (list or CSV)…";
                if ui
                    .add_enabled(!self.busy(), egui::Button::new(label))
                    .on_hover_text(
                        "A UTF-8 text file: one username or email a line, or a CSV (comma, \
                         semicolon or tab separated) whose first line names a username column \
                         (username, login) or an email column (email, Company Email, Work Email, \
                         Email Address)",
                    )
                    .clicked()
                {
                    self.dialog = Some(csv_files::pick_members(ctx));
                }
                if self.busy() {
                    ui.label("Reading the members file…");
                }
            });
            if let Some(loaded) = &self.members {
                ui.label(format!(
                    "Loaded: {} ({} members; {})",
                    loaded.file_name,
                    loaded.members.members.len(),
                    loaded.members.format.describe()
                ))
                .on_hover_text(loaded.path.display().to_string());
            }
            if let Some(problem) = &self.problem {
                theme::message(ui, problem, true);
            }
        });
    }

    fn column_fields(&mut self, ui: &mut Ui) {
        ui.indent("export_column", |ui| {
            egui::Grid::new("scope_column").show(ui, |ui| {
                let column = ui.label("Groups column");
                ui.text_edit_singleline(&mut self.column)
                    .labelled_by(column.id);
                ui.end_row();
                let groups = ui.label("Bound groups (separate with ;)");
                ui.text_edit_singleline(&mut self.groups)
                    .labelled_by(groups.id);
                ui.end_row();
            });
        });
    }
}

/// Which application's bound groups are read, and what is done with STAGED and SUSPENDED
/// users.
fn bound_groups_note(ui: &mut Ui, settings: &JumpCloudSettings) {
    ui.indent("bound_groups_in_jumpcloud", |ui| {
        if let Some(id) = settings.application_id() {
            let label = settings.application_label.trim();
            let name = if label.is_empty() {
                format!("id {id}")
            } else {
                format!("{label} (id {id})")
            };
            ui.label(format!("Application: {name}"));
        }
        ui.label(
            egui::RichText::new(
                "Users STAGED or SUSPENDED in JumpCloud are listed apart: whether JumpCloud \
                 pushes them to KnowBe4 is not documented.",
            )
            .weak(),
        );
    });
}

/// The group names typed, trimmed, empty ones dropped.
fn group_names(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}
