//! The Single sign-on steps driven through the real window: SAML ID to ACS URL, certificate
//! loading by paste and by drop, and the snapshots of a loaded, an expired and a refused file.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use time::macros::datetime;

use crate::support::fixed_certs;
use crate::support::gui;

fn open_at(paths: &kb4_setup::paths::AppPaths, step: StepId) -> Harness<'static, Kb4App> {
    gui::open_on_step(paths, step, "")
}

fn type_into(harness: &mut Harness<'static, Kb4App>, label: &str, text: &str) {
    gui::type_into_role(harness, Role::TextInput, label, text);
}

fn field_value(harness: &Harness<'static, Kb4App>, label: &str) -> String {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

fn valid_certificate() -> String {
    fixed_certs::idp_certificate_pem(
        "valid",
        datetime!(2026-01-15 00:00 UTC),
        datetime!(2031-01-15 00:00 UTC),
    )
}

#[test]
fn saml_id_gives_the_acs_url_with_copy_buttons() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::SamlId);
    type_into(&mut harness, "KnowBe4 SAML ID", "Ab12Cd34Ef5");
    assert_eq!(
        field_value(&harness, "ACS URL"),
        "https://training.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback"
    );
    assert_eq!(
        field_value(&harness, "Default RelayState value"),
        "Ab12Cd34Ef5"
    );
    assert_eq!(field_value(&harness, "SP Entity ID"), "KnowBe4");
    for label in [
        "ACS URL",
        "Default RelayState value",
        "SP sign-in URL",
        "SP Entity ID",
    ] {
        assert!(
            harness
                .query_by_role_and_label(Role::Button, &format!("Copy {label}"))
                .is_some()
        );
    }
    harness
        .get_by_role_and_label(Role::Button, "Copy ACS URL")
        .click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        copied,
        vec!["https://training.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback".to_owned()]
    );
}

#[test]
fn a_pasted_knowbe4_url_gives_its_saml_id_and_says_so() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::SamlId);
    type_into(
        &mut harness,
        "KnowBe4 SAML ID",
        "https://eu.knowbe4.com/auth/saml/Zx9Yw8/callback",
    );
    assert_eq!(harness.state().state().settings.values.saml_id, "Zx9Yw8");
    assert!(
        harness
            .query_by_label_contains("was taken from it")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("your region is set to US")
            .is_some()
    );
}

#[test]
fn a_bad_saml_id_needs_attention_and_says_what_is_wrong() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::SamlId);
    type_into(&mut harness, "KnowBe4 SAML ID", "ab-12");
    assert!(
        harness
            .query_by_label("KnowBe4 SAML ID, Needs attention")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "ACS URL")
            .is_none()
    );
}

#[test]
fn certificate_loads_by_paste() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::IdpCertificate);
    let pem = valid_certificate();
    let expected = kb4_setup::certificate::load_bytes(pem.as_bytes()).unwrap();
    gui::type_into_role(
        &mut harness,
        Role::MultilineTextInput,
        "Paste certificate text",
        &pem,
    );
    harness
        .get_by_role_and_label(Role::Button, "Load pasted text")
        .click();
    harness.run();
    assert_eq!(
        field_value(&harness, "SHA-256 fingerprint"),
        expected.sha256
    );
    assert_eq!(field_value(&harness, "SHA-1 fingerprint"), expected.sha1);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Copy SHA-1 fingerprint")
            .is_some()
    );
}

#[test]
fn certificate_loads_by_drop_and_its_path_is_remembered() {
    let (dir, paths) = gui::temp_paths();
    let file = dir.path().join("certificate.pem");
    std::fs::write(&file, valid_certificate()).unwrap();
    let mut harness = open_at(&paths, StepId::Prerequisites);
    gui::drop_file(&mut harness, &file);
    assert_eq!(
        harness.state().state().current_step(),
        StepId::IdpCertificate
    );
    assert_eq!(
        harness
            .state()
            .state()
            .settings
            .values
            .certificate_path
            .as_deref(),
        Some(file.as_path())
    );
    drop(harness);

    // Next launch: reloaded from the path; then the file vanishes and the app says so.
    let harness = gui::light_harness(&paths);
    assert!(harness.state().state().certificate.current.is_some());
    drop(harness);
    std::fs::remove_file(&file).unwrap();
    let harness = gui::light_harness(&paths);
    assert!(harness.query_by_label_contains("has vanished").is_some());
    assert!(
        harness
            .query_by_label("IdP certificate, Needs attention")
            .is_some()
    );
}

