//! Paging against a real loopback SCIM server, one test per server quirk.

#[path = "support/paging_server.rs"]
mod paging_server;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kb4_setup::provisioning::job::{JobState, ReconcileJob};
use kb4_setup::provisioning::paging::{
    PagingConfig, PagingError, PagingProgress, PagingSummary, StopReason, read_all_users,
};
use kb4_setup::provisioning::users_csv::CsvUser;
use paging_server::{PagingServer, Quirks, ServedUser};
use secrecy::SecretString;

const TOKEN: &str = "test-token-generated-per-run";

fn users(n: usize) -> Vec<ServedUser> {
    (1..=n).map(ServedUser::numbered).collect()
}

fn config(server: &PagingServer, page_size: u32) -> PagingConfig {
    PagingConfig {
        page_size,
        timeout: Duration::from_secs(10),
        ..PagingConfig::new(server.base_url.clone())
    }
}

struct Outcome {
    summary: Result<PagingSummary, PagingError>,
    /// Every id delivered, in order, repeats included.
    ids: Vec<String>,
    largest_page: usize,
}

fn read_all(server: &PagingServer, page_size: u32) -> Outcome {
    let token = SecretString::from(TOKEN.to_owned());
    let cancel = AtomicBool::new(false);
    let progress = PagingProgress::default();
    let mut ids = Vec::new();
    let mut largest_page = 0;
    let summary = read_all_users(
        &config(server, page_size),
        &token,
        &cancel,
        &progress,
        &mut |page| {
            largest_page = largest_page.max(page.len());
            ids.extend(page.into_iter().map(|u| u.id));
        },
    );
    Outcome {
        summary,
        ids,
        largest_page,
    }
}

fn distinct(ids: &[String]) -> usize {
    ids.iter().collect::<HashSet<_>>().len()
}

fn summary(outcome: &Outcome) -> &PagingSummary {
    match &outcome.summary {
        Ok(summary) => summary,
        Err(error) => panic!("paging failed: {error}"),
    }
}

