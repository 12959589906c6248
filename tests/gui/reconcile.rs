//! The reconciliation in the window, against a real loopback SCIM server with the token
//! read from the real Secret Service: the four lists, paging notes, the proxy of Identity
//! Management, and Cancel while the tenant hangs.

use std::time::{Duration, Instant};

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::keychain::{OsKeychain, TokenStore};
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use paging_server::{PagingServer, Quirks, ServedUser};
use provisioning_gui::{load_export, open_step, press, write_csv};
use scim_server::routes::FaultKind;
use scim_server::{Behavior, ScimServer, ServerOptions};

use crate::support::gui;
use crate::support::net;
use crate::support::paging_server;
use crate::support::provisioning_gui;
use crate::support::scim_server;

/// Clicks Compare and waits until the finished run is recorded in the settings.
fn compare_until_recorded(harness: &mut Harness<'static, Kb4App>) {
    press(harness, "Compare with KnowBe4");
    gui::run_until(harness, Duration::from_secs(30), |h| {
        h.state().state().settings.last_reconcile.is_some()
    });
    gui::settle(harness);
}

/// JumpCloud's side: users 1 to 200 of the served tenant (user 7 under another username),
/// and two users KnowBe4 does not have.
/// A paging tenant of `users` numbered users that answers only to its own token, with that
/// token stored in the keychain for it: the tenant, its token and its keychain entry.
struct GuardedTenant {
    server: PagingServer,
    token: String,
    url: kb4_setup::tenant_url::TenantUrl,
}

fn guarded_tenant(name: &str, users: usize, quirks: Quirks) -> GuardedTenant {
    let token = format!("gui-reconcile-{name}-{}", std::process::id());
    let served: Vec<ServedUser> = (1..=users).map(ServedUser::numbered).collect();
    let quirks = Quirks {
        token: Some(token.clone()),
        ..quirks
    };
    let server = PagingServer::start(&served, quirks);
    let url = gui::store_token(&server.base_url, &token);
    GuardedTenant { server, token, url }
}

fn reconcile_csv() -> String {
    let mut text = String::from("email,username,firstname,lastname\n");
    for n in 1..=200 {
        let user = ServedUser::numbered(n);
        let username = if n == 7 {
            "user7-jc".to_owned()
        } else {
            user.user_name
        };
        text.push_str(&format!(
            "{},{username},{},{}\n",
            user.email, user.given_name, user.family_name
        ));
    }
    text.push_str("new.one@example.com,new.one,New,One\nnew.two@example.com,new.two,New,Two\n");
    text
}

#[test]
fn reconciliation_lists_the_four_groups_and_is_recorded() {
    if !gui::inside_test_keyring() {
        return;
    }
    let GuardedTenant { server, token, url } = guarded_tenant("token", 230, Quirks::default());
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &reconcile_csv());
    let mut harness = open_step(&paths, StepId::ImportUsers, &server.base_url);
    assert!(
        harness
            .query_by_label("Load the JumpCloud user export (CSV) above first.")
            .is_some()
    );
    load_export(&mut harness, &csv);
    compare_until_recorded(&mut harness);
    for heading in [
        "Only in KnowBe4 (30)",
        "Matched (199)",
        "Only in JumpCloud (2)",
        "Conflicts (1)",
    ] {
        assert!(harness.query_by_label(heading).is_some(), "{heading}");
    }
    assert!(
        harness
            .query_by_label_contains("or they will be archived")
            .is_some()
    );
    // The whole export was compared: the result says so, and what that assumes.
    assert!(
        harness
            .query_by_label_contains("Compared: the whole JumpCloud export (202 users)")
            .is_some()
    );
    let record = harness
        .state()
        .state()
        .settings
        .last_reconcile
        .clone()
        .unwrap();
    assert_eq!(record.summary.only_in_knowbe4, 30);
    assert_eq!(record.summary.matched, 199);
    assert_eq!(record.summary.only_in_jumpcloud, 2);
    assert_eq!(record.summary.conflicts, 1);
    assert!(record.complete);
    assert_eq!(record.file_name, "jumpcloud_users.csv");
    assert_eq!(server.requests(), 3, "three pages of 100");

    let exported = dir.path().join("only_in_jumpcloud.csv");
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .reconcile
        .export_list_to(
            kb4_setup::provisioning::reconcile_export::ReconcileList::OnlyInJumpcloud,
            &exported,
        );
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state()
            .state()
            .provisioning
            .reconcile
            .export_outcome
            .is_some()
    });
    let text = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("new.two@example.com"));

    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(saved.contains("last_reconcile"));
    assert!(!saved.contains(&token), "the token is never saved");
    assert!(
        !saved.contains("user201@example.com"),
        "no user lists in settings"
    );

    // Tall enough to show all four lists at once.
    harness.set_size(egui::vec2(gui::WINDOW_SIZE[0], 1240.0));
    harness.get_by_label("Only in KnowBe4 (30)").scroll_to_me();
    gui::settle(&mut harness);
    harness.snapshot("provisioning_reconcile");
    OsKeychain::new().delete(&url).unwrap();
}

