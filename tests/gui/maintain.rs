//! The last steps through the real window: Test Mode's archive warning, certificate rotation
//! with two certificates, forgetting the setup, and the report preview (never the token).

use std::path::PathBuf;
use std::time::Duration;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::keychain::{OsKeychain, TokenStore};
use kb4_setup::paths::AppPaths;
use kb4_setup::provisioning::reconcile::ReconcileSummary;
use kb4_setup::provisioning::records::ReconcileRecord;
use kb4_setup::report::{ReportFormat, write_report};
use kb4_setup::scim::CheckId;
use kb4_setup::scim::check_results::{CheckReport, CheckResult, RunOutcome};
use kb4_setup::settings::Settings;
use kb4_setup::steps::StepId;
use kb4_setup::tenant_url::TenantUrl;
use kb4_setup::ui::Kb4App;
use kb4_setup::verdict::Verdict;
use time::macros::datetime;

use crate::support::fixed_certs;
use crate::support::gui;
use crate::support::scim_server;

fn open_at(paths: &AppPaths, settings: Settings) -> Harness<'static, Kb4App> {
    gui::open_with(paths, &settings)
}

fn settings_at(step: StepId) -> Settings {
    Settings {
        current_step: step,
        ..Settings::default()
    }
}

/// `contents` written at a fixed path, so nothing run-specific can reach a snapshot.
fn fixed_file(test: &str, name: &str, contents: &str) -> PathBuf {
    let path = gui::snapshot_file(&format!("maintain-{test}"), name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn reconcile_record(only_in_knowbe4: usize) -> ReconcileRecord {
    ReconcileRecord {
        ran_at: "2026-06-01T11:30:00Z".to_owned(),
        tenant_url: "https://training.knowbe4.com/scim/v2/abc123".to_owned(),
        file_name: "jumpcloud-users.csv".to_owned(),
        summary: ReconcileSummary {
            only_in_knowbe4,
            matched: 480,
            only_in_jumpcloud: 7,
            conflicts: 2,
            knowbe4_users: 494,
            jumpcloud_users: 489,
            duplicate_rows_skipped: 0,
        },
        complete: true,
        // Saved before scopes were recorded: the whole export was compared.
        scope: None,
    }
}

#[test]
fn test_mode_warns_who_would_be_archived_and_links_to_the_comparison_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = settings_at(StepId::TestMode);
    settings.last_reconcile = Some(reconcile_record(12));
    let mut harness = open_at(&paths, settings);
    harness.get_by_label_contains("a legacy SCIM mode selected instead of SCIM");
    let warning = harness.get_by_label_contains("found 12 users only in KnowBe4");
    warning.scroll_to_me();
    harness.run();
    harness.snapshot("maintain_test_mode");
    // Shown in local time, to the second (UTC when the offset cannot be read, as in tests).
    gui::click(
        &mut harness,
        "See the comparison of 2026-06-01 11:30:00 UTC",
    );
    assert_eq!(harness.state().state().current_step(), StepId::ImportUsers);
}

#[test]
fn test_mode_without_a_comparison_asks_for_one() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, settings_at(StepId::TestMode));
    harness.get_by_label_contains("Compare KnowBe4's users with JumpCloud's");
    gui::click(&mut harness, "Compare users on the Import users step");
    assert_eq!(harness.state().state().current_step(), StepId::ImportUsers);
}

