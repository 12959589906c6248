//! A snapshot of every step at one window size, and one step in the dark theme.
//! Update the reference images with `UPDATE_SNAPSHOTS=1 cargo test --test gui gui::snapshots::`.

use kb4_setup::paths::AppPaths;
use kb4_setup::region::Region;
use kb4_setup::settings::{Settings, SettingsStore};
use kb4_setup::steps::{StepId, content};

use crate::support::gui;

/// Saved progress part-way through the procedure, so the list shows every kind of status.
fn progress_fixture(paths: &AppPaths, current: StepId) {
    let mut settings = Settings {
        current_step: current,
        region: Region::Us,
        ..Settings::default()
    };
    for step in [
        StepId::Prerequisites,
        StepId::Region,
        StepId::CreateApplication,
    ] {
        for tick in content(step).ticks {
            settings.set_ticked(step, tick.id, true);
        }
    }
    settings.set_ticked(StepId::SamlId, "account_settings", true);
    SettingsStore::new(paths.settings_file())
        .save(&settings)
        .expect("fixture saved");
}

#[test]
fn every_step_matches_its_snapshot() {
    let mut results = egui_kittest::SnapshotResults::new();
    for step in StepId::ALL {
        let (_dir, paths) = gui::temp_paths();
        progress_fixture(&paths, step);
        let mut harness = gui::light_harness(&paths);
        assert_eq!(harness.state().state().current_step(), step);
        results.add(harness.try_snapshot(format!("step_{:02}_{}", step.index() + 1, step.key())));
    }
    results.unwrap();
}

#[test]
fn dark_theme_matches_its_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    progress_fixture(&paths, StepId::JumpCloudSso);
    let mut harness = gui::app_harness(&paths, egui::Theme::Dark);
    harness.snapshot("dark_jumpcloud_sso");
}
