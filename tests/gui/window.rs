//! What the window shows can be trusted: the longest steps at the app's minimum size (nothing
//! cut off), statuses that follow their inputs, check results that say whose they are, and
//! failures that are said on screen. Snapshots: `narrow_<step>.png`.

use std::sync::Arc;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use kb4_setup::paths::AppPaths;
use kb4_setup::region::Region;
use kb4_setup::scim::CheckId;
use kb4_setup::scim::check_results::{CheckReport, CheckResult, RunOutcome};
use kb4_setup::settings::{Settings, SettingsStore};
use kb4_setup::steps::{StepId, content};
use kb4_setup::ui::browser::Browser;
use kb4_setup::ui::{AppOptions, Kb4App};
use kb4_setup::verdict::Verdict;
use time::macros::datetime;

use crate::support::fixed_certs;
use crate::support::gui;

/// The app's own minimum window size (`with_min_inner_size` in ui/mod.rs).
const NARROW: [f32; 2] = [820.0, 560.0];
const TENANT: &str = "https://training.knowbe4.com/scim/v2/Ab12Cd34";
const OTHER_TENANT: &str = "https://eu.knowbe4.com/scim/v2/Zz98Yy76";
const SAML_ID: &str = "Ab12Cd34Ef5";

fn harness_sized(paths: &AppPaths, size: [f32; 2]) -> Harness<'static, Kb4App> {
    let paths = paths.clone();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let options = AppOptions {
                fixed_now: Some(gui::FIXED_NOW),
                fixed_version: Some("0.0.0-test (commit snapshot)".to_owned()),
                ..AppOptions::default()
            };
            Kb4App::new(&cc.egui_ctx, paths, options)
        });
    gui::settle(&mut harness);
    harness
}

fn save(paths: &AppPaths, settings: &Settings) {
    SettingsStore::new(paths.settings_file())
        .save(settings)
        .expect("test settings saved");
}

fn on_step(step: StepId) -> Settings {
    let mut settings = Settings {
        current_step: step,
        region: Region::Us,
        ..Settings::default()
    };
    settings.values.saml_id = SAML_ID.to_owned();
    settings
}

fn certificate_pem(label: &str) -> String {
    fixed_certs::idp_certificate_pem(
        label,
        datetime!(2026-01-15 00:00 UTC),
        datetime!(2031-01-15 00:00 UTC),
    )
}

/// A certificate file at a fixed path (so no random folder name reaches a snapshot).
fn certificate_file(test: &str, label: &str) -> std::path::PathBuf {
    let file = gui::snapshot_file(test, "certificate.pem");
    std::fs::write(&file, certificate_pem(label)).expect("certificate written");
    file
}

/// A run of nine checks against `tenant`, three of them failed, with the long 401 hint.
fn failed_run(tenant: &str) -> CheckReport {
    let mut results: Vec<CheckResult> = [
        (
            CheckId::Url,
            "Tenant URL format",
            Verdict::Pass,
            "the URL has the form KnowBe4 gives",
        ),
        (
            CheckId::Dns,
            "DNS lookup",
            Verdict::Pass,
            "resolves to 1 address",
        ),
        (
            CheckId::Tcp,
            "TCP connect",
            Verdict::Pass,
            "port 443 answered",
        ),
        (
            CheckId::Tls,
            "TLS handshake",
            Verdict::Pass,
            "TLS 1.3, certificate trusted",
        ),
        (
            CheckId::Token,
            "Bearer token accepted",
            Verdict::Fail,
            "HTTP 401 Unauthorized",
        ),
        (
            CheckId::UsersList,
            "List users",
            Verdict::Fail,
            "HTTP 401 Unauthorized",
        ),
        (
            CheckId::GroupsList,
            "List groups",
            Verdict::Fail,
            "HTTP 401 Unauthorized",
        ),
        (
            CheckId::Schemas,
            "Schemas",
            Verdict::Skip,
            "skipped after the token was refused",
        ),
        (
            CheckId::UsersFilter,
            "Paging",
            Verdict::Skip,
            "skipped after the token was refused",
        ),
    ]
    .into_iter()
    .map(|(id, name, status, summary)| CheckResult::new(id, name, status, summary))
    .collect();
    results[4].hint = Some(
        "KnowBe4 refused the token. It may have been regenerated in KnowBe4 (which revokes the \
         old one) or copied incompletely: generate a new token in KnowBe4, paste the new token \
         on the KnowBe4 SCIM token step, and run the checks again."
            .to_owned(),
    );
    CheckReport {
        started_at: "2026-06-01T11:59:50Z".into(),
        finished_at: "2026-06-01T11:59:58Z".into(),
        tenant_url: tenant.into(),
        outcome: RunOutcome::Completed,
        results,
        leftovers: vec![],
    }
}

