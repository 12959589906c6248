//! The real provisioning scope, read from JumpCloud: the user groups bound to the KnowBe4
//! application, the users reached through them, and those users' details.
//!
//! Three lists are read, each with a few pages in flight at once ([`read_pages`]):
//! 1. `GET /api/v2/applications/{id}/usergroups`: the groups, by id;
//! 2. `GET /api/v2/applications/{id}/users`: the users reached through them, by id;
//! 3. `GET /api/systemusers`: every user's details, joined on the id as the pages
//!    stream through ([`ScopeJoin`]), so only the users in scope are kept.
//!
//! Only GET requests are sent. The answers are read as hostile: bounded by the client,
//! parsed leniently, and every quirk is noted for the operator.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::jumpcloud_rows::{GraphItem, SystemUserItem};
use super::scope::{ComparisonScope, ScopeApplication, ScopeGroup, ScopeOutcome};
use super::scope_join::{JoinedUsers, ScopeJoin};
use super::skip_pages::{ListRead, PageSeen, PagerStop, SkipPaging, read_pages};

/// One page of a JumpCloud list: its items, and the count the server gave with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    pub total: Option<u64>,
}

/// A page on its way; the error is already in the operator's words.
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<ListPage<T>, String>> + Send>>;

/// Where the lists come from: a JumpCloud client, GET only, 100 items a page sorted by
/// `_id`. Each call makes a request that runs on its own, so several can be in flight.
pub trait ListSource: Sync {
    /// The page at `skip` of a v2 graph list (`path` such as `/api/v2/applications/{id}/users`).
    fn graph_page(&self, path: &str, skip: u64) -> PageFuture<GraphItem>;
    /// The page at `skip` of `/api/systemusers`.
    fn system_users_page(&self, skip: u64) -> PageFuture<SystemUserItem>;
}

/// Why the scope could not be read. Messages never contain the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeReadError {
    /// JumpCloud refused or could not be reached; the words are the client's.
    #[error("JumpCloud: {0}")]
    Api(String),
    #[error(
        "no user group is bound to the JumpCloud application {0}: JumpCloud provisions nobody \
         to KnowBe4 through it. Bind the groups to provision (SSO Applications, the application, \
         User Groups tab), then compare again."
    )]
    NoGroups(String),
    #[error(
        "the {groups} user group(s) bound to the JumpCloud application {application} reach no \
         user: JumpCloud provisions nobody to KnowBe4 through it. Add users to a bound group, \
         then compare again."
    )]
    NoUsers { application: String, groups: usize },
    #[error("cancelled")]
    Cancelled,
}

/// Live counters a UI can poll from another thread.
#[derive(Debug, Default)]
pub struct ScopeProgress {
    pub groups: AtomicU64,
    pub users_in_scope: AtomicU64,
    /// JumpCloud users read from `/systemusers` so far, and its count once known.
    pub directory_read: AtomicU64,
    pub directory_total: AtomicU64,
}

/// The bound groups' users, ready to compare, and how they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundScope {
    pub application: ScopeApplication,
    pub groups: Vec<ScopeGroup>,
    pub users: JoinedUsers,
    /// How each of the three lists was read.
    pub reads: Vec<(String, ListRead)>,
}

/// How the three lists are paged. The bound groups are few: no need to ask ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopePaging {
    pub groups: SkipPaging,
    pub lists: SkipPaging,
}

impl Default for ScopePaging {
    fn default() -> Self {
        Self {
            groups: SkipPaging {
                concurrency: 1,
                ..SkipPaging::DEFAULT
            },
            lists: SkipPaging::DEFAULT,
        }
    }
}

/// The label a message names the application by.
fn named(application: &ScopeApplication) -> String {
    match application.label.trim() {
        "" => format!("with id {}", application.id),
        label => format!("'{label}' (id {})", application.id),
    }
}

