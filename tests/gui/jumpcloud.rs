//! "Connect to JumpCloud (optional)" in the window, against the loopback fake JumpCloud and the
//! real Secret Service: the key is saved masked and removed, the KnowBe4 application is found
//! and picked, and the verification draws its findings; the IdP private key JumpCloud sends and
//! the key itself reach no file, log or snapshot. CI runs it inside scripts/with-keyring.sh.

use std::time::Duration;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use fake_jumpcloud::{API_KEY, FakeApp, FakeJumpCloud, PRIVATE_KEY_MARKER, RunningJumpCloud};
use kb4_setup::jumpcloud::api_key::{delete_key, save_key};
use kb4_setup::jumpcloud::parse_api_key;
use kb4_setup::keychain::OsKeychain;
use kb4_setup::region::Region;
use kb4_setup::settings::Settings;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use time::macros::datetime;

use crate::support::fake_jumpcloud;
use crate::support::fixed_certs;
use crate::support::gui;
use crate::support::paging_server;

const SAML_ID: &str = "a1b2c3d4e5";

/// The window's minimum width.
const NARROW_WIDTH: f32 = 820.0;

/// Where each snapshot test's fake listens: fixed, so the API URL the window shows is the same
/// in every run. Addresses of 127.0.0.0/8 that nothing else uses, one per test.
const FIXED_ADDRESSES: [&str; 4] = [
    "127.0.77.1:47101",
    "127.0.77.2:47102",
    "127.0.77.3:47103",
    "127.0.77.4:47104",
];

/// The key has one keychain entry: the tests that store or remove it take turns.
static KEY_ENTRY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn take_turn() -> std::sync::MutexGuard<'static, ()> {
    KEY_ENTRY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Stores the fake's key as the window would, for tests that start past the key.
fn store_key() {
    let key = parse_api_key(API_KEY).expect("the fake's key parses");
    save_key(&OsKeychain::new(), None, &key).expect("the key is stored");
}

fn forget_key() {
    let _ = delete_key(&OsKeychain::new(), None);
}

/// The Create-the-application step, with the fake as the API URL and a US setup.
fn settings_for(fake: &RunningJumpCloud) -> Settings {
    let mut settings = gui::settings_on_step(StepId::CreateApplication, "");
    settings.region = Region::Us;
    settings.values.saml_id = SAML_ID.to_owned();
    settings.values.idp_url = "https://sso.jumpcloud.com/saml2/knowbe4".to_owned();
    settings.values.jumpcloud.api_url = fake.url.clone();
    settings
}

/// Opens the window tall enough that the whole JumpCloud part is on screen: the tests find
/// its controls through AccessKit, which has none for what is scrolled out of view.
fn open(paths: &kb4_setup::paths::AppPaths, settings: &Settings) -> Harness<'static, Kb4App> {
    let mut harness = gui::open_with(paths, settings);
    harness.set_size(egui::vec2(gui::WINDOW_SIZE[0], 2000.0));
    gui::settle(&mut harness);
    harness
}

/// Serves `app` on `address`, loads `certificate` (a snapshot folder's name and the PEM) as
/// the operator's certificate.pem, opens the window with that application chosen (after
/// `adjust`), and runs the verification until it answers. The fake stops when dropped.
fn verified(
    app: FakeApp,
    address: &str,
    (folder, certificate): (&str, &str),
    adjust: impl FnOnce(&mut Settings),
) -> (
    Harness<'static, Kb4App>,
    tempfile::TempDir,
    RunningJumpCloud,
) {
    let (id, label) = (app.id.clone(), app.display_label.clone());
    let fake = FakeJumpCloud {
        apps: vec![app],
        ..FakeJumpCloud::default()
    }
    .start_on(address);
    let (dir, paths) = gui::temp_paths();
    let file = gui::snapshot_file(folder, "certificate.pem");
    std::fs::write(&file, certificate).unwrap();
    let mut settings = settings_for(&fake);
    settings.values.certificate_path = Some(file);
    settings.values.jumpcloud.application_id = id;
    settings.values.jumpcloud.application_label = label;
    adjust(&mut settings);
    let mut harness = open(&paths, &settings);
    run_until(&mut harness, |h| {
        h.query_by_label("An API key is stored.").is_some()
    });
    gui::click(&mut harness, "Verify the SAML settings");
    run_until(&mut harness, |h| {
        h.state().state().jumpcloud.verification.last.is_some()
            || h.state().state().jumpcloud.verification.problem.is_some()
    });
    gui::settle(&mut harness);
    // Nothing on screen holds the IdP private key the fake sends, or the API key.
    assert!(PRIVATE_KEY_MARKER.contains("FAKE-IDP-PRIVATE-KEY"));
    assert!(
        harness
            .query_by_label_contains("FAKE-IDP-PRIVATE-KEY")
            .is_none()
    );
    assert!(harness.query_by_label_contains(API_KEY).is_none());
    (harness, dir, fake)
}