fn status_label(harness: &Harness<'static, Kb4App>, step: StepId) -> String {
    let status = harness.state().state().status(step);
    format!("{}, {}", step.title(), status.label())
}

fn has_label_containing(harness: &Harness<'static, Kb4App>, text: &str) -> bool {
    harness.query_by_label_contains(text).is_some()
}

// ----- Layout: the longest steps at the minimum window size -----

#[test]
fn narrow_saml_id_shows_every_value_and_its_copy_button() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::SamlId));
    let mut harness = harness_sized(&paths, NARROW);
    harness
        .get_by_role_and_label(Role::Button, "Copy SP Entity ID")
        .scroll_to_me();
    harness.run();
    for label in ["ACS URL", "Default RelayState value", "SP sign-in URL"] {
        let name = format!("Copy {label}");
        let copy = harness.get_by_role_and_label(Role::Button, &name);
        let right = copy.rect().right();
        assert!(
            right <= NARROW[0],
            "Copy {label} ends at {right}, past the window"
        );
    }
    harness.snapshot("narrow_saml_id");
}

#[test]
fn narrow_knowbe4_saml_marks_the_bytes_that_differ() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::KnowBe4Saml);
    settings.values.idp_url = "https://sso.jumpcloud.com/saml2/knowbe4".to_owned();
    settings.values.certificate_path = Some(certificate_file("narrow_knowbe4_saml", "narrow"));
    save(&paths, &settings);
    let mut harness = harness_sized(&paths, NARROW);
    let sha256 = harness
        .state()
        .state()
        .certificate
        .current
        .as_ref()
        .expect("the certificate is loaded")
        .info()
        .sha256
        .clone();
    // Every byte is on screen (32 of them), not the first twenty.
    let shown = harness
        .get_by_role_and_label(Role::TextInput, "IdP Cert Fingerprint (SHA-256)")
        .value()
        .unwrap_or_default();
    assert_eq!(shown, sha256);
    // KnowBe4 holds a fingerprint that differs in its last byte.
    let mut pasted = sha256.clone();
    pasted.replace_range(
        pasted.len() - 2..,
        if sha256.ends_with("00") { "11" } else { "00" },
    );
    harness.state_mut().state_mut().fingerprint_to_check = pasted;
    harness.run();
    assert_eq!(
        status_label(&harness, StepId::KnowBe4Saml),
        "KnowBe4 SAML settings, Needs attention"
    );
    assert!(has_label_containing(&harness, "does NOT match"));
    harness
        .get_by_role_and_label(Role::Button, "Copy IdP Cert Fingerprint (SHA-256)")
        .scroll_to_me();
    harness.run();
    harness.snapshot("narrow_knowbe4_saml");
}

#[test]
fn narrow_identity_management_gives_the_verdict_first_and_wraps_the_hint() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdentityManagement);
    settings.values.tenant_url = TENANT.into();
    settings.last_check = Some(failed_run(TENANT));
    save(&paths, &settings);
    let mut harness = harness_sized(&paths, NARROW);
    // The keychain is asked about the tenant in the background: the snapshot waits for its
    // answer (or its error), so the Copy token button is drawn the same way every run.
    gui::run_until(&mut harness, std::time::Duration::from_secs(20), |h| {
        let vault = &h.state().state().token;
        !vault.busy() && (h.state().state().token_stored().is_some() || vault.error.is_some())
    });
    assert_eq!(
        status_label(&harness, StepId::IdentityManagement),
        "JumpCloud Identity Management, Needs attention"
    );
    let verdict = harness.get_by_label_contains("3 of 9 checks failed");
    verdict.scroll_to_me();
    harness.run();
    assert!(has_label_containing(&harness, &format!("Checked {TENANT}")));
    assert!(has_label_containing(&harness, "run the checks again."));
    harness.snapshot("narrow_identity_management");
}

#[test]
fn narrow_rotate_certificate_shows_both_fingerprints_whole() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::RotateCertificate);
    settings.values.certificate_path = Some(certificate_file("narrow_rotate_current", "old"));
    settings.values.new_certificate_path = Some(certificate_file("narrow_rotate_new", "new"));
    save(&paths, &settings);
    let mut harness = harness_sized(&paths, NARROW);
    let state = harness.state().state();
    let new_sha256 = state
        .new_certificate
        .current
        .as_ref()
        .unwrap()
        .info()
        .sha256
        .clone();
    let shown = harness
        .get_by_role_and_label(Role::TextInput, "New SHA-256")
        .value()
        .unwrap_or_default();
    assert_eq!(shown, new_sha256);
    harness
        .get_by_role_and_label(Role::Button, "Copy New SHA-256")
        .scroll_to_me();
    harness.run();
    harness.snapshot("narrow_rotate_certificate");
}

