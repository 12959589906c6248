//! The connection checks in the window: Run checks against a real loopback SCIM server with the
//! token read from the real Secret Service, results render, and Cancel ends a hanging run.

use std::time::{Duration, Instant};

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::keychain::{OsKeychain, TokenStore};
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use scim_server::routes::FaultKind;
use scim_server::{Behavior, ScimServer, ServerOptions};

use crate::support::gui;
use crate::support::scim_server;

fn open_identity_step(
    paths: &kb4_setup::paths::AppPaths,
    tenant: &str,
) -> Harness<'static, Kb4App> {
    gui::open_on_step(paths, StepId::IdentityManagement, tenant)
}

#[test]
fn run_checks_shows_results_and_saves_them_without_the_token() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = format!("gui-check-token-{}", std::process::id());
    let server = ScimServer::start(ServerOptions::http(&token));
    let tenant = server.base_url.clone();
    let url = gui::store_token(&tenant, &token);
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_identity_step(&paths, &tenant);
    harness
        .get_by_role_and_label(Role::Button, "Run checks")
        .click();
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state().state().settings.last_check.is_some()
    });
    gui::settle(&mut harness);
    let report = harness.state().state().settings.last_check.clone().unwrap();
    assert!(!report.has_failures(), "{}", report.to_text());
    assert!(harness.query_all_by_label_contains("PASS · ").count() >= 3);
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(
        saved.contains("users_list") || saved.contains("Users"),
        "results are saved"
    );
    assert!(!saved.contains(&token), "the token is never saved");
    OsKeychain::new().delete(&url).unwrap();
}

#[test]
fn a_run_finishes_and_is_recorded_while_another_step_is_shown() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = format!("gui-away-token-{}", std::process::id());
    let server = ScimServer::start(ServerOptions::http(&token));
    let tenant = server.base_url.clone();
    let url = gui::store_token(&tenant, &token);
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_identity_step(&paths, &tenant);
    harness
        .get_by_role_and_label(Role::Button, "Run checks")
        .click();
    harness.run_steps(1);
    // The operator moves on before the token is even read: the run still starts and ends.
    harness.state_mut().state_mut().go_to(StepId::Prerequisites);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state().state().settings.last_check.is_some()
    });
    assert_eq!(
        harness.state().state().current_step(),
        StepId::Prerequisites
    );
    let report = harness.state().state().settings.last_check.clone().unwrap();
    assert!(!report.has_failures(), "{}", report.to_text());
    OsKeychain::new().delete(&url).unwrap();
}

#[test]
fn cancel_ends_a_hanging_run_and_the_window_keeps_painting() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = format!("gui-cancel-token-{}", std::process::id());
    let behavior = Behavior::failing_get("/ServiceProviderConfig", FaultKind::NeverAnswer);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(behavior));
    let tenant = server.base_url.clone();
    let url = gui::store_token(&tenant, &token);
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_identity_step(&paths, &tenant);
    harness
        .get_by_role_and_label(Role::Button, "Run checks")
        .click();
    gui::run_until(&mut harness, Duration::from_secs(10), |h| {
        h.query_by_role_and_label(Role::Button, "Cancel").is_some()
    });
    // The window keeps answering while the request hangs.
    let started = Instant::now();
    harness.run_steps(5);
    assert!(started.elapsed() < Duration::from_secs(2));
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click_accesskit();
    gui::run_until(&mut harness, Duration::from_secs(5), |h| {
        !h.state().state().checks.running()
    });
    // Cancel works: the run stopped within the bound above; a final report, when it came,
    // says it was cancelled.
    if let Some(report) = harness.state().state().settings.last_check.clone() {
        assert_eq!(format!("{:?}", report.outcome), "Cancelled");
    }
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Run checks")
            .is_some()
    );
    OsKeychain::new().delete(&url).unwrap();
}
