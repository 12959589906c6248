//! The eframe application: panels, navigation, saving, and the About window.

use egui::{RichText, Ui};

use super::state::AppState;
use super::theme::{self, Navigation};
use super::{logic, step_list, steps};
use crate::paths::AppPaths;
use crate::settings::SettingsStore;
use crate::steps::StepId;
use crate::ui::fields;

/// Options the command line passes to the window.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Close after the first frame is drawn (smoke tests, start-up benchmarks).
    pub quit_after_first_frame: bool,
    /// Judge certificates against this time instead of the clock (tests and snapshots).
    pub fixed_now: Option<time::OffsetDateTime>,
    /// The version line the setup report shows instead of this build's version and commit
    /// (tests and snapshots, so images do not change with every commit).
    pub fixed_version: Option<String>,
    /// `--bench-frames`: after the first frame, count idle frames this long, report, close.
    pub bench_frames: Option<std::time::Duration>,
}

pub struct Kb4App {
    state: AppState,
    store: SettingsStore,
    /// The settings as last written, to save only when something changed.
    saved: crate::settings::Settings,
    about_open: bool,
    options: AppOptions,
    frames_drawn: u64,
    frame_stats: super::frame_stats::FrameStats,
}

impl Kb4App {
    /// Loads saved progress from `paths` and sets up the look.
    pub fn new(ctx: &egui::Context, paths: AppPaths, options: AppOptions) -> Kb4App {
        theme::install(ctx);
        let store = SettingsStore::new(paths.settings_file());
        let loaded = store.load();
        let saved = loaded.settings.clone();
        let mut state = AppState::new(loaded.settings, paths, loaded.notice, options.fixed_now);
        state.fixed_version = options.fixed_version.clone();
        Kb4App {
            state,
            store,
            saved,
            frame_stats: super::frame_stats::FrameStats::new(options.bench_frames),
            about_open: false,
            options,
            frames_drawn: 0,
        }
    }

    /// The state, for tests.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, for tests that set up what a file dialog would have chosen.
    pub fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    fn save_if_changed(&mut self) {
        if self.state.settings == self.saved {
            return;
        }
        match self.store.save(&self.state.settings) {
            Ok(()) => {
                self.saved = self.state.settings.clone();
                self.state.save_error = None;
            }
            Err(error) => {
                tracing::warn!("saving settings failed: {error}");
                self.state.save_error = Some(format!("Your progress could not be saved: {error}"));
            }
        }
    }

    /// Deletes the settings file and starts afresh, once the operator has confirmed it.
    fn forget_if_asked(&mut self) {
        if !self.state.forget_requested {
            return;
        }
        let (notice, done) = match self.store.forget_all() {
            Ok(_) => (
                "Every saved setting was forgotten. The app starts afresh.".to_owned(),
                true,
            ),
            Err(error) => (
                format!("The saved settings could not all be deleted: {error}"),
                false,
            ),
        };
        tracing::info!("saved settings forgotten at the operator's request");
        // The kept copy of a pasted certificate belongs to the settings: it goes with them.
        let _ = std::fs::remove_file(self.state.paths.pasted_certificate_file());
        let _ = std::fs::remove_file(
            self.state
                .paths
                .data_dir
                .join(super::steps::create_application::certificate_use::COPY_NAME),
        );
        let fresh = crate::settings::Settings::default();
        let paths = self.state.paths.clone();
        self.state = AppState::new(fresh.clone(), paths, Some(notice), self.options.fixed_now);
        self.state.notice_is_confirmation = done;
        self.state.fixed_version = self.options.fixed_version.clone();
        // Nothing to save: the deleted file stays deleted until the operator changes something.
        self.saved = fresh;
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("Menu", |ui| {
                if ui.button("About kb4-setup").clicked() {
                    self.about_open = true;
                }
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new("KnowBe4 SSO & SCIM Setup").weak());
            });
        });
    }

    fn banners(&mut self, ui: &mut Ui) {
        let mut dismissed = false;
        if let Some(notice) = &self.state.notice {
            let is_problem = !self.state.notice_is_confirmation;
            ui.horizontal_wrapped(|ui| {
                theme::message(ui, notice, is_problem);
                dismissed = ui.button("Dismiss").clicked();
            });
        }
        if dismissed {
            self.state.notice = None;
        }
        if let Some(error) = &self.state.save_error {
            theme::message(ui, error, true);
        }
    }

    fn about_window(&mut self, ctx: &egui::Context) {
        let paths = &self.state.paths;
        // Never wider than the window, so the paths wrap instead of running off its edge.
        let width = (ctx.content_rect().width() - 40.0).clamp(280.0, 560.0);
        egui::Window::new("About kb4-setup")
            .open(&mut self.about_open)
            .collapsible(false)
            .resizable(false)
            .default_width(width)
            .max_width(width)
            .show(ctx, |ui| {
                ui.label(format!("kb4-setup {}", crate::build_info::VERSION_LINE));
                ui.label("Guides JumpCloud to KnowBe4 SAML single sign-on and SCIM provisioning.");
                ui.add_space(theme::ITEM_GAP);
                fields::copy_field(
                    ui,
                    "Settings file",
                    &paths.settings_file().display().to_string(),
                );
                fields::copy_field(ui, "Log file", &paths.log_file().display().to_string());
                ui.label(
                    "The SCIM token is kept only in the system keychain, never in these files.",
                );
            });
    }

    /// Ctrl+Enter (Cmd+Enter on macOS) moves to the next step from anywhere on the page.
    fn shortcut(ctx: &egui::Context) -> Option<Navigation> {
        ctx.input_mut(|input| input.consume_shortcut(&theme::NEXT_SHORTCUT))
            .then_some(Navigation::Next)
    }

    /// A file dropped on the window goes where the step in front of the operator wants it:
    /// the user export on the two steps that read it (and any `.csv` file), the new
    /// certificate on the rotation step, the IdP certificate everywhere else.
    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|input| input.raw.dropped_files.clone());
        let Some(file) = dropped.into_iter().next() else {
            return;
        };
        let path = file.path().to_path_buf();
        // Read through the size-capped loaders, never the whole file at once.
        match DropTarget::for_drop(self.state.current_step(), &path) {
            DropTarget::UsersExport => {
                self.state.provisioning.export.request_load(path);
                if !DropTarget::reads_users_export(self.state.current_step()) {
                    self.state.go_to(StepId::ImportUsers);
                }
            }
            DropTarget::NewCertificate => self.state.load_new_certificate(&path),
            DropTarget::Certificate => {
                self.state
                    .certificate
                    .load_file(&path, &mut self.state.settings.values);
                self.state.go_to(StepId::IdpCertificate);
            }
        }
    }

    fn drop_hint(ctx: &egui::Context, step: StepId) {
        let hovering = ctx.input(|input| !input.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let screen = ctx.content_rect();
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_hint"),
        ));
        painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
        let hint = if DropTarget::reads_users_export(step) {
            "Drop the JumpCloud user export (CSV) to load it"
        } else if step == StepId::RotateCertificate {
            "Drop the new certificate to load it beside the current one"
        } else {
            "Drop certificate.pem to load it as the IdP certificate"
        };
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            hint,
            egui::FontId::proportional(22.0),
            egui::Color32::WHITE,
        );
    }

    fn navigate(&mut self, navigation: Navigation) {
        let step = self.state.current_step();
        let target = match navigation {
            Navigation::Back => step.previous(),
            Navigation::Next => step.next(),
        };
        if let Some(target) = target {
            self.state.go_to(target);
        }
    }
}