fn run_until(
    harness: &mut Harness<'static, Kb4App>,
    done: impl Fn(&Harness<'static, Kb4App>) -> bool,
) {
    gui::run_until(harness, Duration::from_secs(20), done);
}

/// Writes JumpCloud's current certificate and an older one, both fixed for snapshots.
fn certificates() -> (String, String) {
    let current = fixed_certs::idp_certificate_pem(
        "jumpcloud-current",
        datetime!(2026-01-01 0:00 UTC),
        datetime!(2031-01-01 0:00 UTC),
    );
    let old = fixed_certs::idp_certificate_pem(
        "jumpcloud-old",
        datetime!(2021-01-01 0:00 UTC),
        datetime!(2026-12-01 0:00 UTC),
    );
    (current, old)
}

fn no_secret_in_files(dir: &std::path::Path) {
    for file in gui::files_under(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains(API_KEY),
            "the API key is in {}",
            file.display()
        );
        assert!(
            !text.contains("FAKE-IDP-PRIVATE-KEY"),
            "the IdP private key is in {}",
            file.display()
        );
    }
}

#[test]
fn the_part_stays_folded_and_the_keychain_unasked_until_the_operator_opens_it() {
    if !gui::inside_test_keyring() {
        return;
    }
    let _turn = take_turn();
    forget_key();
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open(
        &paths,
        &gui::settings_on_step(StepId::CreateApplication, ""),
    );
    for _ in 0..10 {
        gui::settle(&mut harness);
        std::thread::sleep(Duration::from_millis(20));
    }
    let vault = &harness.state().state().jumpcloud.key;
    assert!(
        !vault.busy() && vault.presence.is_none() && vault.error.is_none(),
        "nothing was asked of the keychain"
    );
    assert!(harness.query_by_label("JumpCloud API key").is_none());

    harness
        .get_by_label("Connect to JumpCloud (optional)")
        .click();
    gui::settle(&mut harness);
    run_until(&mut harness, |h| {
        h.query_by_label("No API key is stored yet.").is_some()
    });
    assert!(harness.query_by_label("JumpCloud API key").is_some());
}

#[test]
fn the_key_is_saved_masked_the_application_is_picked_and_remembered_snapshot() {
    if !gui::inside_test_keyring() {
        return;
    }
    let _turn = take_turn();
    forget_key();
    let fake = FakeJumpCloud {
        apps: vec![
            FakeApp::knowbe4("64b000000000000000000001", "KnowBe4", SAML_ID),
            FakeApp::other("64b000000000000000000002", "Payroll"),
            FakeApp::knowbe4("64b000000000000000000003", "KnowBe4 (test)", SAML_ID),
        ],
        ..FakeJumpCloud::default()
    }
    .start_on(FIXED_ADDRESSES[0]);
    let (dir, paths) = gui::temp_paths();
    let mut harness = open(&paths, &settings_for(&fake));
    run_until(&mut harness, |h| {
        h.query_by_label("No API key is stored yet.").is_some()
    });
    let find = harness.get_by_role_and_label(Role::Button, "Find the KnowBe4 application");
    assert!(
        find.accesskit_node().is_disabled(),
        "no key, nothing to ask"
    );

    gui::type_into_role(
        &mut harness,
        Role::PasswordInput,
        "JumpCloud API key",
        API_KEY,
    );
    gui::click(&mut harness, "Save API key to keychain");
    run_until(&mut harness, |h| {
        h.query_by_label("An API key is stored.").is_some()
    });
    assert!(harness.state().state().jumpcloud.key.draft.is_empty());

    gui::click(&mut harness, "Find the KnowBe4 application");
    run_until(&mut harness, |h| {
        h.query_by_label_contains("2 applications look like KnowBe4")
            .is_some()
    });
    assert!(
        harness.query_by_label_contains("Payroll").is_none(),
        "only candidates offered"
    );
    harness
        .get_by_role_and_label(
            Role::RadioButton,
            "KnowBe4 (test) (id 64b000000000000000000003)",
        )
        .click();
    gui::settle(&mut harness);
    let chosen = harness.state().state().settings.values.jumpcloud.clone();
    assert_eq!(chosen.application_id, "64b000000000000000000003");
    assert_eq!(chosen.application_label, "KnowBe4 (test)");
    harness.snapshot("jumpcloud_connect");

    // Every request was a GET with the key; the choice is saved, the key is not.
    assert!(fake.seen().iter().all(|seen| seen.method == "GET"));
    drop(harness);
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(saved.contains("64b000000000000000000003"), "{saved}");
    no_secret_in_files(dir.path());
    forget_key();
}

