//! The lifecycle suite and cancelling: cleanup after a failure halfway, a precise leftover
//! report when cleanup cannot delete, PUT fallback, and cancel ending a hanging run promptly.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::Method;
use check_helpers::{new_token, request, result, run, status};
use kb4_setup::scim::CheckId;
use kb4_setup::scim::runner::{self, RunEvent};
use kb4_setup::scim::{CheckReport, Leftover, RunOutcome, TestUser};
use kb4_setup::verdict::Verdict;
use scim_server::routes::{Fault, FaultKind};
use scim_server::{Behavior, ScimServer, ServerOptions};

use crate::support::check_helpers;
use crate::support::scim_server;

fn lifecycle_run(server: &ScimServer, token: &str, email: &str, groups: bool) -> CheckReport {
    let mut request = request(&server.base_url, token, 5);
    request.groups = groups;
    request.lifecycle = Some(TestUser::Email(email.to_owned()));
    run(request)
}

#[test]
fn the_full_lifecycle_with_groups_passes_and_leaves_nothing() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let report = lifecycle_run(&server, &token, "scim-test@corp.example", true);
    for (id, _) in kb4_setup::scim::lifecycle::STEPS {
        assert_eq!(
            status(&report, id),
            Verdict::Pass,
            "{id:?}:\n{}",
            report.to_text()
        );
    }
    assert!(report.leftovers.is_empty());
    assert!(server.users().is_empty() && server.groups().is_empty());
    assert!(!report.has_failures());
    let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
    for method in ["POST", "PATCH", "DELETE"] {
        assert!(methods.iter().any(|m| m == method), "no {method} sent");
    }
}

#[test]
fn a_server_failing_halfway_leaves_nothing_behind() {
    let token = new_token();
    let faults = vec![Fault::on(
        Some(Method::PATCH),
        "/Users/",
        FaultKind::Status(500),
    )];
    let server =
        ScimServer::start(ServerOptions::http(&token).behavior(Behavior::with_faults(faults)));
    let report = lifecycle_run(&server, &token, "halfway@corp.example", false);
    assert_eq!(status(&report, CheckId::LifecycleUserCreate), Verdict::Pass);
    assert_eq!(status(&report, CheckId::LifecycleUserUpdate), Verdict::Fail);
    assert_eq!(status(&report, CheckId::LifecycleUserDelete), Verdict::Skip);
    let cleanup = result(&report, CheckId::LifecycleCleanup);
    assert_eq!(cleanup.status, Verdict::Pass, "{cleanup:?}");
    assert!(report.leftovers.is_empty());
    assert!(
        server.users().is_empty(),
        "the test user is still on the server"
    );
}

#[test]
fn when_cleanup_cannot_delete_the_leftover_is_reported_by_id_and_user_name() {
    let token = new_token();
    let faults = vec![
        Fault::on(Some(Method::PATCH), "/Users/", FaultKind::Status(500)),
        Fault::on(Some(Method::DELETE), "/Users/", FaultKind::Status(500)),
    ];
    let server =
        ScimServer::start(ServerOptions::http(&token).behavior(Behavior::with_faults(faults)));
    let report = lifecycle_run(&server, &token, "stuck@corp.example", false);
    let on_server = server.users();
    assert_eq!(on_server.len(), 1);
    let id = on_server[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        report.leftovers,
        vec![Leftover {
            kind: "user".into(),
            id: Some(id.clone()),
            name: "stuck@corp.example".into()
        }]
    );
    let cleanup = result(&report, CheckId::LifecycleCleanup);
    assert_eq!(cleanup.status, Verdict::Fail);
    assert!(
        cleanup.summary.contains(&id) && cleanup.summary.contains("stuck@corp.example"),
        "{cleanup:?}"
    );
    assert!(
        report
            .to_text()
            .contains(&format!("LEFTOVER user 'stuck@corp.example' (id {id})"))
    );
    assert!(report.has_failures());
}

#[test]
fn a_create_whose_answer_is_lost_is_found_by_name_and_deleted() {
    let token = new_token();
    // The create succeeds on the server, but its answer is replaced by a 502 on the way back.
    let server = ScimServer::start(ServerOptions::http(&token));
    let report = {
        let faults = vec![Fault::on(
            Some(Method::POST),
            "/Users",
            FaultKind::Status(502),
        )];
        server.set_behavior(Behavior::with_faults(faults));
        lifecycle_run(&server, &token, "lost@corp.example", false)
    };
    // This server's fault answers before creating, so nothing exists: cleanup must see that
    // the user is absent and not report a leftover.
    assert_eq!(status(&report, CheckId::LifecycleUserCreate), Verdict::Fail);
    assert!(report.leftovers.is_empty(), "{:?}", report.leftovers);
    assert_eq!(status(&report, CheckId::LifecycleCleanup), Verdict::Pass);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path_and_query.contains("filter=userName"))
    );
}

#[test]
fn a_create_that_succeeded_but_whose_answer_was_lost_is_still_cleaned_up() {
    let token = new_token();
    let faults = vec![Fault::on(
        Some(Method::POST),
        "/Users",
        FaultKind::StatusAfterDoing(502),
    )];
    let server =
        ScimServer::start(ServerOptions::http(&token).behavior(Behavior::with_faults(faults)));
    let report = lifecycle_run(&server, &token, "lost-answer@corp.example", false);
    assert_eq!(status(&report, CheckId::LifecycleUserCreate), Verdict::Fail);
    assert_eq!(
        status(&report, CheckId::LifecycleCleanup),
        Verdict::Pass,
        "{}",
        report.to_text()
    );
    assert!(report.leftovers.is_empty());
    assert!(
        server.users().is_empty(),
        "the user created behind the lost answer is still there"
    );
}

