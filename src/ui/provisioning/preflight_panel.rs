//! The pre-flight of the loaded JumpCloud export: summary counts, a filterable problem table
//! and an export of the problems as CSV. The check runs on a background thread and again
//! whenever the export or the allowed domains change; the last results stay on screen
//! meanwhile.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, TextEdit, Ui, Widget};

use super::csv_files::{self, ExportOutcome, ExportTarget, Poll, Task};
use super::table::{self, column};
use super::users_export::UsersExport;
use crate::provisioning::preflight::{
    PreflightOptions, PreflightReport, ProblemKind, run_preflight, username_risk,
    write_problems_csv,
};
use crate::ui::fields;
use crate::ui::theme;

/// A finished pre-flight and what it was run on.
pub struct CheckedExport {
    pub report: PreflightReport,
    pub file_name: String,
    /// The export's generation (see `LoadedExport`).
    generation: u64,
    /// The allowed-domains text it was run with.
    domains: String,
}

/// The problem rows the filter lets through, as indexes into the report.
struct FilteredRows {
    key: (u64, String, Option<ProblemKind>, String),
    indexes: Arc<Vec<usize>>,
}

#[derive(Default)]
pub struct PreflightPanel {
    /// Comma-separated email domains users may have; empty means any.
    pub allowed_domains: String,
    pub kind_filter: Option<ProblemKind>,
    pub text_filter: String,
    pub checked: Option<Arc<CheckedExport>>,
    running: Option<Task<CheckedExport>>,
    filtered: Option<FilteredRows>,
    export: Option<Task<ExportOutcome>>,
    export_requested: Option<ExportTarget>,
    pub export_outcome: Option<ExportOutcome>,
    /// The problem row clicked, shown in full under the table (cells are cut to their column).
    pub selected_row: Option<usize>,
}

impl PreflightPanel {
    pub fn running(&self) -> bool {
        self.running.is_some() || self.export.is_some()
    }

    /// Writes the problems the filter shows to `path` at the next frame (no dialog).
    pub fn export_problems_to(&mut self, path: impl Into<PathBuf>) {
        self.export_requested = Some(ExportTarget::Path(path.into()));
    }

    /// Takes finished work and starts a new check when the export or the domains changed.
    /// Returns the finished report, once, for the caller to record. Called once per frame by
    /// the window's logic, whatever step is shown.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        export: &UsersExport,
    ) -> Option<Arc<CheckedExport>> {
        let mut finished = None;
        match csv_files::take_finished(&mut self.running) {
            Some(Poll::Done(checked)) => {
                let checked = Arc::new(checked);
                self.checked = Some(Arc::clone(&checked));
                finished = Some(checked);
            }
            Some(Poll::Vanished) => {
                tracing::warn!("the pre-flight worker stopped without a report");
            }
            Some(Poll::Running) | None => {}
        }
        if let Some(outcome) = csv_files::take_finished(&mut self.export) {
            self.export_outcome = Some(match outcome {
                Poll::Done(outcome) => outcome,
                _ => ExportOutcome::Failed("The export stopped unexpectedly; try again.".into()),
            });
        }
        self.start_if_stale(ctx, export);
        csv_files::keep_polling(ctx, self.running());
        finished
    }

    fn start_if_stale(&mut self, ctx: &egui::Context, export: &UsersExport) {
        let Some(loaded) = &export.loaded else { return };
        let stale = self.checked.as_ref().is_none_or(|checked| {
            checked.generation != loaded.generation || checked.domains != self.allowed_domains
        });
        if !stale || self.running.is_some() {
            return;
        }
        let users = Arc::clone(&loaded.users);
        let (file_name, generation) = (loaded.file_name.clone(), loaded.generation);
        let domains = self.allowed_domains.clone();
        self.running = Some(Task::spawn(ctx, move || {
            let options = PreflightOptions::with_domains_list(&domains);
            CheckedExport {
                report: run_preflight(&users, &options),
                file_name,
                generation,
                domains,
            }
        }));
    }

    /// Allowed domains, summary, filter, table and export.
    pub fn show(&mut self, ui: &mut Ui, export: &UsersExport) {
        if export.loaded.is_none() {
            ui.label(
                "Load the user list exported from JumpCloud to check every user before the first \
                 sync: missing or invalid emails, duplicates, missing names, emails outside your \
                 domains, stray spaces.",
            );
        }
        fields::text_input(
            ui,
            "Allowed email domains",
            &mut self.allowed_domains,
            "example.com, example.org (empty: any domain)",
        );
        if self.running.is_some() {
            ui.horizontal(|ui| {
                ui.label("Checking the export…");
            });
        }
        let Some(checked) = self.checked.clone() else {
            return;
        };
        summary(ui, &checked);
        if checked.report.problems.is_empty() {
            return;
        }
        self.filter_controls(ui);
        let indexes = self.filtered_indexes(&checked);
        ui.label(format!(
            "Showing {} of {} problems",
            indexes.len(),
            checked.report.problems.len()
        ));
        problem_table(ui, &checked.report, &indexes, &mut self.selected_row);
        selected_in_full(ui, &checked.report, &indexes, self.selected_row);
        self.export_controls(ui, &checked, &indexes);
    }

    fn filter_controls(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let selected = self.kind_filter.map_or("All kinds", ProblemKind::label);
            egui::ComboBox::from_label("Problem kind")
                .selected_text(selected)
                .width(190.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.kind_filter, None, "All kinds");
                    for kind in ProblemKind::ALL {
                        ui.selectable_value(&mut self.kind_filter, Some(kind), kind.label());
                    }
                });
            let label = ui.label("Filter");
            TextEdit::singleline(&mut self.text_filter)
                .hint_text("line, username or email")
                .desired_width(220.0)
                .ui(ui)
                .labelled_by(label.id);
        });
    }

    /// The rows the filter lets through; recomputed only when the filter or report changes.
    fn filtered_indexes(&mut self, checked: &CheckedExport) -> Arc<Vec<usize>> {
        let key = (
            checked.generation,
            checked.domains.clone(),
            self.kind_filter,
            self.text_filter.clone(),
        );
        if let Some(filtered) = &self.filtered
            && filtered.key == key
        {
            return Arc::clone(&filtered.indexes);
        }
        let report = &checked.report;
        let mut shown = report
            .filtered(self.kind_filter, &self.text_filter)
            .into_iter()
            .peekable();
        // `filtered` keeps report order, so one walk pairs its references with indexes.
        let indexes: Vec<usize> = report
            .problems
            .iter()
            .enumerate()
            .filter_map(|(index, problem)| {
                let next = shown.peek().is_some_and(|p| std::ptr::eq(*p, problem));
                next.then(|| {
                    shown.next();
                    index
                })
            })
            .collect();
        let indexes = Arc::new(indexes);
        self.filtered = Some(FilteredRows {
            key,
            indexes: Arc::clone(&indexes),
        });
        indexes
    }

    fn export_controls(
        &mut self,
        ui: &mut Ui,
        checked: &Arc<CheckedExport>,
        indexes: &Arc<Vec<usize>>,
    ) {
        let ctx = ui.ctx().clone();
        ui.horizontal(|ui| {
            let button = ui
                .add_enabled(
                    self.export.is_none(),
                    egui::Button::new("Export problems as CSV…"),
                )
                .on_hover_text(
                    "Saves the problems the filter shows: line, username, email, kind, detail",
                );
            if button.clicked() {
                self.export_requested = Some(ExportTarget::Dialog {
                    suggested_name: "preflight_problems.csv".into(),
                });
            }
            if self.export.is_some() {}
        });
        if self.export.is_none()
            && let Some(target) = self.export_requested.take()
        {
            let (checked, indexes) = (Arc::clone(checked), Arc::clone(indexes));
            self.export_outcome = None;
            self.export = Some(csv_files::export_csv(&ctx, target, move |writer| {
                let problems = indexes
                    .iter()
                    .filter_map(|i| checked.report.problems.get(*i));
                write_problems_csv(problems, writer).map(|()| indexes.len())
            }));
        }
        csv_files::show_export_outcome(ui, self.export_outcome.as_ref());
    }
}