#[test]
fn loaded_certificate_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let file = gui::snapshot_file("loaded", "certificate.pem");
    std::fs::write(&file, valid_certificate()).unwrap();
    let mut harness = open_at(&paths, StepId::IdpCertificate);
    gui::drop_file(&mut harness, &file);
    harness.run();
    harness.get_by_label_contains("Subject").scroll_to_me();
    harness.run();
    harness.snapshot("certificate_loaded");
}

#[test]
fn expired_certificate_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::IdpCertificate);
    let pem = fixed_certs::idp_certificate_pem(
        "expired",
        datetime!(2024-01-01 00:00 UTC),
        datetime!(2026-03-01 00:00 UTC),
    );
    let file = gui::snapshot_file("expired", "old-certificate.pem");
    std::fs::write(&file, pem).unwrap();
    gui::drop_file(&mut harness, &file);
    harness.run();
    assert!(
        harness
            .query_by_label("IdP certificate, Needs attention")
            .is_some()
    );
    assert!(harness.query_all_by_label_contains("EXPIRED").count() >= 1);
    harness.get_by_label_contains("Subject").scroll_to_me();
    harness.run();
    harness.snapshot("certificate_expired");
}

#[test]
fn private_key_is_refused_loudly_snapshot() {
    let (dir, paths) = gui::temp_paths();
    let key = rcgen::KeyPair::generate().unwrap();
    let file = dir.path().join("private-key.pem");
    std::fs::write(&file, key.serialize_pem()).unwrap();
    let mut harness = open_at(&paths, StepId::IdpCertificate);
    gui::drop_file(&mut harness, &file);
    harness.run();
    assert!(
        harness
            .query_by_label("This is a PRIVATE KEY — do not share it")
            .is_some()
    );
    assert!(
        harness
            .state()
            .state()
            .settings
            .values
            .certificate_path
            .is_none()
    );
    harness.snapshot("certificate_private_key_refused");
}

#[test]
fn non_saml_logins_can_be_recorded_disabled_only_after_an_admin_way_in_is_confirmed() {
    use egui_kittest::kittest::NodeT;
    use kb4_setup::saml::lockout::{ADMIN_MFA_LABEL, NON_SAML_DISABLED_LABEL};
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_at(&paths, StepId::KnowBe4Saml);
    assert!(
        harness
            .query_all_by_label_contains("every bypass URL")
            .count()
            >= 1
    );
    let tick = |harness: &mut Harness<'static, Kb4App>, label: &str| {
        harness
            .get_by_role_and_label(Role::CheckBox, label)
            .scroll_to_me();
        gui::settle(harness);
        harness.get_by_role_and_label(Role::CheckBox, label).click();
        gui::settle(harness);
    };
    let disabled = |harness: &Harness<'static, Kb4App>| {
        harness
            .get_by_role_and_label(Role::CheckBox, NON_SAML_DISABLED_LABEL)
            .accesskit_node()
            .is_disabled()
    };
    assert!(disabled(&harness), "must wait for the confirmation");
    tick(&mut harness, ADMIN_MFA_LABEL);
    assert!(!disabled(&harness));
    tick(&mut harness, NON_SAML_DISABLED_LABEL);
    let guard = harness.state().state().settings.values.saml_lockout;
    assert!(guard.admin_mfa_confirmed && guard.non_saml_logins_disabled);

    // Taking the confirmation back while non-SAML logins stay disabled is flagged.
    tick(&mut harness, ADMIN_MFA_LABEL);
    assert!(
        harness
            .query_by_label_contains("Non-SAML logins are recorded as disabled")
            .is_some()
    );
    assert_eq!(
        harness.state().state().status(StepId::KnowBe4Saml),
        kb4_setup::steps::StepStatus::NeedsAttention
    );
}
