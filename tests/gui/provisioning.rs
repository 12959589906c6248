//! The provisioning tools in the window: the attribute-mapping preview and the pre-flight of
//! a JumpCloud user export. The reconciliation has its own file, `reconcile.rs`.
//! Update the reference images with `UPDATE_SNAPSHOTS=1 cargo test --test gui gui::provisioning::`.

use std::time::{Duration, Instant};

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use kb4_setup::provisioning::preflight::ProblemKind;
use kb4_setup::steps::StepId;
use kb4_setup::ui::Kb4App;
use provisioning_gui::{load_export, open_step, press, write_csv};

use crate::support::gui;
use crate::support::provisioning_gui;

/// The JSON preview's text (it is one selectable label).
fn json_preview(harness: &Harness<'static, Kb4App>) -> String {
    harness
        .get_by_label_contains("\"schemas\"")
        .value()
        .unwrap_or_default()
}

#[test]
fn mapping_preview_follows_the_form_and_warns() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = open_step(&paths, StepId::AttributeMapping, "");
    assert!(harness.query_by_label("employeeIdentifier").is_some());
    assert!(json_preview(&harness).contains("\"userName\": \"ada.lovelace@example.com\""));
    assert!(json_preview(&harness).contains("\"externalId\": \"E-1815\""));
    assert!(!json_preview(&harness).contains("employeeNumber"));
    assert!(harness.query_all_by_label_contains("A guess:").count() >= 3);
    assert!(
        harness
            .query_by_label_contains("No risk found in the values shown")
            .is_some()
    );

    gui::type_into_role(&mut harness, Role::TextInput, "Username", "x");
    let username = harness
        .state()
        .state()
        .provisioning
        .mapping
        .user
        .username
        .clone();
    assert_ne!(username, "ada.lovelace@example.com");
    assert!(
        json_preview(&harness).contains(&format!("\"userName\": \"{username}\"")),
        "{}",
        json_preview(&harness)
    );

    // A NameID other than the email is flagged.
    press(&mut harness, "SAML NameID is the email (default)");
    assert!(
        harness
            .query_by_label_contains("is not the SAML NameID")
            .is_none()
    );
    gui::type_into_role(&mut harness, Role::TextInput, "SAML NameID", "zz");
    assert!(
        harness
            .query_by_label_contains("is not the SAML NameID")
            .is_some()
    );

    // An invalid email is flagged, and the acceptance line goes.
    gui::type_into_role(&mut harness, Role::TextInput, "Company Email", "@@");
    assert!(
        harness
            .query_by_label_contains("is not a valid email address")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("No risk found in the values shown")
            .is_none()
    );
    let email = harness
        .state()
        .state()
        .provisioning
        .mapping
        .user
        .company_email
        .clone();
    assert!(json_preview(&harness).contains(&email));

    // Tall enough to show the table, the form, its JSON and the warnings at once.
    harness.set_size(egui::vec2(gui::WINDOW_SIZE[0], 1600.0));
    gui::settle(&mut harness);
    harness.snapshot("provisioning_mapping_warning");
}

/// Whether the kind filter's list is open (its options are not plain labels).
fn kind_list_open(harness: &Harness<'static, Kb4App>) -> bool {
    harness
        .query_all_by_label("Missing username")
        .any(|node| node.accesskit_node().role() != Role::Label)
}

/// Eight users, six with problems (one of each kind the rows can show) before domains are set.
const PREFLIGHT_CSV: &str = "Email,Username,First Name,Last Name,Department\n\
ada@example.com,ada,Ada,Lovelace,Research\n\
grace@example.com,grace,Grace,Hopper,Navy\n\
ADA@example.com,ada2,Ada,Byron,Research\n\
,nomail,No,Mail,Ops\n\
bad.example.com,bad,Bad,Email,Ops\n\
carol@other.example,carol,Carol,,Ops\n\
\" dave@example.com\",dave,Dave,Jones,Ops\n\
eve@example.com,GRACE,Eve,Adams,Ops\n";

#[test]
fn preflight_counts_filters_exports_and_is_recorded() {
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "users.csv", PREFLIGHT_CSV);
    let mut harness = open_step(&paths, StepId::AttributeMapping, "");
    load_export(&mut harness, &csv);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state().state().settings.last_preflight.is_some()
    });
    assert!(
        harness
            .query_by_label("users.csv: 8 user rows read, 6 with problems, 6 problems")
            .is_some()
    );
    assert!(harness.query_by_label("Showing 6 of 6 problems").is_some());

    // Allowed domains run the check again; carol's domain is now a problem too.
    gui::type_into_role(
        &mut harness,
        Role::TextInput,
        "Allowed email domains",
        "example.com",
    );
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.query_by_label("Showing 7 of 7 problems").is_some()
    });
    let record = harness
        .state()
        .state()
        .settings
        .last_preflight
        .clone()
        .unwrap();
    assert_eq!((record.rows, record.users_with_problems), (8, 6));
    assert_eq!(record.counts[&ProblemKind::DomainNotAllowed], 1);
    assert_eq!(record.counts[&ProblemKind::DuplicateEmail], 1);
    assert_eq!(record.file_name, "users.csv");
    assert_eq!(record.ran_at, "2026-06-01T12:00:00Z");

    // The kind filter narrows the table, and back.
    press(&mut harness, "Problem kind");
    press(&mut harness, "Duplicate username");
    assert!(harness.query_by_label("Showing 1 of 7 problems").is_some());
    assert!(harness.query_by_label("eve@example.com").is_some());
    assert!(harness.query_by_label("carol@other.example").is_none());
    if harness.query_by_label("All kinds").is_none() {
        press(&mut harness, "Problem kind");
    }
    press(&mut harness, "All kinds");
    if kind_list_open(&harness) {
        harness.key_press(egui::Key::Escape);
        gui::settle(&mut harness);
    }
    assert!(!kind_list_open(&harness), "the list of kinds is closed");

    // The text filter narrows it to carol's two problems.
    gui::type_into_role(&mut harness, Role::TextInput, "Filter", "carol");
    assert!(harness.query_by_label("Showing 2 of 7 problems").is_some());
    assert_eq!(harness.query_all_by_label("carol@other.example").count(), 2);
    assert!(harness.query_by_label("eve@example.com").is_none());

    // The export holds what the filter shows.
    let exported = dir.path().join("problems.csv");
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .preflight
        .export_problems_to(&exported);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state()
            .state()
            .provisioning
            .preflight
            .export_outcome
            .is_some()
    });
    let text = std::fs::read_to_string(&exported).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "line,username,email,kind,detail");
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].starts_with("7,carol,carol@other.example,"),
        "{text}"
    );

    // The settings keep counts only, never the users.
    let saved = std::fs::read_to_string(paths.settings_file()).unwrap();
    assert!(saved.contains("last_preflight"));
    assert!(!saved.contains("carol@other.example"));

    harness
        .get_by_label("Showing 2 of 7 problems")
        .scroll_to_me();
    gui::settle(&mut harness);
    harness.snapshot("provisioning_preflight");
}