#[test]
fn a_passing_verification_draws_every_finding_snapshot() {
    if !gui::inside_test_keyring() {
        return;
    }
    let _turn = take_turn();
    store_key();
    let (current, _) = certificates();
    let mut app = FakeApp::knowbe4("64b000000000000000000001", "KnowBe4", SAML_ID);
    app.idp_certificate = Some(current.clone());
    app.cert_expiration_at = Some("2031-01-01T00:00:00.000Z".to_owned());
    let (mut harness, dir, _fake) = verified(
        app,
        FIXED_ADDRESSES[1],
        ("jumpcloud-passing", &current),
        |settings| settings.values.idp_entity_id = "JumpCloud".to_owned(),
    );
    let state = harness.state().state();
    assert_eq!(state.jumpcloud.verification.problem, None);
    let verification = &state
        .jumpcloud
        .verification
        .last
        .as_ref()
        .unwrap()
        .verification;
    assert!(!verification.has_failures(), "{}", verification.to_text());
    assert!(harness.query_by_label_contains("FAIL · ").is_none());
    assert!(harness.query_all_by_label_contains("PASS · ").count() >= 4);
    assert!(
        harness
            .query_by_label("The loaded IdP certificate is this certificate.")
            .is_some()
    );
    harness.snapshot("jumpcloud_verification_passing");
    drop(harness);
    no_secret_in_files(dir.path());
    forget_key();
}

#[test]
fn a_wrong_region_and_an_old_certificate_fail_with_fixes_and_jumpclouds_certificate_can_be_used_snapshot()
 {
    if !gui::inside_test_keyring() {
        return;
    }
    let _turn = take_turn();
    store_key();
    let (current, old) = certificates();
    let mut app = FakeApp::knowbe4("64b000000000000000000001", "KnowBe4", SAML_ID);
    // The EU ACS URL in JumpCloud, for a US setup.
    app.acs_url = format!("https://eu.knowbe4.com/auth/saml/{SAML_ID}/callback");
    app.idp_certificate = Some(current.clone());
    app.cert_expiration_at = Some("2031-01-01T00:00:00.000Z".to_owned());
    // The operator still has last year's certificate.pem.
    let (mut harness, dir, _fake) =
        verified(app, FIXED_ADDRESSES[2], ("jumpcloud-failing", &old), |_| {});
    let verification = harness
        .state()
        .state()
        .jumpcloud
        .verification
        .last
        .clone()
        .expect("findings")
        .verification;
    let failed: Vec<&str> = verification
        .findings
        .iter()
        .filter(|f| f.status == kb4_setup::verdict::Verdict::Fail)
        .map(|f| f.field.name())
        .collect();
    assert!(failed.contains(&"acsUrl"), "{}", verification.to_text());
    assert!(
        failed.len() >= 2,
        "the old certificate fails too: {}",
        verification.to_text()
    );
    assert!(harness.query_by_label_contains("FAIL · acsUrl").is_some());
    assert!(harness.query_all_by_label_contains("Fix: ").count() >= 2);
    harness.snapshot("jumpcloud_verification_failing");
    // At the narrowest window, every button of the findings still ends inside it.
    harness.set_size(egui::vec2(NARROW_WIDTH, 2000.0));
    gui::settle(&mut harness);
    for label in [
        "Verify the SAML settings",
        "Copy findings as text",
        "Copy SHA-1 fingerprint",
        "Copy SHA-256 fingerprint",
        "Use the certificate from JumpCloud",
    ] {
        let right = harness
            .get_by_role_and_label(Role::Button, label)
            .rect()
            .right();
        assert!(
            right <= NARROW_WIDTH,
            "{label} ends at {right}, past the window"
        );
    }
    harness.set_size(egui::vec2(gui::WINDOW_SIZE[0], 2000.0));
    gui::settle(&mut harness);
    // Until the setup changes, the steps whose values JumpCloud contradicts need attention.
    let state = harness.state().state();
    let sso = state.attention(StepId::JumpCloudSso);
    assert!(sso.iter().any(|p| p.contains("acsUrl")), "{sso:?}");
    let certificate = state.attention(StepId::IdpCertificate);
    assert!(
        certificate.iter().any(|p| p.contains("idpCertificate")),
        "{certificate:?}"
    );

    // JumpCloud's certificate replaces the old one in the same slot, with the same checks.
    gui::click(&mut harness, "Use the certificate from JumpCloud");
    let state = harness.state().state();
    let loaded = state
        .certificate
        .current
        .as_ref()
        .expect("a certificate is loaded");
    assert_eq!(
        Some(&loaded.info().sha256),
        verification.certificate.as_ref().map(|c| &c.sha256)
    );
    assert!(
        state
            .jumpcloud
            .verification
            .staleness(
                &state.jumpcloud_expected(),
                &state.settings.values.jumpcloud
            )
            .is_some(),
        "the findings were for the old certificate"
    );
    assert!(
        state
            .attention(StepId::IdpCertificate)
            .iter()
            .all(|p| !p.contains("JumpCloud's")),
        "out-of-date findings say nothing about the steps"
    );
    drop(harness);
    no_secret_in_files(dir.path());
    forget_key();
}