fn field(harness: &Harness<'static, Kb4App>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

#[test]
fn rotation_shows_both_certificates_and_which_one_knowbe4_holds_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let current_pem = fixed_certs::idp_certificate_pem(
        "current",
        datetime!(2025-07-01 00:00 UTC),
        datetime!(2026-07-01 00:00 UTC),
    );
    let new_pem = fixed_certs::idp_certificate_pem(
        "next",
        datetime!(2026-05-01 00:00 UTC),
        datetime!(2029-05-01 00:00 UTC),
    );
    let current_file = fixed_file("rotation", "certificate.pem", &current_pem);
    let new_file = fixed_file("rotation", "new-certificate.pem", &new_pem);
    let new_info = kb4_setup::certificate::load_bytes(new_pem.as_bytes()).unwrap();
    let current_info = kb4_setup::certificate::load_bytes(current_pem.as_bytes()).unwrap();

    let mut settings = settings_at(StepId::RotateCertificate);
    settings.values.certificate_path = Some(current_file.clone());
    let mut harness = open_at(&paths, settings);
    gui::drop_file(&mut harness, &new_file);
    // A drop on this step loads the new certificate and stays here.
    assert_eq!(
        harness.state().state().current_step(),
        StepId::RotateCertificate
    );
    assert_eq!(field(&harness, "Current SHA-1"), current_info.sha1);
    assert_eq!(field(&harness, "New SHA-1"), new_info.sha1);
    assert_eq!(field(&harness, "New SHA-256"), new_info.sha256);
    harness.get_by_label("Days left on the current certificate: 29");

    gui::type_into_role(
        &mut harness,
        Role::TextInput,
        "Fingerprint in KnowBe4 now",
        &current_info.sha1.replace(':', "").to_lowercase(),
    );
    harness.get_by_label_contains("still holds the CURRENT");
    // After the change in KnowBe4, the operator pastes what it holds now.
    harness.state_mut().state_mut().rotation_fingerprint = new_info.sha256.clone();
    harness.run();
    harness.get_by_label_contains("KnowBe4 holds the NEW");
    harness
        .get_by_label_contains("KnowBe4 holds the NEW")
        .scroll_to_me();
    harness.run();
    harness.snapshot("maintain_rotation");

    // Restart: the new certificate is remembered beside the current one.
    drop(harness);
    let mut harness = gui::light_harness(&paths);
    assert_eq!(field(&harness, "New SHA-1"), new_info.sha1);
    harness
        .get_by_role_and_label(Role::Button, "Make the new certificate the current one")
        .scroll_to_me();
    harness.run();
    gui::click(&mut harness, "Make the new certificate the current one");
    let state = harness.state().state();
    assert_eq!(
        state
            .certificate
            .current
            .as_ref()
            .map(|c| c.info().sha1.clone()),
        Some(new_info.sha1.clone())
    );
    assert_eq!(state.settings.values.certificate_path, Some(new_file));
    assert_eq!(state.settings.values.new_certificate_path, None);
}

#[test]
fn forgetting_the_setup_needs_a_confirmation_then_deletes_the_settings_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = settings_at(StepId::RemoveIntegration);
    settings.values.saml_id = "a1b2c3d4e5f".to_owned();
    settings.set_ticked(StepId::Prerequisites, "jumpcloud_admin", true);
    let mut harness = open_at(&paths, settings);
    gui::click(&mut harness, "Forget all saved settings…");
    harness.get_by_label_contains("This cannot be undone");
    harness
        .get_by_role_and_label(Role::Button, "Yes, forget everything")
        .scroll_to_me();
    harness.run();
    harness.snapshot("maintain_forget_confirm");
    gui::click(&mut harness, "Keep the settings");
    assert!(paths.settings_file().exists(), "kept until confirmed");

    gui::click(&mut harness, "Forget all saved settings…");
    gui::click(&mut harness, "Yes, forget everything");
    gui::settle(&mut harness);
    assert!(
        !paths.settings_file().exists(),
        "the settings file is deleted"
    );
    harness.get_by_label_contains("Every saved setting was forgotten");
    let state = harness.state().state();
    assert_eq!(state.current_step(), StepId::Prerequisites);
    assert!(state.settings.values.saml_id.is_empty());
    assert!(state.settings.ticked.is_empty());
}

