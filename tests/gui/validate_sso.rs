//! The Validate SSO step through the real window: the login launchers, and the offline SAML
//! response inspector judging a good and a bad response against the saved setup.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::paths::AppPaths;
use kb4_setup::settings::Settings;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use saml_signer::{ResponseSpec, Sign, TestKey, signed_response};

use crate::support::gui;
use crate::support::saml_signer;

const SAML_ID: &str = "a1b2c3d4e5f";

fn idp_key() -> TestKey {
    TestKey::deterministic_ecdsa("validate-sso")
}

/// The IdP certificate at a fixed path, so nothing run-specific can reach a snapshot.
fn certificate_file(test: &str) -> std::path::PathBuf {
    let path = gui::snapshot_file(&format!("validate-sso-{test}"), "certificate.pem");
    std::fs::write(&path, idp_key().cert_pem).unwrap();
    path
}

/// The setup the responses are judged against: US region, the SAML ID, JumpCloud's entity ID
/// and the IdP certificate loaded from a file.
fn open_validate_sso(paths: &AppPaths, test: &str) -> Harness<'static, Kb4App> {
    let mut settings = Settings {
        current_step: StepId::ValidateSso,
        ..Settings::default()
    };
    settings.values.saml_id = SAML_ID.to_owned();
    settings.values.idp_entity_id = saml_signer::IDP.to_owned();
    settings.values.certificate_path = Some(certificate_file(test));
    gui::open_with(paths, &settings)
}

fn paste_and_inspect(harness: &mut Harness<'static, Kb4App>, response: &str) {
    gui::type_into_role(harness, Role::MultilineTextInput, "SAML response", response);
    // The long response pushes the button below the fold: scroll to it as a person would.
    harness
        .get_by_role_and_label(Role::Button, "Inspect")
        .scroll_to_me();
    harness.run();
    gui::click(harness, "Inspect");
    // The inspection runs on a background thread.
    gui::run_until(harness, std::time::Duration::from_secs(60), |h| {
        !h.state().state().inspector.running()
    });
    assert_eq!(harness.state().state().current_step(), StepId::ValidateSso);
}

fn posted(xml: &str) -> String {
    STANDARD.encode(xml)
}

#[test]
fn the_launchers_offer_both_logins_for_the_saved_setup() {
    let (_dir, paths) = gui::temp_paths();
    let harness = open_validate_sso(&paths, "launchers");
    harness.get_by_label("IdP-initiated: open the JumpCloud User Console");
    harness.get_by_label("SP-initiated: open KnowBe4's SAML sign-in");
    let sign_in = harness
        .get_by_role_and_label(Role::TextInput, "SP sign-in URL")
        .value()
        .unwrap_or_default();
    assert_eq!(
        sign_in,
        "https://training.knowbe4.com/auth/saml/a1b2c3d4e5f/"
    );
}

#[test]
fn without_a_saml_id_the_sp_login_says_what_is_missing() {
    let (_dir, paths) = gui::temp_paths();
    let harness = gui::open_on_step(&paths, StepId::ValidateSso, "");
    harness.get_by_label_contains("Enter KnowBe4's SAML ID on the SAML ID step");
    assert!(
        harness
            .query_by_label("SP-initiated: open KnowBe4's SAML sign-in")
            .is_none()
    );
}

#[test]
fn a_good_response_passes_every_check_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_validate_sso(&paths, "passing");
    let response = signed_response(&ResponseSpec::good(gui::FIXED_NOW), Sign::Both, &idp_key());
    paste_and_inspect(&mut harness, &posted(&response));
    harness.get_by_label("The response matches the setup: no check fails. KnowBe4 may still refuse the sign-in, for example if the user does not exist there.");
    harness.get_by_label("verifies with the IdP certificate");
    harness.get_by_label("Read as base64 (HTTP-POST binding).");
    harness
        .get_by_label("The response matches the setup: no check fails. KnowBe4 may still refuse the sign-in, for example if the user does not exist there.")
        .scroll_to_me();
    harness.run();
    harness.snapshot("validate_sso_passing");
}

#[test]
fn a_response_for_the_wrong_region_and_audience_fails_with_fixes_snapshot() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_validate_sso(&paths, "failing");
    let spec = ResponseSpec {
        destination: saml_signer::EU_ACS.to_owned(),
        recipient: saml_signer::EU_ACS.to_owned(),
        audience: "https://knowbe4.example/other".to_owned(),
        name_id: "ann.lee".to_owned(),
        ..ResponseSpec::good(gui::FIXED_NOW)
    };
    let response = signed_response(&spec, Sign::Assertion, &idp_key());
    paste_and_inspect(&mut harness, &posted(&response));
    harness.get_by_label_contains("The response does not match the setup:");
    let failures = harness.query_all_by_label_contains("FAIL · ").count();
    assert!(
        failures >= 4,
        "destination, recipient, audience, NameID: {failures}"
    );
    harness
        .get_by_label_contains("The response does not match the setup:")
        .scroll_to_me();
    harness.run();
    harness.snapshot("validate_sso_failing");
}

#[test]
fn a_response_signed_by_another_key_does_not_verify() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_validate_sso(&paths, "forged");
    let forger = TestKey::deterministic_ecdsa("someone else").embedding_cert_of(&idp_key());
    let response = signed_response(&ResponseSpec::good(gui::FIXED_NOW), Sign::Both, &forger);
    paste_and_inspect(&mut harness, &posted(&response));
    harness.get_by_label("does NOT verify");
    harness.get_by_label_contains("The response does not match the setup:");
}

#[test]
fn unreadable_input_gets_a_message_and_is_kept_and_never_saved() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_validate_sso(&paths, "unreadable");
    paste_and_inspect(&mut harness, "this is not a SAML response");
    let kept = harness
        .get_by_role_and_label(Role::MultilineTextInput, "SAML response")
        .value()
        .unwrap_or_default();
    assert_eq!(kept, "this is not a SAML response");
    assert!(
        harness.query_by_label_contains("match the setup").is_none(),
        "no verdict for unreadable input"
    );
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(
        !saved.contains("not a SAML response"),
        "the response is never saved"
    );
}