/// Totals, then the count of each kind found.
fn summary(ui: &mut Ui, checked: &CheckedExport) {
    let report = &checked.report;
    ui.add_space(theme::ITEM_GAP);
    ui.label(
        RichText::new(format!(
            "{}: {} user rows read, {} with problems, {} problems",
            checked.file_name,
            report.rows,
            report.users_with_problems,
            report.problems.len()
        ))
        .strong(),
    );
    if let Some(risk) = username_risk(report.usernames_not_email) {
        theme::message(ui, &risk, true);
    }
    if let Some(error) = &report.read_error {
        theme::message(
            ui,
            &format!("Only the rows before line {} were checked.", error.line),
            true,
        );
    }
    if report.is_clean() {
        // Whether JumpCloud provisions these users depends on their groups, which the
        // export does not show: say only what was checked.
        theme::message(ui, "No problems found in this export.", false);
        return;
    }
    egui::Grid::new("preflight_counts")
        .num_columns(3)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (position, kind) in ProblemKind::ALL.iter().enumerate() {
                let count = report.counts.get(kind).copied().unwrap_or(0);
                let colour = if count > 0 {
                    theme::warning_colour(ui)
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.label(RichText::new(format!("{}: {count}", kind.label())).color(colour));
                if position % 3 == 2 {
                    ui.end_row();
                }
            }
        });
}

fn problem_table(
    ui: &mut Ui,
    report: &PreflightReport,
    indexes: &[usize],
    selected: &mut Option<usize>,
) {
    let columns = [
        column("Line", 50.0),
        column("Username", 130.0),
        column("Email", 190.0),
        column("Problem", 150.0),
        column("What to do", 200.0),
    ];
    if selected.is_some_and(|row| row >= indexes.len()) {
        *selected = None;
    }
    table::show_selectable(
        ui,
        "preflight_problems",
        &columns,
        indexes.len(),
        selected,
        |row| {
            let Some(problem) = indexes.get(row).and_then(|i| report.problems.get(*i)) else {
                return Vec::new();
            };
            vec![
                problem.line.to_string(),
                problem.username.clone(),
                problem.email.clone(),
                problem.kind.label().to_owned(),
                problem.detail.clone(),
            ]
        },
    );
}

/// The clicked row's problem in full, wrapped to the page: the table cuts its cells.
fn selected_in_full(
    ui: &mut Ui,
    report: &PreflightReport,
    indexes: &[usize],
    selected: Option<usize>,
) {
    let problem = selected
        .and_then(|row| indexes.get(row))
        .and_then(|index| report.problems.get(*index));
    match problem {
        Some(problem) => {
            ui.label(
                RichText::new(format!(
                    "Line {}, {}: {}",
                    problem.line,
                    problem.kind.label(),
                    problem.detail
                ))
                .color(theme::warning_colour(ui)),
            );
        }
        None => {
            ui.label(RichText::new("Click a row to read what to do in full.").weak());
        }
    }
}
