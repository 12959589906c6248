//! The paging loop's stop rules, apart from HTTP so they can be tested on their own: where
//! the next page starts, when a page is a repeat, and when the run must end.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::list_client::ListPage;
use super::tenant_user::{TenantUserRef, id_hash};

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

/// What to do with the page just received.
pub(super) enum Step<'a> {
    /// New users: hand them on.
    Deliver(Vec<TenantUserRef<'a>>),
    /// A repeat: ask again (at the same or the next start).
    Retry,
    Stop(StopReason),
}

/// The loop's state, apart from HTTP so the stop rules can be tested on their own.
pub(super) struct Run {
    pub(super) start: u64,
    pages: u64,
    rows: u64,
    max_pages: u64,
    first_total: Option<u64>,
    pub(super) last_total: Option<u64>,
    max_total: u64,
    smallest_page: u64,
    /// Rows in the last page delivered; 0 before the first.
    last_page: u64,
    /// Hashes of the ids on the last page delivered, to recognise a repeat.
    previous_ids: HashSet<u64, foldhash::fast::RandomState>,
    repeats: u32,
    notes: Vec<String>,
    complete: bool,
}

impl Run {
    pub(super) fn new(max_pages: u64) -> Self {
        Self {
            start: 1,
            pages: 0,
            rows: 0,
            max_pages,
            first_total: None,
            last_total: None,
            max_total: 0,
            smallest_page: u64::MAX,
            last_page: 0,
            previous_ids: HashSet::default(),
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

    pub(super) fn stop_before_request(&mut self) -> Option<StopReason> {
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

    /// Where the next page starts if the one being read is as long as the last one:
    /// worth fetching ahead. `None` before the first page is in (nothing to go by), past
    /// the latest `totalResults`, or when the page budget would end the run first.
    pub(super) fn likely_next_start(&self) -> Option<u64> {
        if self.last_page == 0 {
            return None;
        }
        let next = self.start.saturating_add(self.last_page);
        let within_total = self.last_total.is_none_or(|total| next <= total);
        (within_total && self.pages + 1 < self.page_limit()).then_some(next)
    }

    pub(super) fn take<'a>(&mut self, page: ListPage<'a>) -> Step<'a> {
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
            .all(|user| self.previous_ids.contains(&id_hash(&user.id)))
        {
            return self.repeated(len);
        }
        self.repeats = 0;
        self.smallest_page = self.smallest_page.min(len);
        self.last_page = len;
        self.previous_ids.clear();
        self.previous_ids
            .extend(page.users.iter().map(|user| id_hash(&user.id)));
        self.rows += len;
        self.start += len;
        Step::Deliver(page.users)
    }

    /// First repeat: ask again. Second: skip that many rows. Third in a row: give up.
    fn repeated<'a>(&mut self, len: u64) -> Step<'a> {
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

    pub(super) fn finish(self, stop: StopReason) -> PagingSummary {
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

    fn page(ids: std::ops::Range<u32>, total: Option<u64>) -> ListPage<'static> {
        let users = ids
            .map(|i| TenantUserRef {
                id: i.to_string().into(),
                user_name: format!("u{i}").into(),
                email: "".into(),
                given_name: "".into(),
                family_name: "".into(),
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
    fn fetches_ahead_only_within_what_the_server_said() {
        let mut run = Run::new(1000);
        assert_eq!(run.likely_next_start(), None, "nothing to go by yet");
        let _ = run.take(page(1..11, Some(25)));
        assert_eq!(run.likely_next_start(), Some(21));
        let _ = run.take(page(11..21, Some(25)));
        assert_eq!(run.likely_next_start(), None, "31 is past totalResults 25");
        let mut capped = Run::new(3);
        let _ = capped.take(page(1..11, None));
        assert_eq!(capped.likely_next_start(), Some(21), "no total: keep going");
        let _ = capped.take(page(11..21, None));
        assert_eq!(
            capped.likely_next_start(),
            None,
            "the third page is the last allowed"
        );
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
