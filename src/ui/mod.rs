//! The window: a thin eframe front end over the domain modules.

mod app;
pub mod background;
pub mod certificate_slot;
pub mod check_panel;
mod inspection_view;
pub mod provisioning;
pub mod report_export;
pub mod saml_inspector;
mod state;
mod step_list;
pub mod steps;
pub mod theme;
pub mod token_vault;

pub use app::{AppOptions, Kb4App};
pub use state::AppState;

use crate::paths::AppPaths;

/// The window's title, also used by tests and scripts to find it.
pub const WINDOW_TITLE: &str = "KnowBe4 SSO & SCIM Setup";

/// Opens the window and runs until it is closed.
pub fn run_window(paths: AppPaths, options: AppOptions) -> Result<(), String> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(WINDOW_TITLE)
            .with_app_id("kb4-setup")
            .with_inner_size([1120.0, 780.0])
            .with_min_inner_size([820.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        WINDOW_TITLE,
        native,
        Box::new(move |cc| Ok(Box::new(Kb4App::new(&cc.egui_ctx, paths, options)))),
    )
    .map_err(|error| format!("the window could not be opened: {error}"))
}
