//! Reads a JumpCloud list paged with `limit` and `skip` with a few requests in flight at
//! once (tasks on one small runtime), and hands the pages on in order.
//!
//! JumpCloud's lists stop on a short or empty page, and say how many items there are
//! (`totalCount` in a v1 body, `x-total-count` on a v2 answer). The first page is asked
//! alone: a list that fits on it (the bound groups, usually) costs one request. Once a
//! count is known, the pages up to it are asked for with at most `concurrency` requests
//! in flight; without one, the next `concurrency` pages are asked ahead and the ones past
//! the first short page are dropped. Pages are handed on in `skip` order whatever order
//! they arrive in, so at most `concurrency` page bodies are held at any time: memory
//! follows the bound, not the list.
//!
//! The count is a plan, never a verdict: a page delivered past it means the count was
//! wrong, and the read goes on until a short page; a short page before it is noted as a
//! read that may have missed items. A hard page limit ends the read whatever the server
//! says.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

/// How to page through one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkipPaging {
    /// Items asked for per page (`limit`); JumpCloud's maximum is 100.
    pub limit: u32,
    /// Requests in flight at once, at least 1.
    pub concurrency: usize,
    /// The most pages read whatever the server says.
    pub max_pages: u64,
}

impl SkipPaging {
    /// 100 a page, 4 requests at once, at most 50,000 pages (5 million items).
    pub const DEFAULT: SkipPaging = SkipPaging {
        limit: 100,
        concurrency: 4,
        max_pages: 50_000,
    };
}

impl Default for SkipPaging {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What the caller found on one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageSeen {
    /// Items on the page (usable or not): a page shorter than `limit` is the last.
    pub items: usize,
    /// The count the server gave with this page, if any.
    pub total: Option<u64>,
}

/// How a list was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRead {
    pub pages: u64,
    pub items: u64,
    /// The last count the server gave.
    pub total: Option<u64>,
    /// Quirks seen, in the operator's words.
    pub notes: Vec<String>,
    /// False when the server's answers mean some items may not have been read.
    pub complete: bool,
}

/// Where the read stands; kept apart from the threads so the rules can be tested alone.
struct Plan {
    paging: SkipPaging,
    /// Pages handed on so far (the next one to hand on has this index).
    delivered: u64,
    items: u64,
    first_total: Option<u64>,
    total: Option<u64>,
    /// Set once a page came past the count: the count no longer guides the read.
    total_wrong: bool,
    notes: Vec<String>,
    complete: bool,
}

impl Plan {
    fn new(paging: SkipPaging) -> Self {
        Self {
            paging,
            delivered: 0,
            items: 0,
            first_total: None,
            total: None,
            total_wrong: false,
            notes: Vec::new(),
            complete: true,
        }
    }

    fn limit(&self) -> u64 {
        u64::from(self.paging.limit.max(1))
    }

    /// The page budget: the configured maximum, or twice what the first count needs
    /// (plus slack), so a count that keeps growing cannot keep the read going forever.
    fn page_limit(&self) -> u64 {
        let from_total = self.first_total.map_or(u64::MAX, |first| {
            first
                .saturating_mul(2)
                .saturating_add(1000)
                .div_ceil(self.limit())
                .saturating_add(10)
        });
        self.paging.max_pages.min(from_total)
    }

    /// Whether the page with this index may be asked for now.
    fn may_ask(&self, index: u64) -> bool {
        if index >= self.page_limit() {
            return false;
        }
        if self.delivered == 0 {
            // Nothing to go by before the first page: ask it alone.
            return index == 0;
        }
        match self.total {
            Some(total) if !self.total_wrong => index.saturating_mul(self.limit()) < total,
            _ => index < self.delivered + self.paging.concurrency.max(1) as u64,
        }
    }