#[test]
fn narrow_idp_certificate_shows_the_loaded_certificate() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdpCertificate);
    settings.values.certificate_path = Some(certificate_file("narrow_idp_certificate", "narrow"));
    save(&paths, &settings);
    let mut harness = harness_sized(&paths, NARROW);
    harness
        .get_by_role_and_label(Role::Button, "Copy SHA-1 fingerprint")
        .scroll_to_me();
    harness.run();
    harness.snapshot("narrow_idp_certificate");
}

// ----- Statuses that stay true -----

#[test]
fn a_url_of_another_region_needs_attention_until_the_region_is_fixed() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::SamlId);
    settings.values.saml_id.clear();
    save(&paths, &settings);
    let mut harness = gui::light_harness(&paths);
    gui::type_into_role(
        &mut harness,
        Role::TextInput,
        "KnowBe4 SAML ID",
        "https://eu.knowbe4.com/auth/saml/Zx9Yw8/callback",
    );
    assert_eq!(
        status_label(&harness, StepId::SamlId),
        "KnowBe4 SAML ID, Needs attention"
    );
    assert_eq!(
        status_label(&harness, StepId::Region),
        "KnowBe4 region, Needs attention"
    );
    assert!(has_label_containing(&harness, "your region is set to US"));
    harness.state_mut().state_mut().settings.region = Region::Eu;
    harness.run();
    assert!(!has_label_containing(&harness, "your region is set to"));
    assert_ne!(
        harness.state().state().status(StepId::Region),
        kb4_setup::steps::StepStatus::NeedsAttention
    );
    assert_ne!(
        harness.state().state().status(StepId::SamlId),
        kb4_setup::steps::StepStatus::NeedsAttention
    );
}

#[test]
fn results_for_another_tenant_are_out_of_date_and_left_out_of_the_report() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdentityManagement);
    settings.values.tenant_url = OTHER_TENANT.into();
    settings.last_check = Some(failed_run(TENANT));
    save(&paths, &settings);
    let mut harness = gui::light_harness(&paths);
    assert!(has_label_containing(
        &harness,
        "Out of date: these results are for"
    ));
    // A failed run for another tenant says nothing about this one.
    assert_ne!(
        harness.state().state().status(StepId::IdentityManagement),
        kb4_setup::steps::StepStatus::NeedsAttention
    );
    harness.state_mut().state_mut().go_to(StepId::Report);
    gui::settle(&mut harness);
    let report = kb4_setup::ui::steps::report::build(harness.state().state());
    assert!(
        report.last_check.is_none(),
        "the report leaves out another tenant's checks"
    );
}

#[test]
fn results_go_out_of_date_when_the_token_changes() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdentityManagement);
    settings.values.tenant_url = TENANT.into();
    settings.last_check = Some(failed_run(TENANT));
    settings
        .token_changed_at
        .insert(TENANT.to_owned(), "2026-06-01T12:30:00Z".to_owned());
    save(&paths, &settings);
    let harness = gui::light_harness(&paths);
    assert!(has_label_containing(
        &harness,
        "Out of date: the SCIM token was changed after this run"
    ));
}

#[test]
fn a_pasted_certificate_is_still_loaded_after_a_restart() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::IdpCertificate));
    let mut harness = gui::light_harness(&paths);
    let pem = certificate_pem("pasted");
    gui::type_into_role(
        &mut harness,
        Role::MultilineTextInput,
        "Paste certificate text",
        &pem,
    );
    gui::click(&mut harness, "Load pasted text");
    let sha256 = harness
        .state()
        .state()
        .certificate
        .current
        .as_ref()
        .unwrap()
        .info()
        .sha256
        .clone();
    for tick in content(StepId::IdpCertificate).ticks {
        harness
            .state_mut()
            .state_mut()
            .settings
            .set_ticked(StepId::IdpCertificate, tick.id, true);
    }
    harness.run();
    drop(harness);

    let harness = gui::light_harness(&paths);
    let loaded = harness.state().state().certificate.current.as_ref();
    assert_eq!(loaded.map(|c| c.info().sha256.clone()), Some(sha256));
    assert_eq!(
        status_label(&harness, StepId::IdpCertificate),
        "IdP certificate, Done"
    );
    assert!(has_label_containing(&harness, "a copy is kept as"));
}

#[test]
fn a_done_certificate_step_without_a_certificate_needs_attention() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdpCertificate);
    for tick in content(StepId::IdpCertificate).ticks {
        settings.set_ticked(StepId::IdpCertificate, tick.id, true);
    }
    save(&paths, &settings);
    let harness = gui::light_harness(&paths);
    assert_eq!(
        status_label(&harness, StepId::IdpCertificate),
        "IdP certificate, Needs attention"
    );
    assert!(has_label_containing(
        &harness,
        "No IdP certificate is loaded now"
    ));
}

// ----- No silent failures -----