#[test]
fn an_existing_test_user_is_reported_and_never_deleted() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let id = server.add_user("taken@corp.example");
    let report = lifecycle_run(&server, &token, "taken@corp.example", false);
    let create = result(&report, CheckId::LifecycleUserCreate);
    assert_eq!(create.status, Verdict::Fail);
    assert!(create.summary.contains("409"), "{create:?}");
    assert!(report.leftovers.is_empty());
    assert_eq!(server.users().len(), 1);
    assert_eq!(server.users()[0]["id"], id.as_str());
}

#[test]
fn unsupported_patch_falls_back_to_put() {
    let token = new_token();
    let faults = vec![Fault::on(
        Some(Method::PATCH),
        "/Users/",
        FaultKind::Status(405),
    )];
    let server =
        ScimServer::start(ServerOptions::http(&token).behavior(Behavior::with_faults(faults)));
    let report = lifecycle_run(&server, &token, "put@corp.example", false);
    let updates: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.id == CheckId::LifecycleUserUpdate)
        .collect();
    assert_eq!(updates.len(), 2, "{}", report.to_text());
    assert_eq!(updates[0].status, Verdict::Warn);
    assert_eq!(updates[1].status, Verdict::Pass);
    assert!(
        updates[1]
            .request
            .as_deref()
            .unwrap_or_default()
            .starts_with("PUT ")
    );
    assert_eq!(status(&report, CheckId::LifecycleUserDelete), Verdict::Pass);
    assert!(!report.has_failures(), "{}", report.to_text());
    assert!(server.users().is_empty());
}

/// Starts a run, waits for the result `after`, cancels, and returns the report and how long the
/// cancel took to end the run.
fn cancel_after(request: runner::RunRequest, after: CheckId) -> (CheckReport, Duration, usize) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let mut handle = runner::start(
        request,
        Some(Box::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })),
    );
    let give_up = Instant::now() + Duration::from_secs(20);
    loop {
        assert!(Instant::now() < give_up, "'{after:?}' never finished");
        match handle.try_next() {
            Some(RunEvent::Result(r)) if r.id == after => break,
            Some(RunEvent::Finished(report)) => {
                panic!("finished before cancel:\n{}", report.to_text())
            }
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let cancelled_at = Instant::now();
    handle.cancel();
    let report = loop {
        assert!(Instant::now() < give_up, "the run did not end after cancel");
        match handle.try_next() {
            Some(RunEvent::Finished(report)) => break report,
            Some(_) => {}
            None => std::thread::sleep(Duration::from_millis(2)),
        }
    };
    let took = cancelled_at.elapsed();
    assert!(handle.is_finished());
    // The wake-up for the final report comes right after it is sent.
    let expected = report.results.len() + 1;
    let until = Instant::now() + Duration::from_secs(2);
    while calls.load(Ordering::SeqCst) < expected && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    (report, took, calls.load(Ordering::SeqCst))
}

#[test]
fn cancel_ends_a_hanging_run_promptly() {
    let token = new_token();
    let hang = Behavior::with_faults(vec![Fault::on(None, "/", FaultKind::NeverAnswer)]);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(hang));
    let (report, took, callbacks) =
        cancel_after(request(&server.base_url, &token, 30), CheckId::Tcp);
    assert!(took < Duration::from_secs(1), "cancel took {took:?}");
    assert_eq!(report.outcome, RunOutcome::Cancelled);
    assert_eq!(status(&report, CheckId::Run), Verdict::Skip);
    assert!(report.has_failures());
    // One wake-up per result, and one for the final report.
    assert_eq!(callbacks, report.results.len() + 1);
}

#[test]
fn cancel_during_the_lifecycle_still_deletes_the_test_user() {
    let token = new_token();
    let hang = Behavior::with_faults(vec![Fault::on(
        Some(Method::PATCH),
        "/Users/",
        FaultKind::NeverAnswer,
    )]);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(hang));
    let mut request = request(&server.base_url, &token, 30);
    request.lifecycle = Some(TestUser::OnDomain("corp.example".into()));
    let (report, took, _) = cancel_after(request, CheckId::LifecycleUserRead);
    assert!(took < Duration::from_secs(3), "cancel took {took:?}");
    assert_eq!(report.outcome, RunOutcome::Cancelled);
    assert_eq!(
        status(&report, CheckId::LifecycleCleanup),
        Verdict::Pass,
        "{}",
        report.to_text()
    );
    assert!(report.leftovers.is_empty());
    assert!(
        server.users().is_empty(),
        "cancel left the test user behind"
    );
}

#[test]
fn the_overall_deadline_stops_a_slow_run() {
    let token = new_token();
    let hang = Behavior::with_faults(vec![Fault::on(None, "/", FaultKind::NeverAnswer)]);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(hang));
    let mut request = request(&server.base_url, &token, 30);
    request.overall_deadline = Some(Duration::from_millis(500));
    let started = Instant::now();
    let report = run(request);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(report.outcome, RunOutcome::DeadlineExceeded);
    assert_eq!(status(&report, CheckId::Run), Verdict::Fail);
}
