//! The SCIM token step against the real Secret Service: paste, save, restart, status, and no
//! trace of the token in any file the app writes or in its log. CI runs this inside
//! scripts/with-keyring.sh (a headless D-Bus session with GNOME Keyring).

use std::time::Duration;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use kb4_setup::keychain::OsKeychain;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;

use crate::support::gui;

/// False (with the reason printed) when no Secret Service is reachable and CI did not ask
/// for one; CI sets KB4_REQUIRE_KEYRING=1 so this can never skip silently there.
fn secret_service_available() -> bool {
    if !gui::inside_test_keyring() {
        return false;
    }
    match OsKeychain::availability() {
        Ok(()) => true,
        Err(error) if std::env::var_os("KB4_REQUIRE_KEYRING").is_none() => {
            eprintln!(
                "skipped: no usable Secret Service ({error}); run under scripts/with-keyring.sh"
            );
            false
        }
        Err(error) => panic!("KB4_REQUIRE_KEYRING is set but the keychain is unusable: {error}"),
    }
}

/// Types into the masked token field (a password input while hidden).
fn type_token(harness: &mut Harness<'static, Kb4App>, text: &str) {
    gui::type_into_role(harness, Role::PasswordInput, "SCIM token", text);
}

/// Runs frames until `done` holds, for at most 10 s (keychain calls run on a worker thread).
fn run_until(
    harness: &mut Harness<'static, Kb4App>,
    done: impl Fn(&Harness<'static, Kb4App>) -> bool,
) {
    gui::run_until(harness, Duration::from_secs(10), done);
}

fn open_token_step(
    paths: &kb4_setup::paths::AppPaths,
    tenant_url: &str,
) -> Harness<'static, Kb4App> {
    gui::open_on_step(paths, StepId::ScimToken, tenant_url)
}

#[test]
fn token_is_saved_restored_as_present_and_written_nowhere() {
    if !secret_service_available() {
        return;
    }
    let (dir, paths) = gui::temp_paths();
    let tenant = "https://training.knowbe4.com/scim/v2/gui-flow-test";
    let token = gui::random_token();
    {
        let mut harness = open_token_step(&paths, tenant);
        run_until(&mut harness, |h| {
            h.query_by_label("No token is stored for this Tenant URL yet.")
                .is_some()
        });
        type_token(&mut harness, &token);
        harness
            .get_by_role_and_label(Role::Button, "Save to keychain")
            .click();
        run_until(&mut harness, |h| {
            h.query_by_label("A token is stored for this Tenant URL.")
                .is_some()
        });
        assert!(harness.query_by_label_contains("Token saved").is_some());
    }
    // Restart: the status is read back from the keychain, without the value.
    let mut harness = gui::light_harness(&paths);
    run_until(&mut harness, |h| {
        h.query_by_label("A token is stored for this Tenant URL.")
            .is_some()
    });
    assert!(
        harness
            .query_by_label_contains("service \"kb4-setup\"")
            .is_some()
    );
    drop(harness);

    for file in gui::files_under(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&token),
            "the token was found in {}",
            file.display()
        );
    }
    // Clean up the keychain entry this test made.
    let url = kb4_setup::tenant_url::TenantUrl::parse(tenant).unwrap();
    use kb4_setup::keychain::TokenStore;
    assert!(OsKeychain::new().delete(&url).unwrap());
}

#[test]
fn stored_token_snapshot_shows_no_token() {
    if !secret_service_available() {
        return;
    }
    let (_dir, paths) = gui::temp_paths();
    let tenant = "https://training.knowbe4.com/scim/v2/snapshot-test";
    let mut harness = open_token_step(&paths, tenant);
    run_until(&mut harness, |h| {
        h.query_by_label_contains("Tenant URL yet").is_some()
            || h.query_by_label_contains("is stored for this").is_some()
    });
    type_token(&mut harness, &gui::random_token());
    harness
        .get_by_role_and_label(Role::Button, "Save to keychain")
        .click();
    run_until(&mut harness, |h| {
        h.query_by_label("A token is stored for this Tenant URL.")
            .is_some()
    });
    harness.snapshot("scim_token_stored");
    let url = kb4_setup::tenant_url::TenantUrl::parse(tenant).unwrap();
    use kb4_setup::keychain::TokenStore;
    let _ = OsKeychain::new().delete(&url);
}

#[test]
fn tenant_url_with_trailing_slash_is_refused_with_a_one_click_fix() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_token_step(&paths, "https://training.knowbe4.com/scim/v2/abc/");
    assert!(
        harness
            .query_by_label("KnowBe4 SCIM token, Needs attention")
            .is_some()
    );
    harness
        .get_by_role_and_label(Role::Button, "Use the corrected Tenant URL")
        .click();
    gui::settle(&mut harness);
    assert_eq!(
        harness.state().state().settings.values.tenant_url,
        "https://training.knowbe4.com/scim/v2/abc"
    );
}

#[test]
fn enter_saves_reveal_waits_for_a_token_and_removal_is_confirmed_naming_other_tenants() {
    if !secret_service_available() {
        return;
    }
    let (_dir, paths) = gui::temp_paths();
    let other = "https://eu.knowbe4.com/scim/v2/gui-other-tenant";
    let tenant = "https://training.knowbe4.com/scim/v2/gui-enter-test";
    let mut settings = gui::settings_on_step(StepId::ScimToken, tenant);
    settings.token_tenants.insert(other.to_owned());
    let mut harness = gui::open_with(&paths, &settings);
    run_until(&mut harness, |h| {
        h.query_by_label("No token is stored for this Tenant URL yet.")
            .is_some()
    });
    let reveal = harness.get_by_role_and_label(Role::Button, "Reveal");
    assert!(
        reveal.accesskit_node().is_disabled(),
        "nothing to reveal yet"
    );
    type_token(&mut harness, &gui::random_token());
    harness.key_press(egui::Key::Enter);
    run_until(&mut harness, |h| {
        h.query_by_label("A token is stored for this Tenant URL.")
            .is_some()
    });
    assert!(harness.state().state().token.draft.is_empty());
    gui::click(&mut harness, "Remove token…");
    let question = harness.get_by_label_contains("Remove the SCIM token for");
    let text = format!("{question:?}");
    assert!(text.contains(other), "the other tenant is named: {text}");
    gui::click(&mut harness, "Keep the token");
    assert!(
        harness
            .query_by_label("A token is stored for this Tenant URL.")
            .is_some()
    );
    gui::click(&mut harness, "Remove token…");
    gui::click(&mut harness, "Yes, remove the token");
    run_until(&mut harness, |h| {
        h.query_by_label("No token is stored for this Tenant URL yet.")
            .is_some()
    });
    assert!(
        !harness
            .state()
            .state()
            .settings
            .token_tenants
            .contains(tenant)
    );
}

#[test]
fn an_implausibly_long_token_is_refused_in_the_field_before_any_save() {
    if !secret_service_available() {
        return;
    }
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_token_step(
        &paths,
        "https://training.knowbe4.com/scim/v2/gui-long-token",
    );
    run_until(&mut harness, |h| {
        h.query_by_label("No token is stored for this Tenant URL yet.")
            .is_some()
    });
    let too_long = "Q".repeat(kb4_setup::token::MAX_TOKEN_CHARS + 1);
    type_token(&mut harness, &too_long);
    assert!(
        harness
            .query_by_label_contains("kb4-setup accepts at most 4096")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Save to keychain")
            .is_none()
    );
}