/// The members of the bound groups, given as a CSV with an email column: users 1 to 150 of
/// the export, and one the export does not have.
fn members_csv() -> String {
    let mut text = String::from("Display Name,Email\n");
    for n in 1..=150 {
        text.push_str(&format!("User {n},user{n}@example.com\n"));
    }
    text.push_str("Ghost,ghost@example.com\n");
    text
}

#[test]
fn a_members_file_narrows_the_comparison_and_is_recorded_snapshot() {
    if !gui::inside_test_keyring() {
        return;
    }
    let GuardedTenant { server, url, .. } = guarded_tenant("members", 230, Quirks::default());
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &reconcile_csv());
    let members = write_csv(dir.path(), "knowbe4-members.csv", &members_csv());
    let mut harness = open_step(&paths, StepId::ImportUsers, &server.base_url);
    load_export(&mut harness, &csv);
    harness
        .get_by_label("The users reached through the bound groups, from a file")
        .click_accesskit();
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Load the file of the users reached through the bound groups")
            .is_some(),
        "Compare waits for the members file"
    );
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .reconcile
        .scope
        .request_load(&members);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state()
            .state()
            .provisioning
            .reconcile
            .scope
            .members
            .is_some()
    });
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label("Loaded: knowbe4-members.csv (151 members; CSV, column 'Email')")
            .is_some()
    );
    compare_until_recorded(&mut harness);
    // User 7 has another username in JumpCloud: a conflict, found by its email.
    for heading in [
        "Only in KnowBe4 (80)",
        "Matched (149)",
        "Only in JumpCloud (0)",
        "Conflicts (1)",
        "Members not in the export (1)",
    ] {
        assert!(harness.query_by_label(heading).is_some(), "{heading}");
    }
    assert!(
        harness
            .query_by_label_contains(
                "Compared: the users reached through the groups bound to the KnowBe4 application, as given by the file knowbe4-members.csv: 150 of the export's 202 users"
            )
            .is_some()
    );
    let record = harness
        .state()
        .state()
        .settings
        .last_reconcile
        .clone()
        .unwrap();
    let scope = record.scope();
    assert_eq!(
        scope.kind,
        kb4_setup::provisioning::scope::ScopeKind::Members
    );
    assert_eq!((scope.compared_rows, scope.members_not_in_export), (150, 1));
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(saved.contains("knowbe4-members.csv"));
    assert!(
        !saved.contains("ghost@example.com"),
        "no member lists in settings"
    );

    harness.set_size(egui::vec2(gui::WINDOW_SIZE[0], 1240.0));
    harness.get_by_label("Users to compare").scroll_to_me();
    gui::settle(&mut harness);
    harness.snapshot("provisioning_reconcile_members");
    OsKeychain::new().delete(&url).unwrap();
}

/// The export with a groups column: users 1 to 100 in the bound group "KnowBe4 Users" (some
/// listed with another group too), users 101 to 200 in "Staff" only.
fn export_with_groups() -> String {
    let mut text = String::from("email,username,firstname,lastname,Groups\n");
    for n in 1..=200 {
        let user = ServedUser::numbered(n);
        let groups = match n {
            1..=50 => "KnowBe4 Users",
            51..=100 => "\"Staff; knowbe4 users\"",
            _ => "Staff",
        };
        text.push_str(&format!(
            "{},{},{},{},{groups}\n",
            user.email, user.user_name, user.given_name, user.family_name
        ));
    }
    text
}

