//! The window: a thin eframe front end over the domain modules.

mod app;
pub mod background;
pub mod browser;
pub mod certificate_slot;
pub mod check_result_line;
pub mod check_run;
pub mod fields;
pub mod file_dialog;
pub mod frame_stats;
pub mod inspection_view;
pub mod jumpcloud;
mod logic;
pub mod provisioning;
pub mod report_export;
pub mod report_preview;
pub mod saml_inspector;
pub mod secret_field;
pub mod secret_vault;
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
    // The app id matches kb4-setup.desktop, which is how Wayland compositors find the icon.
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(WINDOW_TITLE)
        .with_app_id("kb4-setup")
        .with_inner_size([1120.0, 780.0])
        .with_min_inner_size([820.0, 560.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let native = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        WINDOW_TITLE,
        native,
        Box::new(move |cc| Ok(Box::new(Kb4App::new(&cc.egui_ctx, paths, options)))),
    )
    .map_err(|error| format!("the window could not be opened: {error}"))
}

/// The app icon for the title bar and task switcher (X11 and Windows; Wayland takes it from the
/// desktop file, macOS from the bundle). A PNG that fails to decode only costs the icon.
fn window_icon() -> Option<egui::IconData> {
    const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/kb4-setup-128.png");
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => Some(icon),
        Err(error) => {
            tracing::warn!("the window icon could not be decoded, using none: {error}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_icon_decodes() {
        let icon = super::window_icon().expect("the committed PNG decodes");
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
    }
}