fn fixed_check_report(tenant: &str) -> CheckReport {
    CheckReport {
        started_at: "2026-06-01T11:50:00Z".to_owned(),
        finished_at: "2026-06-01T11:50:02Z".to_owned(),
        tenant_url: tenant.into(),
        outcome: RunOutcome::Completed,
        results: vec![
            CheckResult::new(CheckId::Dns, "DNS", Verdict::Pass, "Resolved"),
            CheckResult::new(CheckId::UsersList, "List users", Verdict::Pass, "200 OK"),
        ],
        leftovers: Vec::new(),
    }
}

#[test]
fn report_preview_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let pem = fixed_certs::idp_certificate_pem(
        "report",
        datetime!(2026-01-01 00:00 UTC),
        datetime!(2031-01-01 00:00 UTC),
    );
    let tenant = "https://training.knowbe4.com/scim/v2/abc123";
    let mut settings = settings_at(StepId::Report);
    settings.values.saml_id = "a1b2c3d4e5f".to_owned();
    settings.values.idp_url = "https://sso.jumpcloud.com/saml2/knowbe4".to_owned();
    settings.values.certificate_path = Some(fixed_file("report", "certificate.pem", &pem));
    settings.values.tenant_url = tenant.into();
    settings.last_check = Some(fixed_check_report(tenant));
    settings.last_reconcile = Some(reconcile_record(3));
    let mut harness = open_at(&paths, settings);
    harness.get_by_label_contains("a1b2c3d4e5f/callback");
    harness.get_by_label("Preview").scroll_to_me();
    harness.run();
    harness.snapshot("maintain_report_preview");
    // Repaints with nothing changed reuse the preview instead of building the report again.
    let builds = harness.state().state().report_preview.builds;
    harness.run_steps(10);
    assert_eq!(harness.state().state().report_preview.builds, builds);
}

#[test]
fn a_report_after_a_flow_that_stored_a_token_never_holds_it() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = gui::random_token();
    let server = scim_server::ScimServer::start(scim_server::ServerOptions::http(&token));
    let tenant = server.base_url.clone();
    let (dir, paths) = gui::temp_paths();
    let mut settings = settings_at(StepId::ScimToken);
    settings.values.saml_id = "a1b2c3d4e5f".to_owned();
    settings.values.tenant_url = tenant.as_str().into();
    let mut harness = open_at(&paths, settings);
    let limit = Duration::from_secs(20);

    // Store the token the way an operator does: paste, Save to keychain.
    gui::run_until(&mut harness, limit, |h| {
        h.query_by_label_contains("Tenant URL yet").is_some()
    });
    gui::type_into_role(&mut harness, Role::PasswordInput, "SCIM token", &token);
    gui::click(&mut harness, "Save to keychain");
    gui::run_until(&mut harness, limit, |h| {
        h.query_by_label("A token is stored for this Tenant URL.")
            .is_some()
    });
    // Run the checks with it, then open the report.
    harness
        .state_mut()
        .state_mut()
        .go_to(StepId::IdentityManagement);
    gui::settle(&mut harness);
    gui::click(&mut harness, "Run checks");
    gui::run_until(&mut harness, limit, |h| {
        h.state().state().settings.last_check.is_some()
    });
    harness.state_mut().state_mut().go_to(StepId::Report);
    gui::settle(&mut harness);
    let preview = harness
        .get_by_label_contains("# KnowBe4 and JumpCloud setup report")
        .value()
        .unwrap_or_default();
    assert!(
        preview.contains(&tenant),
        "the preview shows the setup: {tenant} in {preview}"
    );
    assert!(
        !preview.contains(&token),
        "the preview never shows the token"
    );

    let report = kb4_setup::ui::steps::report::build(harness.state().state());
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    write_report(&report, ReportFormat::Markdown, &out.join("report.md")).unwrap();
    write_report(&report, ReportFormat::Html, &out.join("report.html")).unwrap();
    drop(harness);
    let files = gui::files_under(dir.path());
    assert!(files.len() >= 3, "settings and both reports: {files:?}");
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains(&token),
            "the token was found in {}",
            file.display()
        );
    }
    let _ = OsKeychain::new().delete(&TenantUrl::parse(&tenant).unwrap());
}
