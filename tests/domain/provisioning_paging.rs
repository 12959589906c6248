//! Paging against a real loopback SCIM server, one test per server quirk.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use kb4_setup::provisioning::job::{JobState, ReconcileJob};
use kb4_setup::provisioning::paging::{
    PagingConfig, PagingError, PagingProgress, PagingSummary, StopReason, read_all_users,
};
use kb4_setup::provisioning::users_csv::CsvUser;
use kb4_setup::tenant_url::TenantUrl;
use paging_server::{PagingServer, Quirks, ServedUser};
use secrecy::SecretString;

use crate::support::paging_server;

const TOKEN: &str = "test-token-generated-per-run";

fn users(n: usize) -> Vec<ServedUser> {
    (1..=n).map(ServedUser::numbered).collect()
}

fn config(server: &PagingServer, page_size: u32) -> PagingConfig {
    let mut config = PagingConfig {
        page_size,
        ..PagingConfig::new(server.tenant_url())
    };
    config.http.timeout = Duration::from_secs(10);
    config
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
            ids.extend(page.iter().map(|u| u.id.to_string()));
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

/// While a page is handed over, the request for the next one has already reached the
/// server (from the second page on, once the page length is known).
#[test]
fn next_page_is_requested_while_the_current_one_is_matched() {
    let server = PagingServer::start(&users(350), Quirks::default());
    let token = SecretString::from(TOKEN.to_owned());
    let mut requests_seen = Vec::new();
    let result = read_all_users(
        &config(&server, 100),
        &token,
        &AtomicBool::new(false),
        &PagingProgress::default(),
        &mut |_| {
            let page = requests_seen.len();
            // Pages 2 and 3 have a next page to fetch ahead; wait until its request arrives
            // (bounded: without fetching ahead the count never grows while we wait).
            if (1..=2).contains(&page) {
                for _ in 0..500 {
                    if server.requests() > page + 1 {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            requests_seen.push(server.requests());
        },
    );
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        requests_seen,
        vec![1, 3, 4, 4],
        "requests seen at each page"
    );
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
    // Five pages, the repeated one asked again, and the page after it, which was fetched
    // ahead while the repeat was read and then dropped because the loop asked again.
    assert_eq!(server.requests(), 7);
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
    // Four requests for the stop rules, and two pages fetched ahead that the repeats made
    // useless.
    assert!(server.requests() <= 6, "{} requests", server.requests());
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

/// A request the tenant accepts and never answers is abandoned as soon as Cancel is set,
/// not when its 30-second timeout runs out.
#[test]
fn cancel_interrupts_a_request_that_never_answers() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("address");
    // Accept the connection and hold it open, silent, until the test ends.
    let holder = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let worker_cancel = std::sync::Arc::clone(&cancel);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let tenant = TenantUrl::parse(&format!("http://{address}/scim/v2"))
            .unwrap_or_else(|refusal| panic!("{refusal}"));
        let mut config = PagingConfig::new(tenant);
        config.http.timeout = Duration::from_secs(30);
        let token = SecretString::from(TOKEN.to_owned());
        let result = read_all_users(
            &config,
            &token,
            &worker_cancel,
            &PagingProgress::default(),
            &mut |_| {},
        );
        let _ = done.send(result);
    });
    let stream = holder.join().expect("accept thread").expect("accepted");
    cancel.store(true, Ordering::Relaxed);
    let result = finished.recv_timeout(Duration::from_secs(10));
    drop(stream);
    assert_eq!(result, Ok(Err(PagingError::Cancelled)));
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
