//! Helpers shared by the GUI tests of the provisioning steps: open a step on a tenant, hand
//! the window an export as the dialog would, click through AccessKit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::paths::AppPaths;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;

use super::gui;

/// Opens the window on `step`, with `tenant` as the Tenant URL.
pub fn open_step(paths: &AppPaths, step: StepId, tenant: &str) -> Harness<'static, Kb4App> {
    gui::open_on_step(paths, step, tenant)
}

/// Hands the window a file, as the open dialog would, and waits until it is read.
pub fn load_export(harness: &mut Harness<'static, Kb4App>, path: &Path) {
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .export
        .request_load(path);
    // The pre-flight runs on the export too; wait for it so no line appears mid-click.
    gui::run_until(harness, Duration::from_secs(20), |h| {
        let provisioning = &h.state().state().provisioning;
        !provisioning.export.busy()
            && provisioning.export.loaded.is_some()
            && !provisioning.preflight.running()
            && provisioning.preflight.checked.is_some()
    });
}

/// Clicks through AccessKit (the widget need not be on screen) and lets the UI settle.
pub fn press(harness: &mut Harness<'static, Kb4App>, label: &str) {
    harness.get_by_label(label).click_accesskit();
    gui::settle(harness);
}

pub fn write_csv(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