impl eframe::App for Kb4App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.take_dropped_files(&ctx);
        logic::collect(&mut self.state, &ctx);
        let shortcut = Self::shortcut(&ctx);
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::left("step_list")
            .resizable(false)
            .exact_size(theme::STEP_LIST_WIDTH)
            .show(ui, |ui| step_list::show(ui, &mut self.state));
        let step = self.state.current_step();
        let navigation = egui::Panel::bottom("step_controls")
            .show(ui, |ui| {
                ui.add_space(theme::ITEM_GAP);
                let chosen = theme::step_controls(ui, step);
                ui.add_space(theme::ITEM_GAP);
                chosen
            })
            .inner;
        egui::CentralPanel::default().show(ui, |ui| {
            self.banners(ui);
            egui::ScrollArea::vertical()
                .id_salt(step.key())
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Never wider than the panel: a fixed width past the panel's edge would cut
                    // every line and value at the right instead of wrapping it.
                    ui.set_max_width(ui.available_width().min(theme::CONTENT_MAX_WIDTH));
                    steps::common::header(ui, &self.state, step);
                    steps::show(ui, &mut self.state, step);
                });
        });
        if let Some(navigation) = navigation.or(shortcut) {
            self.navigate(navigation);
        }
        self.about_window(&ctx);
        Self::drop_hint(&ctx, self.state.current_step());
        self.forget_if_asked();
        self.save_if_changed();
        self.frames_drawn += 1;
        self.frame_stats.frame_drawn(&ctx);
        if self.options.quit_after_first_frame && self.frames_drawn == 1 {
            tracing::info!("first frame drawn; closing as asked");
            println!("kb4-setup: first frame drawn");
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Where a dropped file goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DropTarget {
    Certificate,
    NewCertificate,
    UsersExport,
}

impl DropTarget {
    fn for_drop(step: StepId, path: &std::path::Path) -> DropTarget {
        let is_csv = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
        if Self::reads_users_export(step) || is_csv {
            DropTarget::UsersExport
        } else if step == StepId::RotateCertificate {
            DropTarget::NewCertificate
        } else {
            DropTarget::Certificate
        }
    }

    /// The steps that read the JumpCloud user export.
    fn reads_users_export(step: StepId) -> bool {
        matches!(step, StepId::AttributeMapping | StepId::ImportUsers)
    }
}

#[cfg(test)]
mod tests {
    use super::DropTarget;
    use crate::steps::StepId;
    use std::path::Path;

    #[test]
    fn a_drop_goes_where_the_step_wants_it() {
        let pem = Path::new("/tmp/certificate.pem");
        let csv = Path::new("/tmp/users.CSV");
        let export = Path::new("/tmp/users-export");
        assert_eq!(
            DropTarget::for_drop(StepId::ImportUsers, export),
            DropTarget::UsersExport
        );
        assert_eq!(
            DropTarget::for_drop(StepId::AttributeMapping, export),
            DropTarget::UsersExport
        );
        assert_eq!(
            DropTarget::for_drop(StepId::Prerequisites, csv),
            DropTarget::UsersExport
        );
        assert_eq!(
            DropTarget::for_drop(StepId::RotateCertificate, pem),
            DropTarget::NewCertificate
        );
        assert_eq!(
            DropTarget::for_drop(StepId::Prerequisites, pem),
            DropTarget::Certificate
        );
    }
}