    /// Takes the page just handed on; `true` when the read ends with it.
    fn take(&mut self, seen: PageSeen) -> bool {
        let skip = self.delivered.saturating_mul(self.limit());
        self.delivered += 1;
        self.items += seen.items as u64;
        if let Some(total) = seen.total {
            if self.first_total.is_none() {
                self.first_total = Some(total);
            } else if self.total != Some(total) && !self.total_wrong {
                self.notes.push(format!(
                    "the count changed from {} to {total} during the read (items were added or \
                     removed); run again for an exact list",
                    self.total.unwrap_or_default()
                ));
            }
            self.total = Some(total);
        }
        let end = skip + seen.items as u64;
        if let Some(total) = self.total
            && end > total
            && !self.total_wrong
        {
            self.total_wrong = true;
            self.notes.push(format!(
                "the server counted {total} items but sent more; read on to the last page"
            ));
        }
        let short = (seen.items as u64) < self.limit();
        if short {
            if let Some(total) = self.total.filter(|_| !self.total_wrong)
                && end < total
            {
                self.complete = false;
                self.notes.push(format!(
                    "the server sent a short page at skip {skip}, before its count of {total}: \
                     some items may not have been read"
                ));
            }
            return true;
        }
        if self
            .total
            .is_some_and(|total| !self.total_wrong && end >= total)
        {
            return true;
        }
        if self.delivered >= self.page_limit() {
            self.complete = false;
            self.notes.push(format!(
                "stopped after {} pages, the most this list should need",
                self.delivered
            ));
            return true;
        }
        false
    }

    fn finish(self) -> ListRead {
        ListRead {
            pages: self.delivered,
            items: self.items,
            total: self.total,
            notes: self.notes,
            complete: self.complete,
        }
    }
}

/// Why a read stopped without an error from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagerStop {
    Cancelled,
    /// The runtime could not start, or a request's task died.
    Failed(String),
}

/// Reads a list: `fetch(skip)` makes the request for the page at `skip` (up to
/// `paging.concurrency` run at once, on a runtime of this call's own), and
/// `on_page(skip, page)` takes each page in `skip` order and says what it held. Blocking:
/// call it from a thread without a runtime. The first error, from either, ends the read;
/// requests still in flight are dropped. A set `cancel` ends it within a tenth of a second,
/// a request in flight included.
pub fn read_pages<T, E, Fut>(
    paging: SkipPaging,
    cancel: &AtomicBool,
    fetch: &dyn Fn(u64) -> Fut,
    on_page: &mut dyn FnMut(u64, T) -> Result<PageSeen, E>,
    stopped: &dyn Fn(PagerStop) -> E,
) -> Result<ListRead, E>
where
    T: Send + 'static,
    E: Send + 'static,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| stopped(PagerStop::Failed(error.to_string())))?;
    let mut plan = Plan::new(paging);
    runtime.block_on(deliver_in_order(&mut plan, cancel, fetch, on_page, stopped))?;
    Ok(plan.finish())
}

async fn deliver_in_order<T, E, Fut>(
    plan: &mut Plan,
    cancel: &AtomicBool,
    fetch: &dyn Fn(u64) -> Fut,
    on_page: &mut dyn FnMut(u64, T) -> Result<PageSeen, E>,
    stopped: &dyn Fn(PagerStop) -> E,
) -> Result<(), E>
where
    T: Send + 'static,
    E: Send + 'static,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
{
    let limit = plan.limit();
    let concurrency = plan.paging.concurrency.max(1);
    let mut next_to_ask = 0u64;
    // Dropping the set (on return) aborts the requests still in flight.
    let mut in_flight: JoinSet<(u64, Result<T, E>)> = JoinSet::new();
    let mut arrived: BTreeMap<u64, Result<T, E>> = BTreeMap::new();
    loop {
        while in_flight.len() < concurrency && plan.may_ask(next_to_ask) {
            let (index, request) = (next_to_ask, fetch(next_to_ask.saturating_mul(limit)));
            in_flight.spawn(async move { (index, request.await) });
            next_to_ask += 1;
        }
        if in_flight.is_empty() {
            // Nothing more may be asked: the page limit or the count ends the read.
            return Ok(());
        }
        tokio::select! {
            joined = in_flight.join_next() => match joined {
                Some(Ok((index, page))) => {
                    arrived.insert(index, page);
                }
                Some(Err(error)) => return Err(stopped(PagerStop::Failed(error.to_string()))),
                None => {}
            },
            () = tokio::time::sleep(Duration::from_millis(100)) => {}
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(stopped(PagerStop::Cancelled));
        }
        while let Some(page) = arrived.remove(&plan.delivered) {
            let seen = on_page(plan.delivered.saturating_mul(limit), page?)?;
            if plan.take(seen) {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
#[path = "skip_pages_tests.rs"]
mod tests;
