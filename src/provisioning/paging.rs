//! Reads every user of a SCIM tenant by paging with `startIndex`/`count`, handing each
//! page to the caller as it arrives, so memory follows the page size, not the tenant.
//!
//! Real servers bend the rules, so the loop trusts only what it can see:
//! - it advances by the rows actually received, never by `itemsPerPage` (which some
//!   servers echo from the request) nor by the requested `count` (which some cap);
//! - it re-reads `totalResults` on every page and stops once past the latest value, so
//!   a tenant that shrinks or grows during the run is followed, and rows past the end
//!   are never asked for;
//! - a page with no id that the previous page lacked is a repeat: it is asked once more,
//!   then skipped, and three repeats in a row end the run;
//! - an empty page ends the run, and a hard page limit derived from `totalResults` (with
//!   a 2× margin) ends it whatever the server says.
//!
//! Duplicated rows across pages can still reach the caller; the reconciliation drops them.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

pub use super::list_client::PagingError;
use super::list_client::{ListClient, ListPage};
use super::tenant_user::TenantUser;

/// How to page through a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingConfig {
    /// The KnowBe4 SCIM Tenant URL (JumpCloud's Base URL); `/Users` is appended.
    pub tenant_url: String,
    /// The `count` asked for; servers may return fewer.
    pub page_size: u32,
    /// Timeout for each request.
    pub timeout: Duration,
    /// The most pages read whatever the server says (when it sends no `totalResults`).
    pub max_pages: u64,
}

impl PagingConfig {
    /// Defaults: 100 users per page, 30 s per request, at most 100,000 pages.
    pub fn new(tenant_url: impl Into<String>) -> Self {
        Self {
            tenant_url: tenant_url.into(),
            page_size: 100,
            timeout: Duration::from_secs(30),
            max_pages: 100_000,
        }
    }
}

/// Live counters a UI can poll from another thread.
#[derive(Debug, Default)]
pub struct PagingProgress {
    pages: AtomicU64,
    users: AtomicU64,
    total: AtomicU64,
}

/// A copy of the progress counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressSnapshot {
    pub pages: u64,
    /// Rows received so far (a repeated row counts each time).
    pub users: u64,
    /// The latest `totalResults`, 0 while unknown.
    pub total: u64,
}

impl PagingProgress {
    pub fn snapshot(&self) -> ProgressSnapshot {
        ProgressSnapshot {
            pages: self.pages.load(Ordering::Relaxed),
            users: self.users.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }
}

/// Why the run ended without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The next start was past `totalResults`.
    ReachedEnd,
    /// The server returned a page with no users.
    EmptyPage,
    /// The server kept returning the previous page.
    RepeatedPages,
    /// The page limit was reached.
    PageLimit,
}

/// What happened during a completed run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagingSummary {
    pub pages: u64,
    pub rows_received: u64,
    pub first_total: Option<u64>,
    pub last_total: Option<u64>,
    pub stop: StopReason,
    /// Quirks seen, written for the operator (e.g. totalResults changed).
    pub notes: Vec<String>,
    /// False when the server's behaviour means some users may not have been read.
    pub complete: bool,
}

/// Reads all users, calling `on_page` with each page's users in order. Blocking: call it
/// from a background thread. Returns `Err(PagingError::Cancelled)` once `cancel` is set.
pub fn read_all_users(
    config: &PagingConfig,
    token: &SecretString,
    cancel: &AtomicBool,
    progress: &PagingProgress,
    on_page: &mut dyn FnMut(Vec<TenantUser>),
) -> Result<PagingSummary, PagingError> {
    let client = ListClient::new(&config.tenant_url, config.timeout)?;
    let page_size = config.page_size.max(1);
    let mut run = Run::new(config.max_pages);
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(PagingError::Cancelled);
        }
        if let Some(stop) = run.stop_before_request() {
            return Ok(run.finish(stop));
        }
        let page = client.fetch(token, run.start, page_size, cancel)?;
        progress.pages.fetch_add(1, Ordering::Relaxed);
        progress
            .users
            .fetch_add(page.users.len() as u64, Ordering::Relaxed);
        match run.take(page) {
            Step::Deliver(users) => on_page(users),
            Step::Retry => {}
            Step::Stop(stop) => return Ok(run.finish(stop)),
        }
        progress
            .total
            .store(run.last_total.unwrap_or(0), Ordering::Relaxed);
    }
}