#[test]
fn compare_with_knowbe4_reads_the_bound_groups_users_from_jumpcloud_snapshot() {
    if !gui::inside_test_keyring() {
        return;
    }
    let _turn = take_turn();
    store_key();
    const APP_ID: &str = "64b000000000000000000001";
    // Users 0 to 59 in three bound groups (user 49 STAGED), and six directory users in no
    // bound group, who must not be compared.
    let mut fake = FakeJumpCloud {
        apps: vec![FakeApp::knowbe4(APP_ID, "KnowBe4", SAML_ID)],
        ..FakeJumpCloud::default()
    }
    .with_directory(60, 20);
    fake.users
        .extend((60..66).map(fake_jumpcloud::FakeUser::numbered));
    let fake = fake.start_on(FIXED_ADDRESSES[3]);
    // KnowBe4 has users 1 to 50, user 61 (outside the bound groups) and user 100.
    let token = format!("gui-bound-groups-{}", std::process::id());
    let served: Vec<paging_server::ServedUser> = (1..=50)
        .chain([61, 100])
        .map(paging_server::ServedUser::numbered)
        .collect();
    let tenant = paging_server::PagingServer::start(
        &served,
        paging_server::Quirks {
            token: Some(token.clone()),
            ..paging_server::Quirks::default()
        },
    );
    let tenant_url = gui::store_token(&tenant.base_url, &token);

    let (dir, paths) = gui::temp_paths();
    let mut settings = settings_for(&fake);
    settings.current_step = StepId::ImportUsers;
    settings.values.tenant_url = tenant.base_url.into();
    settings.values.jumpcloud.application_id = APP_ID.to_owned();
    settings.values.jumpcloud.application_label = "KnowBe4".to_owned();
    let mut harness = open(&paths, &settings);
    assert!(
        harness
            .query_by_label_contains("Load the JumpCloud user export")
            .is_some(),
        "the export scopes need the export"
    );
    harness
        .get_by_label("The users reached through the bound groups, read from JumpCloud")
        .click_accesskit();
    gui::settle(&mut harness);
    run_until(&mut harness, |h| {
        h.state().state().jumpcloud.key.presence.is_some()
    });
    assert!(
        harness
            .query_by_label_contains("Load the JumpCloud user export")
            .is_none(),
        "no export is needed when JumpCloud is read"
    );
    harness
        .get_by_role_and_label(Role::Button, "Compare with KnowBe4")
        .click_accesskit();
    gui::settle(&mut harness);
    run_until(&mut harness, |h| {
        h.state().state().settings.last_reconcile.is_some()
            || h.state().state().provisioning.reconcile.problem.is_some()
    });
    gui::settle(&mut harness);
    let state = harness.state().state();
    assert_eq!(state.provisioning.reconcile.problem, None);
    let record = state.settings.last_reconcile.clone().expect("recorded");
    let scope = record.scope.clone().expect("a scope");
    assert_eq!(
        scope.kind,
        kb4_setup::provisioning::scope::ScopeKind::Jumpcloud
    );
    assert_eq!(scope.groups.len(), 3);
    assert_eq!(
        scope.application.as_ref().map(|a| a.id.as_str()),
        Some(APP_ID)
    );
    assert_eq!(scope.staged_or_suspended, 1);
    let s = record.summary;
    assert_eq!(
        (
            s.matched,
            s.only_in_jumpcloud,
            s.only_in_knowbe4,
            s.conflicts
        ),
        (49, 10, 2, 0),
        "{s:?}"
    );
    assert!(
        harness
            .query_by_label("STAGED or SUSPENDED in JumpCloud (1)")
            .is_some()
    );
    harness.snapshot("reconcile_bound_groups");
    drop(harness);
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(saved.contains("\"kind\": \"jumpcloud\"") || saved.contains("\"kind\":\"jumpcloud\""));
    assert!(!saved.contains(&token), "the token is never saved");
    no_secret_in_files(dir.path());
    use kb4_setup::keychain::TokenStore as _;
    let _ = OsKeychain::new().delete(&tenant_url);
    forget_key();
}