#[test]
fn a_groups_column_of_the_export_narrows_the_comparison() {
    if !gui::inside_test_keyring() {
        return;
    }
    let GuardedTenant { server, url, .. } = guarded_tenant("column", 120, Quirks::default());
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &export_with_groups());
    let mut harness = open_step(&paths, StepId::ImportUsers, &server.base_url);
    load_export(&mut harness, &csv);
    harness
        .get_by_label("The users reached through the bound groups, by a column of the export")
        .click_accesskit();
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label("Enter the export's groups column and at least one bound group's name.")
            .is_some(),
        "Compare waits for the column and the group"
    );
    gui::type_into_role(&mut harness, Role::TextInput, "Groups column", "groups");
    gui::type_into_role(
        &mut harness,
        Role::TextInput,
        "Bound groups (separate with ;)",
        "KnowBe4 Users",
    );
    compare_until_recorded(&mut harness);
    for heading in [
        "Only in KnowBe4 (20)",
        "Matched (100)",
        "Only in JumpCloud (0)",
        "Conflicts (0)",
    ] {
        assert!(harness.query_by_label(heading).is_some(), "{heading}");
    }
    let record = harness
        .state()
        .state()
        .settings
        .last_reconcile
        .clone()
        .unwrap();
    let scope = record.scope();
    assert_eq!(
        scope.kind,
        kb4_setup::provisioning::scope::ScopeKind::Members
    );
    assert_eq!((scope.export_rows, scope.compared_rows), (200, 100));
    assert!(
        scope
            .description
            .contains("the export's 'groups' column holding 'KnowBe4 Users'"),
        "{}",
        scope.description
    );
    OsKeychain::new().delete(&url).unwrap();
}

#[test]
fn paging_notes_are_shown() {
    if !gui::inside_test_keyring() {
        return;
    }
    // Five users are added after the first page: totalResults changes mid-run.
    let grow = Quirks {
        grow_after: Some((1, 5)),
        ..Quirks::default()
    };
    let GuardedTenant { server, url, .. } = guarded_tenant("notes", 150, grow);
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &reconcile_csv());
    let mut harness = open_step(&paths, StepId::ImportUsers, &server.base_url);
    load_export(&mut harness, &csv);
    compare_until_recorded(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Note: totalResults changed from 150 to 155")
            .is_some()
    );
    assert!(harness.query_by_label("Only in KnowBe4 (5)").is_some());
    OsKeychain::new().delete(&url).unwrap();
}

/// The proxy set on Identity Management carries the comparison too: nothing listens at the
/// tenant address, so only the proxy can have answered.
#[test]
fn reconciliation_goes_through_the_proxy_of_identity_management() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = format!("gui-reconcile-proxy-{}", std::process::id());
    let served: Vec<ServedUser> = (1..=120).map(ServedUser::numbered).collect();
    let proxy = PagingServer::start(
        &served,
        Quirks {
            token: Some(token.clone()),
            ..Quirks::default()
        },
    );
    let tenant = format!("http://127.0.0.1:{}/scim/v2", net::closed_loopback_port());
    let url = gui::store_token(&tenant, &token);
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &reconcile_csv());
    let mut settings = gui::settings_on_step(StepId::ImportUsers, &tenant);
    settings.values.proxy_url = net::origin(&proxy.base_url);
    let mut harness = gui::open_with(&paths, &settings);
    load_export(&mut harness, &csv);
    compare_until_recorded(&mut harness);
    let record = harness
        .state()
        .state()
        .settings
        .last_reconcile
        .clone()
        .unwrap();
    assert_eq!(record.summary.knowbe4_users, 120);
    assert_eq!(proxy.requests(), 2, "two pages, through the proxy");
    OsKeychain::new().delete(&url).unwrap();
}

#[test]
fn cancel_stops_waiting_for_a_tenant_that_never_answers() {
    if !gui::inside_test_keyring() {
        return;
    }
    let token = format!("gui-reconcile-cancel-{}", std::process::id());
    let behavior = Behavior::failing_get("/Users", FaultKind::NeverAnswer);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(behavior));
    let url = gui::store_token(&server.base_url, &token);
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "jumpcloud_users.csv", &reconcile_csv());
    let mut harness = open_step(&paths, StepId::ImportUsers, &server.base_url);
    load_export(&mut harness, &csv);
    press(&mut harness, "Compare with KnowBe4");
    gui::run_until(&mut harness, Duration::from_secs(10), |h| {
        h.query_by_label_contains("0 KnowBe4 users read").is_some()
    });
    // The window keeps answering while the request hangs.
    let started = Instant::now();
    harness.run_steps(5);
    assert!(started.elapsed() < Duration::from_secs(2));
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click_accesskit();
    gui::run_until(&mut harness, Duration::from_secs(2), |h| {
        !h.state().state().provisioning.reconcile.running()
    });
    assert!(harness.query_by_label_contains("Cancelled.").is_some());
    assert!(harness.state().state().settings.last_reconcile.is_none());
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Compare with KnowBe4")
            .is_some()
    );
    OsKeychain::new().delete(&url).unwrap();
}
