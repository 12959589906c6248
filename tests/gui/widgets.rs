//! The shared widgets drawn alone, in the light and the dark theme: the copy field, the status
//! badge, a connection check's result line and a SAML verdict line. Each image is looked at
//! for legible text, the right colours and nothing cut.
//! Update the reference images with `UPDATE_SNAPSHOTS=1 cargo test --test gui gui::widgets::`.

use egui::Theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use kb4_setup::saml_response::{CheckKind, InspectionVerdict};
use kb4_setup::scim::CheckId;
use kb4_setup::scim::check_results::CheckResult;
use kb4_setup::steps::StepStatus;
use kb4_setup::ui::fields;
use kb4_setup::ui::{check_result_line, inspection_view, theme};
use kb4_setup::verdict::Verdict;

/// Wide enough for a field's label column, its value and the Copy button.
const WIDTH: f32 = 620.0;

/// A harness drawing `widget` alone, with the app's spacing, in the `look` theme.
fn widget_harness<'a>(
    look: Theme,
    height: f32,
    mut widget: impl FnMut(&mut egui::Ui) + 'a,
) -> Harness<'a> {
    let mut harness = Harness::builder()
        .with_size([WIDTH, height])
        .with_theme(look)
        .build_ui(move |ui| {
            theme::install(ui.ctx());
            // The panel's colour behind the whole image, not only behind the widget.
            ui.set_min_size(ui.available_size());
            widget(ui);
        });
    harness.run();
    harness
}

/// Snapshots the same widget in the light and the dark theme, as `<name>_light` and
/// `<name>_dark`, and checks each frame with `check`.
fn both_themes(
    name: &str,
    height: f32,
    widget: impl Fn(&mut egui::Ui) + Copy,
    check: impl Fn(&Harness<'_>),
) {
    let mut results = egui_kittest::SnapshotResults::new();
    for (look, suffix) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
        let mut harness = widget_harness(look, height, widget);
        check(&harness);
        results.add(harness.try_snapshot(format!("widget_{name}_{suffix}")));
        results.extend_harness(&mut harness);
    }
    results.unwrap();
}

#[test]
fn copy_field() {
    both_themes(
        "copy_field",
        130.0,
        |ui| {
            fields::copy_field(
                ui,
                "Single Sign-On URL",
                "https://training.knowbe4.com/auth/saml/0a1b2c3d4e5f",
            );
            fields::copy_field(
                ui,
                "A long label that needs more than one line",
                "https://us.api.knowbe4.com/scim/v2/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9/Users",
            );
        },
        |harness| {
            assert!(harness.query_by_label("Copy Single Sign-On URL").is_some());
            assert!(
                harness
                    .query_by_label("Copy A long label that needs more than one line")
                    .is_some()
            );
        },
    );
}

#[test]
fn status_badge() {
    both_themes(
        "status_badge",
        44.0,
        |ui| {
            ui.horizontal(|ui| {
                for status in [
                    StepStatus::NotStarted,
                    StepStatus::InProgress,
                    StepStatus::Done,
                    StepStatus::NeedsAttention,
                ] {
                    theme::status_badge(ui, status);
                }
            });
        },
        |harness| {
            for status in [
                StepStatus::NotStarted,
                StepStatus::InProgress,
                StepStatus::Done,
                StepStatus::NeedsAttention,
            ] {
                assert!(harness.query_by_label(status.label()).is_some());
            }
        },
    );
}

/// One result of each status, as the checks word them.
fn check_results() -> Vec<CheckResult> {
    vec![
        CheckResult::new(
            CheckId::Dns,
            "DNS lookup",
            Verdict::Pass,
            "training.knowbe4.com is 192.0.2.10",
        ),
        CheckResult::new(
            CheckId::Tls,
            "TLS handshake",
            Verdict::Warn,
            "TLSv1.3; certificate issued by Example CA valid until 2026-06-10",
        )
        .with_hint(
            "The server's certificate expires within two weeks; run the checks again once it \
             has been renewed.",
        ),
        CheckResult::new(
            CheckId::LifecycleCleanup,
            "Lifecycle: cleanup",
            Verdict::Fail,
            "left behind: user kb4-setup-check-1",
        )
        .with_request("DELETE /scim/v2/Users/1")
        .with_hint(
            "Delete these in KnowBe4 (Users, or Groups) by hand. What KnowBe4's API does while \
             Test Mode is on is not documented: treat them as real.",
        ),
        CheckResult::new(
            CheckId::GroupsList,
            "List groups",
            Verdict::Skip,
            "skipped: group management is off",
        ),
    ]
}

#[test]
fn check_result_line() {
    let results = check_results();
    both_themes(
        "check_result_line",
        190.0,
        |ui| {
            for (index, result) in check_results().iter().enumerate() {
                check_result_line::show(ui, index, result);
            }
        },
        |harness| {
            for result in &results {
                let line = format!(
                    "{} · {}: {}",
                    result.status.label(),
                    result.name,
                    result.summary
                );
                assert!(harness.query_by_label_contains(&line).is_some(), "{line}");
            }
            // A hint shows under a result that did not pass.
            assert!(
                harness
                    .query_by_label_contains("Delete these in KnowBe4")
                    .is_some()
            );
        },
    );
}

/// One verdict of each status.
fn verdicts() -> Vec<InspectionVerdict> {
    vec![
        InspectionVerdict {
            check: CheckKind::Status,
            status: Verdict::Pass,
            message: "Success".to_owned(),
            fix: None,
        },
        InspectionVerdict {
            check: CheckKind::Audience,
            status: Verdict::Fail,
            message: "Audience \"knowbe4\" does not match the setup's SP Entity ID \"KnowBe4\": \
                      they differ in letter case."
                .to_owned(),
            fix: Some(
                "In JumpCloud's KnowBe4 application, set the SP Entity ID to KnowBe4 (the value \
                 KnowBe4 shows: \"KnowBe4\" unless you generated a unique Entity ID)."
                    .to_owned(),
            ),
        },
        InspectionVerdict {
            check: CheckKind::Issuer,
            status: Verdict::Skip,
            message: "No IdP entity ID entered to compare with.".to_owned(),
            fix: None,
        },
    ]
}

#[test]
fn verdict_line() {
    both_themes(
        "verdict_line",
        160.0,
        |ui| {
            for verdict in &verdicts() {
                inspection_view::verdict_line(ui, verdict);
            }
        },
        |harness| {
            for verdict in &verdicts() {
                let line = format!(
                    "{} · {}: {}",
                    verdict.status.label(),
                    verdict.check.title(),
                    verdict.message
                );
                assert!(harness.query_by_label_contains(&line).is_some(), "{line}");
            }
            assert!(
                harness
                    .query_by_label_contains("Fix: In JumpCloud's KnowBe4 application")
                    .is_some()
            );
        },
    );
}
