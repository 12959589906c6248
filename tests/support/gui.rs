//! Builds a kittest harness around the real app, with all files under a temporary folder.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::paths::AppPaths;
use kb4_setup::settings::{Settings, SettingsStore};
use kb4_setup::steps::StepId;
use kb4_setup::ui::{AppOptions, Kb4App};

/// The moment every GUI test lives in, so certificate validity and dates never drift.
pub const FIXED_NOW: time::OffsetDateTime = time::macros::datetime!(2026-06-01 12:00 UTC);

/// The window size every snapshot is taken at.
pub const WINDOW_SIZE: [f32; 2] = [1120.0, 780.0];

pub fn app_harness(paths: &AppPaths, theme: egui::Theme) -> Harness<'static, Kb4App> {
    let paths = paths.clone();
    let mut harness = Harness::builder()
        .with_size(WINDOW_SIZE)
        .with_theme(theme)
        .build_eframe(move |cc| {
            let options = AppOptions {
                fixed_now: Some(FIXED_NOW),
                fixed_version: Some("0.0.0-test (commit snapshot)".to_owned()),
                ..AppOptions::default()
            };
            Kb4App::new(&cc.egui_ctx, paths, options)
        });
    settle(&mut harness);
    harness
}

/// Runs frames until the UI is idle. Background work (keychain calls, checks) may keep asking
/// for repaints for a while; tests that wait for it poll in bounded loops of their own.
pub fn settle(harness: &mut Harness<'static, Kb4App>) {
    let _ = harness.try_run();
}

/// A harness in the light theme.
pub fn light_harness(paths: &AppPaths) -> Harness<'static, Kb4App> {
    app_harness(paths, egui::Theme::Light)
}

/// Saves `settings` as the app's settings file, then opens the window (light theme) on them.
pub fn open_with(paths: &AppPaths, settings: &Settings) -> Harness<'static, Kb4App> {
    SettingsStore::new(paths.settings_file())
        .save(settings)
        .expect("test settings saved");
    light_harness(paths)
}

/// Opens the window on `step`, with `tenant` as the Tenant URL and nothing else set.
pub fn open_on_step(paths: &AppPaths, step: StepId, tenant: &str) -> Harness<'static, Kb4App> {
    open_with(paths, &settings_on_step(step, tenant))
}

/// Default settings, on `step`, with `tenant` as the Tenant URL.
pub fn settings_on_step(step: StepId, tenant: &str) -> Settings {
    let mut settings = Settings {
        current_step: step,
        ..Settings::default()
    };
    settings.values.tenant_url = tenant.to_owned();
    settings
}

pub fn temp_paths() -> (tempfile::TempDir, AppPaths) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let paths = AppPaths::under(dir.path());
    (dir, paths)
}

/// Clicks the button with this exact label and lets the UI settle (background work, such as
/// a keychain call behind a spinner, may still be running afterwards).
pub fn click(harness: &mut Harness<'static, Kb4App>, label: &str) {
    harness
        .get_by_role_and_label(egui::Role::Button, label)
        .click();
    settle(harness);
}

/// Focuses the input with this role and label and types `text` into it.
pub fn type_into_role(
    harness: &mut Harness<'static, Kb4App>,
    role: egui::Role,
    label: &str,
    text: &str,
) {
    harness.get_by_role_and_label(role, label).focus();
    settle(harness);
    harness.get_by_role_and_label(role, label).type_text(text);
    settle(harness);
}

/// Runs frames until `done` holds, for at most `limit` (for work on background threads).
pub fn run_until(
    harness: &mut Harness<'static, Kb4App>,
    limit: std::time::Duration,
    done: impl Fn(&Harness<'static, Kb4App>) -> bool,
) {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        settle(harness);
        if done(harness) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the condition was not reached within {limit:?}");
}

/// True inside scripts/with-keyring.sh's throwaway keyring session. Outside it the caller
/// skips (never touching a developer's own keyring), unless KB4_REQUIRE_KEYRING is set, as in
/// CI, where a skip would hide a missing keyring and is a failure instead.
pub fn inside_test_keyring() -> bool {
    if std::env::var_os("KB4_TEST_KEYRING").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("KB4_REQUIRE_KEYRING").is_none(),
        "KB4_REQUIRE_KEYRING is set but the tests do not run inside scripts/with-keyring.sh"
    );
    eprintln!("skipped: not inside scripts/with-keyring.sh");
    false
}

/// A file dropped onto the window, as the desktop hands it over.
#[derive(Debug)]
pub struct DroppedPath(pub std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `path` onto the window and runs a frame.
pub fn drop_file(harness: &mut Harness<'static, Kb4App>, path: &std::path::Path) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.to_path_buf())));
    harness.run();
}

/// Every file below `root`, to scan what the app wrote.
pub fn files_under(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// A token made up now, so no real one is ever in the repository.
pub fn random_token() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    (0..4)
        .map(|_| format!("{:016x}", RandomState::new().build_hasher().finish()))
        .collect::<Vec<_>>()
        .join("")
}

/// Stores `token` for `tenant` in the (test session's) keychain, as the token step would.
pub fn store_token(tenant: &str, token: &str) -> kb4_setup::tenant_url::TenantUrl {
    use kb4_setup::keychain::TokenStore as _;
    let url = kb4_setup::tenant_url::TenantUrl::parse(tenant).expect("a valid tenant URL");
    let token = kb4_setup::token::parse_pasted_token(token)
        .expect("a valid token")
        .token;
    kb4_setup::keychain::OsKeychain::new()
        .save(&url, &token)
        .expect("the token is stored");
    url
}

/// A fixed path for a file a snapshot test loads, so nothing run-specific (a temporary
/// folder's random name) can reach an image that shows the path.
pub fn snapshot_file(test: &str, name: &str) -> std::path::PathBuf {
    let folder = std::env::temp_dir()
        .join("kb4-setup-snapshot-tests")
        .join(test);
    std::fs::create_dir_all(&folder).expect("the snapshot test folder");
    folder.join(name)
}
