//! Drives the real window through AccessKit: navigation, ticks, status, saved progress.

use egui_kittest::kittest::Queryable;
use kb4_setup::steps::{StepId, content};

use crate::support::gui;

#[test]
fn next_walks_every_step_and_back_returns() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = gui::light_harness(&paths);
    for (index, step) in StepId::ALL.iter().enumerate() {
        assert_eq!(harness.state().state().current_step(), *step);
        assert!(
            harness.query_all_by_label(step.title()).count() >= 1,
            "heading of {step:?} is shown"
        );
        assert!(
            harness
                .query_by_label(&format!("Step {} of 18", index + 1))
                .is_some()
        );
        if step.next().is_some() {
            gui::click(&mut harness, "Next");
        }
    }
    for step in StepId::ALL.iter().rev().skip(1) {
        gui::click(&mut harness, "Back");
        assert_eq!(harness.state().state().current_step(), *step);
    }
}

#[test]
fn ticking_an_action_changes_the_step_status_in_the_list() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = gui::light_harness(&paths);
    assert!(
        harness
            .query_by_label("Prerequisites, Not started")
            .is_some()
    );

    harness
        .get_by_label("I have a JumpCloud Administrator account")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label("Prerequisites, In progress")
            .is_some()
    );

    for tick in content(StepId::Prerequisites).ticks.iter().skip(1) {
        harness.get_by_label(tick.label).click();
        harness.run();
    }
    assert!(harness.query_by_label("Prerequisites, Done").is_some());
    assert!(
        harness.query_by_label("Done").is_some(),
        "the step's badge says Done"
    );
}

#[test]
fn clicking_a_step_in_the_list_opens_it() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = gui::light_harness(&paths);
    harness
        .get_by_label("Rotate the IdP certificate, Not started")
        .click();
    harness.run();
    assert_eq!(
        harness.state().state().current_step(),
        StepId::RotateCertificate
    );
}

#[test]
fn progress_is_restored_after_a_restart() {
    let (_dir, paths) = gui::temp_paths();
    {
        let mut harness = gui::light_harness(&paths);
        gui::click(&mut harness, "Next");
        harness.get_by_label("European Union (EU)").click();
        harness.run();
        harness
            .get_by_label("I checked the region against the address of my KnowBe4 console")
            .click();
        harness.run();
        gui::click(&mut harness, "Next");
    }
    let harness = gui::light_harness(&paths);
    let state = harness.state().state();
    assert_eq!(state.current_step(), StepId::CreateApplication);
    assert_eq!(state.settings.region, kb4_setup::region::Region::Eu);
    assert!(state.settings.is_ticked(StepId::Region, "confirmed"));
    assert!(harness.query_by_label("KnowBe4 region, Done").is_some());
}

#[test]
fn a_corrupt_settings_file_is_reported_and_the_app_starts_fresh() {
    let (_dir, paths) = gui::temp_paths();
    std::fs::create_dir_all(&paths.config_dir).unwrap();
    std::fs::write(paths.settings_file(), "not json at all").unwrap();
    let harness = gui::light_harness(&paths);
    assert_eq!(
        harness.state().state().current_step(),
        StepId::Prerequisites
    );
    let notice = harness
        .state()
        .state()
        .notice
        .clone()
        .expect("the operator is told");
    assert!(notice.contains("started fresh"));
    assert!(harness.query_by_label_contains("started fresh").is_some());
}

#[test]
fn console_links_follow_the_chosen_region() {
    let (_dir, paths) = gui::temp_paths();
    let mut harness = gui::light_harness(&paths);
    gui::click(&mut harness, "Next");
    harness.get_by_label("Germany (DE)").click();
    harness.run();
    harness.get_by_label("Open KnowBe4 console").click();
    harness.step();
    let opened: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(opened, vec!["https://de.knowbe4.com/".to_owned()]);
}