#[test]
fn a_broken_export_keeps_the_rows_read_and_names_the_line() {
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(
        dir.path(),
        "broken.csv",
        "email,username,firstname,lastname\na@example.com,a,A,B\nb@example.com,b,B\nc@example.com,c,C,D\n",
    );
    let missing = dir.path().join("no-such-file.csv");
    let mut harness = open_step(&paths, StepId::AttributeMapping, "");
    load_export(&mut harness, &csv);
    assert!(
        harness
            .query_by_label_contains("Loaded: broken.csv (1 user rows)")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Line 3 has 3 fields")
            .is_some()
    );
    // A file that cannot be read is refused with its name; the loaded export stays.
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .export
        .request_load(&missing);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        h.state().state().provisioning.export.problem.is_some()
    });
    assert!(
        harness
            .query_by_label_contains("no-such-file.csv was not loaded")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("Loaded: broken.csv")
            .is_some()
    );
}

#[test]
fn a_large_export_is_read_and_checked_without_freezing_the_window() {
    let (dir, paths) = gui::temp_paths();
    // 100,000 users; every tenth has no last name.
    let mut text = String::from("email,username,firstname,lastname\n");
    for n in 0..100_000 {
        let last = if n % 10 == 0 { "" } else { "Example" };
        text.push_str(&format!("user{n}@example.com,user{n},User,{last}\n"));
    }
    let csv = write_csv(dir.path(), "big.csv", &text);
    let mut harness = open_step(&paths, StepId::AttributeMapping, "");
    harness
        .state_mut()
        .state_mut()
        .provisioning
        .export
        .request_load(&csv);
    let started = Instant::now();
    let (mut frames_while_busy, mut slowest) = (0, Duration::ZERO);
    loop {
        let frame = Instant::now();
        harness.step();
        slowest = slowest.max(frame.elapsed());
        let state = harness.state().state();
        if state.provisioning.busy() {
            frames_while_busy += 1;
        } else if state.settings.last_preflight.is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "took too long"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    eprintln!(
        "100k rows read and checked in {:?}; {frames_while_busy} frames drawn meanwhile, slowest {slowest:?}",
        started.elapsed()
    );
    assert!(frames_while_busy > 0, "the window kept painting");
    assert!(
        slowest < Duration::from_secs(1),
        "no frame waited for the file: {slowest:?}"
    );
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label("big.csv: 100000 user rows read, 10000 with problems, 10000 problems")
            .is_some()
    );
}

#[test]
fn an_export_its_preflight_and_a_members_file_finish_while_another_step_is_shown() {
    let (dir, paths) = gui::temp_paths();
    let csv = write_csv(dir.path(), "users.csv", PREFLIGHT_CSV);
    let members = write_csv(
        dir.path(),
        "members.txt",
        "ada@example.com\ngrace@example.com\n",
    );
    // Neither the pre-flight's step nor the comparison's is drawn while the files are read.
    let mut harness = open_step(&paths, StepId::Prerequisites, "");
    let provisioning = &mut harness.state_mut().state_mut().provisioning;
    provisioning.export.request_load(&csv);
    provisioning.reconcile.scope.request_load(&members);
    gui::run_until(&mut harness, Duration::from_secs(20), |h| {
        let state = h.state().state();
        state.settings.last_preflight.is_some()
            && state.provisioning.reconcile.scope.members.is_some()
    });
    let state = harness.state().state();
    assert_eq!(state.current_step(), StepId::Prerequisites);
    let record = state.settings.last_preflight.clone().unwrap();
    assert_eq!((record.rows, record.users_with_problems), (8, 6));
    assert_eq!(record.file_name, "users.csv");
    let loaded = state.provisioning.reconcile.scope.members.as_ref().unwrap();
    assert_eq!(loaded.members.members.len(), 2);
    assert!(!state.provisioning.busy());

    // The steps show what finished while they were away.
    harness
        .state_mut()
        .state_mut()
        .go_to(StepId::AttributeMapping);
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label("users.csv: 8 user rows read, 6 with problems, 6 problems")
            .is_some()
    );
    harness.state_mut().state_mut().go_to(StepId::ImportUsers);
    gui::settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Loaded: members.txt (2 members")
            .is_some()
    );
}
