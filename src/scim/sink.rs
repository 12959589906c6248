//! Where the suites put each result as it finishes: kept for the final report, sent to the
//! handle's channel, and announced through the on-progress callback (the UI's repaint).
//!
//! The sink lives on the worker thread only; the suites borrow it, so results written before a
//! cancel survive the suite's future being dropped.

use std::cell::RefCell;
use std::sync::mpsc::Sender;
use std::time::Instant;

use super::check_id::CheckId;
use super::check_results::{CheckReport, CheckResult, Leftover};
use super::redact::Redactor;

/// What the handle delivers: each result as it finishes, then the final report once.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    Result(CheckResult),
    Finished(CheckReport),
}

/// Called after each result: the UI passes its repaint request here.
pub type ProgressCallback = Box<dyn Fn() + Send>;

/// Collects results and what the lifecycle suite created.
#[derive(Default)]
pub struct Sink {
    results: RefCell<Vec<CheckResult>>,
    created: RefCell<Vec<Leftover>>,
    events: Option<Sender<RunEvent>>,
    on_progress: Option<ProgressCallback>,
    /// Removes the token from every result before it is kept or sent.
    redactor: Redactor,
}

impl Sink {
    pub fn new(events: Option<Sender<RunEvent>>, on_progress: Option<ProgressCallback>) -> Self {
        Self {
            events,
            on_progress,
            ..Self::default()
        }
    }

    /// Redacts every result and the final report with `redactor` (the run's token).
    pub fn redacting(mut self, redactor: Redactor) -> Self {
        self.redactor = redactor;
        self
    }

    /// Records a finished check, with its duration measured from `started`.
    pub fn push(&self, mut result: CheckResult, started: Instant) {
        result.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.push_timed(result);
    }

    /// Records a result whose duration is already set (or meaningless, as for skipped ones).
    pub fn push_timed(&self, mut result: CheckResult) {
        self.redactor.result(&mut result);
        self.results.borrow_mut().push(result.clone());
        if let Some(events) = &self.events {
            // The receiver may be gone (the UI dropped the handle); the run then ends anyway.
            let _ = events.send(RunEvent::Result(result));
        }
        self.notify();
    }

    /// Wakes the listener (the UI) without a new result, e.g. when the run finishes.
    pub fn notify(&self) {
        if let Some(callback) = &self.on_progress {
            callback();
        }
    }

    pub fn results(&self) -> Vec<CheckResult> {
        self.results.borrow().clone()
    }

    /// True when a check with this id already has a result.
    pub fn has(&self, id: CheckId) -> bool {
        self.results.borrow().iter().any(|r| r.id == id)
    }

    /// Notes something the lifecycle suite created (and so must delete).
    pub fn created(&self, item: Leftover) {
        self.created.borrow_mut().push(item);
    }

    /// Forgets a created item once it is deleted.
    pub fn deleted(&self, kind: &str, id: &str) {
        self.created
            .borrow_mut()
            .retain(|c| !(c.kind == kind && c.id.as_deref() == Some(id)));
    }

    /// Forgets a created item by name: it turned out not to be ours (it existed before) or
    /// not to exist at all.
    pub fn forget(&self, kind: &str, name: &str) {
        self.created
            .borrow_mut()
            .retain(|c| !(c.kind == kind && c.name == name && c.id.is_none()));
    }

    /// Updates the id of a created item whose id was unknown (found again by name).
    pub fn identified(&self, kind: &str, name: &str, id: &str) {
        for item in self.created.borrow_mut().iter_mut() {
            if item.kind == kind && item.name == name && item.id.is_none() {
                item.id = Some(id.to_owned());
            }
        }
    }

    /// What is still created and not deleted.
    pub fn outstanding(&self) -> Vec<Leftover> {
        self.created.borrow().clone()
    }

    /// Sends the final report to the handle.
    pub fn finish(&self, mut report: super::check_results::CheckReport) {
        self.redactor.check_report(&mut report);
        if let Some(events) = &self.events {
            let _ = events.send(RunEvent::Finished(report));
        }
        self.notify();
    }
}