enum Step {
    Deliver(Vec<TenantUser>),
    Retry,
    Stop(StopReason),
}

/// The loop's state, apart from HTTP so the stop rules can be tested on their own.
struct Run {
    start: u64,
    pages: u64,
    rows: u64,
    max_pages: u64,
    first_total: Option<u64>,
    last_total: Option<u64>,
    max_total: u64,
    smallest_page: u64,
    previous_ids: HashSet<String>,
    repeats: u32,
    notes: Vec<String>,
    complete: bool,
}

impl Run {
    fn new(max_pages: u64) -> Self {
        Self {
            start: 1,
            pages: 0,
            rows: 0,
            max_pages,
            first_total: None,
            last_total: None,
            max_total: 0,
            smallest_page: u64::MAX,
            previous_ids: HashSet::new(),
            repeats: 0,
            notes: Vec::new(),
            complete: true,
        }
    }

    /// The page budget: twice the pages `totalResults` needs at the smallest page seen,
    /// plus slack for repeats; never above the configured maximum. A total that keeps
    /// growing counts at most as twice the first total (plus 1,000), so a server whose
    /// total runs ahead of the reader forever still gets a finite budget.
    fn page_limit(&self) -> u64 {
        let Some(first) = self.first_total else {
            return self.max_pages;
        };
        if self.smallest_page == u64::MAX {
            return self.max_pages;
        }
        let total = self
            .max_total
            .min(first.saturating_mul(2).saturating_add(1000));
        let needed = total.div_ceil(self.smallest_page);
        needed
            .saturating_mul(2)
            .saturating_add(10)
            .min(self.max_pages)
    }

    fn stop_before_request(&mut self) -> Option<StopReason> {
        if self.pages >= self.page_limit() {
            self.complete = false;
            self.notes.push(format!(
                "stopped after {} pages, the most this tenant should need",
                self.pages
            ));
            return Some(StopReason::PageLimit);
        }
        match self.last_total {
            Some(total) if self.start > total => Some(StopReason::ReachedEnd),
            _ => None,
        }
    }

    fn take(&mut self, page: ListPage) -> Step {
        self.pages += 1;
        self.note_total(page.total_results);
        if page.rows_without_id > 0 {
            self.notes.push(format!(
                "{} row(s) at startIndex {} had no id and were ignored",
                page.rows_without_id, self.start
            ));
        }
        if page.users.is_empty() {
            if self.last_total.is_some_and(|total| self.start <= total) {
                self.complete = false;
                self.notes.push(format!(
                    "the server returned an empty page at startIndex {} before its totalResults",
                    self.start
                ));
            }
            return Step::Stop(StopReason::EmptyPage);
        }
        let len = page.users.len() as u64;
        if page
            .users
            .iter()
            .all(|user| self.previous_ids.contains(&user.id))
        {
            return self.repeated(len);
        }
        self.repeats = 0;
        self.smallest_page = self.smallest_page.min(len);
        self.previous_ids = page.users.iter().map(|user| user.id.clone()).collect();
        self.rows += len;
        self.start += len;
        Step::Deliver(page.users)
    }

    /// First repeat: ask again. Second: skip that many rows. Third in a row: give up.
    fn repeated(&mut self, len: u64) -> Step {
        self.repeats += 1;
        match self.repeats {
            1 => Step::Retry,
            2 => {
                self.complete = false;
                self.notes.push(format!(
                    "the server returned the previous page again for startIndex {}; {len} row(s) there were skipped",
                    self.start
                ));
                self.start += len;
                Step::Retry
            }
            _ => Step::Stop(StopReason::RepeatedPages),
        }
    }

