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
//!
//! The next page is asked for while the current one is parsed and matched, guessing that
//! it starts where a page as long as the last one would end; a wrong guess costs one
//! request, never a wrong result, because every page is still taken in order for the
//! start index these rules chose.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use crate::token::ScimToken;
use serde::{Deserialize, Serialize};

pub use super::list_client::PagingError;
use super::list_client::{ListClient, parse_page};
use super::page_fetcher::PageFetcher;
pub use super::paging_run::{PagingSummary, StopReason};
use super::paging_run::{Run, Step};
use super::tenant_user::TenantUserRef;
use crate::scim::ClientSettings;
use crate::tenant_url::TenantUrl;

/// How to page through a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingConfig {
    /// The KnowBe4 SCIM Tenant URL (JumpCloud's Base URL); `/Users` is appended. Being a
    /// [`TenantUrl`], it passed the rules of the connection checks.
    pub tenant_url: TenantUrl,
    /// The `count` asked for; servers may return fewer.
    pub page_size: u32,
    /// The most pages read whatever the server says (when it sends no `totalResults`).
    pub max_pages: u64,
    /// Timeout per request, proxy and extra CA (those of Identity Management, as for the
    /// connection checks), and the largest page body read.
    pub http: ClientSettings,
}

/// The largest page body read. A page of 100 users is well under 1 MiB; a server sending
/// more is not answering the list request, and reading on would only use memory.
pub const PAGE_BODY_CAP: usize = 32 << 20;

impl PagingConfig {
    /// Defaults: 100 users per page, 30 s per request, at most 100,000 pages, no explicit
    /// proxy or extra CA, pages up to [`PAGE_BODY_CAP`].
    pub fn new(tenant_url: TenantUrl) -> Self {
        Self {
            tenant_url,
            page_size: 100,
            max_pages: 100_000,
            http: ClientSettings {
                timeout: Duration::from_secs(30),
                body_cap: PAGE_BODY_CAP,
                ..ClientSettings::default()
            },
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

/// Reads all users, calling `on_page` with each page's users in order. Blocking: call it
/// from a background thread. Returns `Err(PagingError::Cancelled)` once `cancel` is set.
///
/// While a page is parsed and handed to `on_page`, the page most likely to come next is
/// already being fetched (see [`PageFetcher`]), so matching costs little extra time.
pub fn read_all_users(
    config: &PagingConfig,
    token: &ScimToken,
    cancel: &AtomicBool,
    progress: &PagingProgress,
    on_page: &mut dyn FnMut(&[TenantUserRef<'_>]),
) -> Result<PagingSummary, PagingError> {
    let client = ListClient::new(&config.tenant_url, &config.http)?;
    let page_size = config.page_size.max(1);
    std::thread::scope(|scope| {
        let mut fetcher = PageFetcher::start(scope, &client, token, page_size, cancel);
        let mut run = Run::new(config.max_pages);
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(PagingError::Cancelled);
            }
            if let Some(stop) = run.stop_before_request() {
                return Ok(run.finish(stop));
            }
            let body = fetcher.body(run.start)?;
            if let Some(next) = run.likely_next_start() {
                fetcher.prefetch(next);
            }
            let page = parse_page(&body, run.start)?;
            progress.pages.fetch_add(1, Ordering::Relaxed);
            progress
                .users
                .fetch_add(page.users.len() as u64, Ordering::Relaxed);
            let stop = match run.take(page) {
                Step::Deliver(users) => {
                    on_page(&users);
                    None
                }
                Step::Retry => None,
                Step::Stop(stop) => Some(stop),
            };
            fetcher.recycle(body);
            if let Some(stop) = stop {
                return Ok(run.finish(stop));
            }
            progress
                .total
                .store(run.last_total.unwrap_or(0), Ordering::Relaxed);
        }
    })
}