/// Reads the scope of `application`. Blocking: call it from a background thread.
pub fn read_bound_scope(
    source: &dyn ListSource,
    application: ScopeApplication,
    paging: ScopePaging,
    cancel: &AtomicBool,
    progress: &ScopeProgress,
) -> Result<BoundScope, ScopeReadError> {
    let app_path = format!("/api/v2/applications/{}", path_segment(&application.id));
    let mut reads = Vec::new();

    let mut groups: Vec<ScopeGroup> = Vec::new();
    let read = read_graph(
        source,
        &format!("{app_path}/usergroups"),
        "list of bound user groups",
        paging.groups,
        cancel,
        &mut |id| {
            if !groups.iter().any(|g| g.id == id) {
                groups.push(ScopeGroup { id });
                progress.groups.fetch_add(1, Ordering::Relaxed);
            }
        },
    )?;
    reads.push(("bound user groups".to_owned(), read));
    if groups.is_empty() {
        return Err(ScopeReadError::NoGroups(named(&application)));
    }

    let mut ids: Vec<Box<str>> = Vec::new();
    let read = read_graph(
        source,
        &format!("{app_path}/users"),
        "list of the application's users",
        paging.lists,
        cancel,
        &mut |id| {
            ids.push(id.into_boxed_str());
            progress.users_in_scope.fetch_add(1, Ordering::Relaxed);
        },
    )?;
    reads.push(("users reached through the bound groups".to_owned(), read));
    let mut join = ScopeJoin::new(ids);
    if join.scope_len() == 0 {
        return Err(ScopeReadError::NoUsers {
            application: named(&application),
            groups: groups.len(),
        });
    }

    let read = read_pages(
        paging.lists,
        cancel,
        &|skip| with_api_words(source.system_users_page(skip)),
        &mut |_, page: ListPage<SystemUserItem>| {
            let seen = PageSeen {
                items: page.items.len(),
                total: page.total,
            };
            join.add_page(page.items);
            progress
                .directory_read
                .fetch_add(seen.items as u64, Ordering::Relaxed);
            if let Some(total) = seen.total {
                progress.directory_total.store(total, Ordering::Relaxed);
            }
            Ok(seen)
        },
        &stopped,
    )?;
    reads.push(("JumpCloud users".to_owned(), read));
    Ok(BoundScope {
        application,
        groups,
        users: join.finish(),
        reads,
    })
}

/// Reads a v2 graph list, handing each id on.
fn read_graph(
    source: &dyn ListSource,
    path: &str,
    list: &'static str,
    paging: SkipPaging,
    cancel: &AtomicBool,
    on_id: &mut dyn FnMut(String),
) -> Result<ListRead, ScopeReadError> {
    let mut without_id = 0usize;
    let mut read = read_pages(
        paging,
        cancel,
        &|skip| with_api_words(source.graph_page(path, skip)),
        &mut |_, page: ListPage<GraphItem>| {
            let seen = PageSeen {
                items: page.items.len(),
                total: page.total,
            };
            for item in page.items {
                match item.id {
                    Some(id) => on_id(id),
                    None => without_id += 1,
                }
            }
            Ok(seen)
        },
        &stopped,
    )?;
    if without_id > 0 {
        read.notes.push(format!(
            "{without_id} entr(ies) of the {list} had no id and were ignored"
        ));
    }
    Ok(read)
}

/// The page, its error in the scope's words.
async fn with_api_words<T: Send + 'static>(
    page: PageFuture<T>,
) -> Result<ListPage<T>, ScopeReadError> {
    page.await.map_err(ScopeReadError::Api)
}

fn stopped(stop: PagerStop) -> ScopeReadError {
    match stop {
        PagerStop::Cancelled => ScopeReadError::Cancelled,
        PagerStop::Failed(detail) => ScopeReadError::Api(format!("the read stopped: {detail}")),
    }
}

/// An id as one path segment: anything but letters, digits, `-` and `_` is
/// percent-encoded, so an id typed by the operator cannot reach another path.
fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.trim().bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl BoundScope {
    /// True when every list was read to its end without quirks that may hide users.
    pub fn is_complete(&self) -> bool {
        self.reads.iter().all(|(_, read)| read.complete)
    }

    /// The scope as the comparison records it, with the notes of the three reads. The
    /// counts are known once the comparison has set STAGED and SUSPENDED users apart.
    pub fn outcome(&self, compared: usize, staged_or_suspended: usize) -> ScopeOutcome {
        let mut notes = Vec::new();
        for (list, read) in &self.reads {
            notes.extend(
                read.notes
                    .iter()
                    .map(|note| format!("JumpCloud's {list}: {note}")),
            );
        }
        if !self.is_complete() {
            notes.push(
                "JumpCloud's lists may not have been read completely: some users of the bound \
                 groups may be missing from the comparison. Run it again."
                    .to_owned(),
            );
        }
        notes.extend(self.users.notes.iter().cloned());
        ScopeOutcome {
            scope: ComparisonScope::bound_groups(
                self.application.clone(),
                self.groups.clone(),
                compared,
                staged_or_suspended,
            ),
            members_not_in_export: Vec::new(),
            notes,
        }
    }
}

#[cfg(test)]
#[path = "bound_scope_tests.rs"]
mod tests;