    fn note_total(&mut self, total: Option<u64>) {
        let Some(total) = total else { return };
        if self.first_total.is_none() {
            self.first_total = Some(total);
        } else if self.last_total != Some(total) {
            self.notes.push(format!(
                "totalResults changed from {} to {total} during the run (users were added or removed); run again for an exact list",
                self.last_total.unwrap_or_default()
            ));
        }
        self.last_total = Some(total);
        self.max_total = self.max_total.max(total);
    }

    fn finish(self, stop: StopReason) -> PagingSummary {
        let complete = self.complete && stop != StopReason::RepeatedPages;
        PagingSummary {
            pages: self.pages,
            rows_received: self.rows,
            first_total: self.first_total,
            last_total: self.last_total,
            stop,
            notes: self.notes,
            complete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(ids: std::ops::Range<u32>, total: Option<u64>) -> ListPage {
        let users = ids
            .map(|i| TenantUser {
                id: i.to_string(),
                user_name: format!("u{i}"),
                email: String::new(),
                given_name: String::new(),
                family_name: String::new(),
                active: true,
            })
            .collect();
        ListPage {
            users,
            rows_without_id: 0,
            total_results: total,
        }
    }

    #[test]
    fn advances_by_rows_received_and_stops_past_total() {
        let mut run = Run::new(1000);
        assert!(matches!(run.take(page(1..4, Some(5))), Step::Deliver(_)));
        assert_eq!(run.start, 4);
        assert_eq!(run.stop_before_request(), None);
        assert!(matches!(run.take(page(4..6, Some(5))), Step::Deliver(_)));
        assert_eq!(run.stop_before_request(), Some(StopReason::ReachedEnd));
        assert!(run.finish(StopReason::ReachedEnd).complete);
    }

    #[test]
    fn repeated_page_is_retried_then_skipped_then_ends() {
        let mut run = Run::new(1000);
        let _ = run.take(page(1..3, Some(100)));
        assert!(matches!(run.take(page(1..3, Some(100))), Step::Retry));
        assert_eq!(run.start, 3);
        assert!(matches!(run.take(page(1..3, Some(100))), Step::Retry));
        assert_eq!(run.start, 5);
        assert!(matches!(
            run.take(page(1..3, Some(100))),
            Step::Stop(StopReason::RepeatedPages)
        ));
        assert!(!run.finish(StopReason::RepeatedPages).complete);
    }

    #[test]
    fn page_limit_bounds_a_total_that_runs_ahead_forever() {
        let mut run = Run::new(1_000_000);
        let mut next = 0u32;
        let mut requests = 0;
        let stop = loop {
            if let Some(stop) = run.stop_before_request() {
                break stop;
            }
            requests += 1;
            assert!(requests < 1000, "must stop");
            // Every page is new and totalResults stays one page ahead of the reader.
            let _ = run.take(page(next..next + 10, Some(u64::from(next) + 20)));
            next += 10;
        };
        assert_eq!(stop, StopReason::PageLimit);
        assert!(!run.finish(stop).complete);
    }

    #[test]
    fn empty_page_before_total_is_flagged_incomplete() {
        let mut run = Run::new(1000);
        let _ = run.take(page(1..3, Some(10)));
        assert!(matches!(
            run.take(page(0..0, Some(10))),
            Step::Stop(StopReason::EmptyPage)
        ));
        let summary = run.finish(StopReason::EmptyPage);
        assert!(!summary.complete);
        assert_eq!(summary.rows_received, 2);
    }

    #[test]
    fn total_change_is_noted() {
        let mut run = Run::new(1000);
        let _ = run.take(page(1..3, Some(10)));
        let _ = run.take(page(3..5, Some(12)));
        let summary = run.finish(StopReason::ReachedEnd);
        assert_eq!(
            (summary.first_total, summary.last_total),
            (Some(10), Some(12))
        );
        assert!(summary.notes.iter().any(|n| n.contains("from 10 to 12")));
    }
}