#[test]
fn a_pasted_private_key_is_refused_and_cleared_at_once() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::IdpCertificate));
    let mut harness = gui::light_harness(&paths);
    let key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\
               -----END PRIVATE KEY-----\n";
    gui::type_into_role(
        &mut harness,
        Role::MultilineTextInput,
        "Paste certificate text",
        key,
    );
    assert!(harness.state().state().pasted_certificate.is_empty());
    assert!(harness.query_all_by_label_contains("PRIVATE KEY").count() > 0);
    let value = harness
        .get_by_role_and_label(Role::MultilineTextInput, "Paste certificate text")
        .value()
        .unwrap_or_default();
    assert!(value.is_empty(), "the key is gone from the box: {value}");
}

#[test]
fn a_browser_that_does_not_open_is_said_and_the_address_kept_with_copy() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::ValidateSso));
    let mut harness = gui::light_harness(&paths);
    harness.state_mut().state_mut().browser =
        Browser::with_launcher(Arc::new(|_| Err("no browser was found".to_owned())));
    gui::click(
        &mut harness,
        "IdP-initiated: open the JumpCloud User Console",
    );
    gui::run_until(&mut harness, std::time::Duration::from_secs(10), |h| {
        h.query_by_label_contains("No browser opened").is_some()
    });
    assert!(has_label_containing(&harness, "no browser was found"));
    let kept = harness
        .get_by_role_and_label(Role::TextInput, "JumpCloud User Console URL")
        .value()
        .unwrap_or_default();
    assert_eq!(kept, "https://console.jumpcloud.com/userconsole");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Copy JumpCloud User Console URL")
            .is_some()
    );
}

#[test]
fn the_lifecycle_email_is_checked_before_anything_runs() {
    let (_dir, paths) = gui::temp_paths();
    let mut settings = on_step(StepId::IdentityManagement);
    settings.values.tenant_url = TENANT.into();
    save(&paths, &settings);
    let mut harness = gui::light_harness(&paths);
    harness.state_mut().state_mut().checks.lifecycle_opt_in = true;
    harness.run();
    assert!(has_label_containing(
        &harness,
        "Enter the test user's email first"
    ));
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Run checks")
            .accesskit_node()
            .is_disabled()
    );
    gui::type_into_role(
        &mut harness,
        Role::TextInput,
        "Test user email",
        "not-an-email",
    );
    assert!(has_label_containing(&harness, "is not a usable test email"));
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Run checks")
            .accesskit_node()
            .is_disabled()
    );
    assert!(!harness.state().state().checks.running());
}

#[test]
fn the_user_export_dropped_on_import_users_is_loaded_as_the_export() {
    let (dir, paths) = gui::temp_paths();
    let csv = dir.path().join("jumpcloud-users");
    std::fs::write(
        &csv,
        "username,email,firstname,lastname\nada,ada@example.com,Ada,Lovelace\n",
    )
    .unwrap();
    save(&paths, &on_step(StepId::ImportUsers));
    let mut harness = gui::light_harness(&paths);
    // Reading runs on a background thread that keeps the window repainting: wait for it in a
    // bounded loop rather than for the window to settle.
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(gui::DroppedPath(csv.clone())));
    gui::run_until(&mut harness, std::time::Duration::from_secs(10), |h| {
        h.state().state().provisioning.export.loaded.is_some()
    });
    assert_eq!(harness.state().state().current_step(), StepId::ImportUsers);
    assert!(harness.state().state().certificate.current.is_none());
    assert!(harness.state().state().certificate.problem.is_none());
}

// ----- Small things -----

#[test]
fn ctrl_enter_goes_to_the_next_step() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::Prerequisites));
    let mut harness = gui::light_harness(&paths);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().state().current_step(), StepId::Region);
}

#[test]
fn copied_belongs_to_the_button_that_was_pressed() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::SamlId));
    let mut harness = gui::light_harness(&paths);
    harness
        .get_by_role_and_label(Role::Button, "Copy ACS URL")
        .click();
    harness.step();
    harness.step();
    assert_eq!(harness.query_all_by_label("Copied").count(), 1);
    // Another step's Copy button with the same label does not inherit it.
    harness.state_mut().state_mut().go_to(StepId::ValidateSso);
    harness.step();
    harness.step();
    assert_eq!(harness.query_all_by_label("Copied").count(), 0);
}

#[test]
fn forgetting_every_setting_is_confirmed_not_warned() {
    let (_dir, paths) = gui::temp_paths();
    save(&paths, &on_step(StepId::RemoveIntegration));
    let mut harness = gui::light_harness(&paths);
    gui::click(&mut harness, "Forget all saved settings…");
    gui::click(&mut harness, "Yes, forget everything");
    assert!(has_label_containing(
        &harness,
        "Every saved setting was forgotten"
    ));
    assert!(harness.state().state().notice_is_confirmation);
}