#[test]
fn well_behaved_server_is_read_exactly_once() {
    let server = PagingServer::start(
        &users(250),
        Quirks {
            token: Some(TOKEN.into()),
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 100);
    let s = summary(&outcome);
    assert_eq!(outcome.ids.len(), 250);
    assert_eq!(distinct(&outcome.ids), 250);
    assert_eq!(
        (s.pages, s.stop, s.complete),
        (3, StopReason::ReachedEnd, true)
    );
    assert_eq!(server.requests(), 3, "no request past the end");
}

#[test]
fn capped_count_and_echoed_items_per_page() {
    let quirks = Quirks {
        cap: Some(7),
        echo_items_per_page: true,
        ..Quirks::default()
    };
    let server = PagingServer::start(&users(250), quirks);
    let outcome = read_all(&server, 100);
    let s = summary(&outcome);
    assert_eq!(distinct(&outcome.ids), 250);
    assert_eq!(
        outcome.ids.len(),
        250,
        "advancing by itemsPerPage would skip users"
    );
    assert_eq!(s.pages, 36);
    assert!(outcome.largest_page <= 7);
}

#[test]
fn total_growing_during_the_run_is_followed() {
    let server = PagingServer::start(
        &users(95),
        Quirks {
            grow_after: Some((1, 30)),
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 20);
    let s = summary(&outcome);
    assert_eq!(distinct(&outcome.ids), 125);
    assert_eq!((s.first_total, s.last_total), (Some(95), Some(125)));
    assert!(
        s.notes.iter().any(|n| n.contains("totalResults changed")),
        "{:?}",
        s.notes
    );
}

#[test]
fn total_shrinking_during_the_run_ends_the_run() {
    let server = PagingServer::start(
        &users(100),
        Quirks {
            shrink_after: Some((2, 45)),
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 20);
    let s = summary(&outcome);
    assert_eq!(distinct(&outcome.ids), 55);
    assert_eq!(s.last_total, Some(55));
    assert!(server.requests() <= 4, "{} requests", server.requests());
}

#[test]
fn same_page_returned_twice_is_asked_again() {
    let server = PagingServer::start(
        &users(250),
        Quirks {
            repeat_previous_once_at: Some(101),
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 50);
    let s = summary(&outcome);
    assert_eq!(outcome.ids.len(), 250, "the repeated page is not delivered");
    assert_eq!(distinct(&outcome.ids), 250);
    assert!(s.complete);
    assert_eq!(server.requests(), 6);
}

#[test]
fn rows_past_the_end_do_not_prolong_the_run() {
    let server = PagingServer::start(
        &users(95),
        Quirks {
            rows_past_end: true,
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 20);
    let s = summary(&outcome);
    assert_eq!(distinct(&outcome.ids), 95);
    assert_eq!(s.stop, StopReason::ReachedEnd);
    assert_eq!(server.requests(), 5);
}

#[test]
fn server_ignoring_start_index_ends_quickly() {
    let server = PagingServer::start(
        &users(500),
        Quirks {
            ignore_start_index: true,
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 50);
    let s = summary(&outcome);
    assert_eq!(s.stop, StopReason::RepeatedPages);
    assert!(!s.complete);
    assert_eq!(distinct(&outcome.ids), 50);
    assert!(server.requests() <= 5, "{} requests", server.requests());
}

#[test]
fn total_running_ahead_forever_hits_the_page_limit() {
    let quirks = Quirks {
        total_runs_ahead: true,
        rows_past_end: true,
        ..Quirks::default()
    };
    let server = PagingServer::start(&users(30), quirks);
    let outcome = read_all(&server, 10);
    let s = summary(&outcome);
    assert_eq!(s.stop, StopReason::PageLimit);
    assert!(!s.complete);
    assert!(server.requests() < 500, "{} requests", server.requests());
}

#[test]
fn no_total_results_ends_on_the_empty_page() {
    let server = PagingServer::start(
        &users(45),
        Quirks {
            no_total: true,
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 20);
    let s = summary(&outcome);
    assert_eq!(distinct(&outcome.ids), 45);
    assert_eq!(s.stop, StopReason::EmptyPage);
    assert!(s.complete);
}

#[test]
fn throttled_request_is_retried() {
    let server = PagingServer::start(
        &users(30),
        Quirks {
            throttle_first: true,
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 100);
    assert_eq!(distinct(&outcome.ids), 30);
    assert_eq!(server.requests(), 2);
}

#[test]
fn wrong_token_is_reported_as_unauthorized() {
    let server = PagingServer::start(
        &users(3),
        Quirks {
            token: Some("another".into()),
            ..Quirks::default()
        },
    );
    let outcome = read_all(&server, 100);
    match outcome.summary {
        Err(error @ PagingError::Unauthorized) => {
            assert!(error.to_string().contains("regenerated"))
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[test]
fn cancel_stops_after_the_current_page() {
    let server = PagingServer::start(&users(300), Quirks::default());
    let token = SecretString::from(TOKEN.to_owned());
    let cancel = AtomicBool::new(false);
    let progress = PagingProgress::default();
    let mut pages = 0;
    let result = read_all_users(
        &config(&server, 10),
        &token,
        &cancel,
        &progress,
        &mut |_| {
            pages += 1;
            cancel.store(true, Ordering::Relaxed);
        },
    );
    assert_eq!(result, Err(PagingError::Cancelled));
    assert_eq!(pages, 1);
    assert_eq!(progress.snapshot().pages, 1);
}

#[test]
fn background_job_reports_progress_and_result() {
    let server = PagingServer::start(&users(120), Quirks::default());
    let rows: Vec<CsvUser> = (1..=100)
        .map(|n| CsvUser {
            line: n as u64 + 1,
            username: format!("user{n}"),
            email: format!("USER{n}@example.com"),
            first_name: format!("Given{n}"),
            last_name: format!("Family{n}"),
        })
        .collect();
    let token = SecretString::from(TOKEN.to_owned());
    let mut job = ReconcileJob::start(config(&server, 25), token, rows, Box::new(|| {}));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let report = loop {
        match job.poll() {
            JobState::Finished(result) => break (*result).unwrap_or_else(|e| panic!("{e}")),
            JobState::Running(_) => {
                assert!(std::time::Instant::now() < deadline, "job did not finish");
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    };
    assert_eq!(job.progress().pages, 5);
    assert_eq!(job.progress().total, 120);
    assert_eq!(
        (report.summary.matched, report.summary.only_in_knowbe4),
        (100, 20)
    );
}
