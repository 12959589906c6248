//! Runs a reconciliation on a background thread, with progress, cancel and a result the
//! UI polls each frame (it never blocks the UI thread).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::token::ScimToken;

use super::bound_scope::{
    ListSource, ScopePaging, ScopeProgress, ScopeReadError, read_bound_scope,
};
use super::paging::{PagingConfig, PagingError, PagingProgress, ProgressSnapshot, read_all_users};
use super::reconcile::{ReconcileReport, Reconciler};
use super::scope::{ScopeApplication, ScopeSource};
use super::users_csv::CsvUser;
use crate::background::{Poll, Task};

/// Reads the whole tenant and reconciles it against `rows`. Blocking; the building block
/// of [`ReconcileJob`] and of the CLI. `on_page` is called after each page (e.g. to
/// request a repaint).
pub fn reconcile_tenant(
    config: &PagingConfig,
    token: &ScimToken,
    rows: Vec<CsvUser>,
    cancel: &AtomicBool,
    progress: &PagingProgress,
    on_page: &dyn Fn(),
) -> Result<ReconcileReport, PagingError> {
    let mut reconciler = Reconciler::new(rows);
    let summary = read_all_users(config, token, cancel, progress, &mut |users| {
        reconciler.add_page(users);
        on_page();
    })?;
    Ok(reconciler.finish(Some(summary)))
}

/// [`reconcile_tenant`] of the export rows `scope` keeps; the report says which scope that
/// was. A scope that cannot be applied ends the run before the tenant is asked.
pub fn reconcile_scoped(
    config: &PagingConfig,
    token: &ScimToken,
    rows: Vec<CsvUser>,
    scope: &ScopeSource,
    cancel: &AtomicBool,
    progress: &PagingProgress,
    on_page: &dyn Fn(),
) -> Result<ReconcileReport, PagingError> {
    let scoped = scope
        .apply(rows)
        .map_err(|error| PagingError::Scope(error.to_string()))?;
    let report = reconcile_tenant(config, token, scoped.rows, cancel, progress, on_page)?;
    Ok(report.with_scope(scoped.outcome))
}

/// Where a comparison's scope is read from: the groups bound to `application` in
/// JumpCloud, read through `source` with `paging`, counted into `progress` as it goes.
pub struct BoundGroups<'a> {
    pub source: &'a dyn ListSource,
    pub application: ScopeApplication,
    pub paging: ScopePaging,
    pub progress: &'a ScopeProgress,
}

/// [`reconcile_tenant`] of the users JumpCloud reaches through the groups bound to the
/// application, read first. STAGED and SUSPENDED users are set apart; the report says which
/// application and groups were used. A scope that cannot be read ends the run before the
/// tenant is asked.
pub fn reconcile_bound_groups(
    config: &PagingConfig,
    token: &ScimToken,
    scope_from: BoundGroups<'_>,
    cancel: &AtomicBool,
    progress: &PagingProgress,
    on_page: &dyn Fn(),
) -> Result<ReconcileReport, PagingError> {
    let BoundGroups {
        source,
        application,
        paging,
        progress: scope_progress,
    } = scope_from;
    let mut scope =
        read_bound_scope(source, application, paging, cancel, scope_progress).map_err(|error| {
            match error {
                ScopeReadError::Cancelled => PagingError::Cancelled,
                error => PagingError::Scope(error.to_string()),
            }
        })?;
    on_page();
    // The rows move into the comparison; the scope keeps their states and its notes.
    let rows = std::mem::take(&mut scope.users.rows);
    let in_scope = rows.len();
    let report = reconcile_tenant(config, token, rows, cancel, progress, on_page)?
        .set_apart_by_state(&scope.users.states);
    let apart = report.staged_or_suspended.len();
    let compared = in_scope.saturating_sub(apart);
    let mut report = report.with_scope(scope.outcome(compared, apart));
    report.scope_incomplete = !scope.is_complete();
    Ok(report)
}

/// A reconciliation running on its own thread: a [`Task`] for its report, with counters the
/// worker updates after each page and a flag that asks it to stop.
#[derive(Debug)]
pub struct ReconcileJob {
    progress: Arc<PagingProgress>,
    /// How far the JumpCloud scope has been read (bound-groups runs only).
    scope_progress: Arc<ScopeProgress>,
    cancel: Arc<AtomicBool>,
    result: Task<Result<ReconcileReport, PagingError>>,
}

/// What the worker of a [`ReconcileJob`] reports to and is stopped by.
struct WorkerHandles<'a> {
    progress: &'a PagingProgress,
    scope_progress: &'a ScopeProgress,
    cancel: &'a AtomicBool,
    on_page: &'a dyn Fn(),
}

/// The JumpCloud scope's counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScopeReadSnapshot {
    pub groups: u64,
    pub users_in_scope: u64,
    pub directory_read: u64,
    pub directory_total: u64,
}

/// What a poll of the job found.
#[derive(Debug, Clone, PartialEq)]
pub enum JobState {
    Running(ProgressSnapshot),
    /// Boxed: a whole report is much larger than a progress snapshot.
    Finished(Box<Result<ReconcileReport, PagingError>>),
}

impl ReconcileJob {
    /// Starts the job. `notify` is called from the worker after each page and at the end,
    /// so a UI can call `ctx.request_repaint()` and stay idle otherwise.
    pub fn start(
        config: PagingConfig,
        token: ScimToken,
        rows: Vec<CsvUser>,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Self {
        Self::start_scoped(config, token, rows, ScopeSource::WholeExport, notify)
    }

    /// [`ReconcileJob::start`] comparing only the rows `scope` keeps; the scope is applied
    /// on the worker thread, since a column scope reads the export again.
    pub fn start_scoped(
        config: PagingConfig,
        token: ScimToken,
        rows: Vec<CsvUser>,
        scope: ScopeSource,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Self {
        Self::spawn(notify, move |run| {
            reconcile_scoped(
                &config,
                &token,
                rows,
                &scope,
                run.cancel,
                run.progress,
                run.on_page,
            )
        })
    }

    /// Starts a comparison of the users reached through the groups bound to `application`,
    /// read from JumpCloud with `source` (a client of its own), against the tenant.
    pub fn start_bound_groups<S: ListSource + Send + 'static>(
        config: PagingConfig,
        token: ScimToken,
        source: S,
        application: ScopeApplication,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Self {
        Self::spawn(notify, move |run| {
            let scope_from = BoundGroups {
                source: &source,
                application,
                paging: ScopePaging::default(),
                progress: run.scope_progress,
            };
            reconcile_bound_groups(
                &config,
                &token,
                scope_from,
                run.cancel,
                run.progress,
                run.on_page,
            )
        })
    }

    /// Runs `work` on its own thread with the job's counters, cancel flag and `notify`
    /// (called after each page and at the end).
    fn spawn(
        notify: Box<dyn Fn() + Send + Sync>,
        work: impl FnOnce(WorkerHandles<'_>) -> Result<ReconcileReport, PagingError> + Send + 'static,
    ) -> Self {
        let progress = Arc::new(PagingProgress::default());
        let scope_progress = Arc::new(ScopeProgress::default());
        let cancel = Arc::new(AtomicBool::new(false));
        let worker = (
            Arc::clone(&progress),
            Arc::clone(&scope_progress),
            Arc::clone(&cancel),
        );
        let notify = Arc::new(notify);
        let notify_at_end = Arc::clone(&notify);
        let result = Task::spawn_then(
            move || {
                let (progress, scope_progress, cancel) = &worker;
                work(WorkerHandles {
                    progress,
                    scope_progress,
                    cancel,
                    on_page: &**notify,
                })
            },
            move || notify_at_end(),
        );
        Self {
            progress,
            scope_progress,
            cancel,
            result,
        }
    }

    /// How far the JumpCloud scope has been read: users in scope found so far, and the
    /// directory's users read and its count (0 while unknown).
    pub fn scope_read(&self) -> ScopeReadSnapshot {
        let load = |counter: &std::sync::atomic::AtomicU64| counter.load(Ordering::Relaxed);
        ScopeReadSnapshot {
            groups: load(&self.scope_progress.groups),
            users_in_scope: load(&self.scope_progress.users_in_scope),
            directory_read: load(&self.scope_progress.directory_read),
            directory_total: load(&self.scope_progress.directory_total),
        }
    }

    /// The counters right now.
    pub fn progress(&self) -> ProgressSnapshot {
        self.progress.snapshot()
    }

    /// Asks the worker to stop; it finishes with `Err(PagingError::Cancelled)` within about
    /// a tenth of a second, or when the request in flight times out.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Non-blocking poll. Returns `Finished` once; later polls return the error `Cancelled`
    /// if the worker vanished.
    pub fn poll(&mut self) -> JobState {
        match self.result.poll() {
            Poll::Done(outcome) => JobState::Finished(Box::new(outcome)),
            Poll::Running => JobState::Running(self.progress()),
            Poll::Vanished => JobState::Finished(Box::new(Err(PagingError::Cancelled))),
        }
    }
}

impl Drop for ReconcileJob {
    /// Dropping a running job cancels it; the thread ends on its own.
    fn drop(&mut self) {
        self.cancel();
    }
}
