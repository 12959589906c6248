//! Runs a suite on its own thread, never the caller's: the UI starts it, polls the handle each
//! frame without blocking, and may cancel it at any time; the CLI waits on it.
//!
//! The worker owns a single-threaded tokio runtime. The suites race a cancel signal and the
//! overall deadline, so a hanging request cannot hold the run: dropping the suite's future
//! drops the request. Cleanup of the lifecycle suite runs after that, within its own budget.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::check_id::CheckId;
use super::check_results::{CheckReport, CheckResult, RunOutcome, now_rfc3339};

use super::client::{ClientSettings, ScimHttp, load_extra_roots};
use super::probe::{SuiteEnv, random_hex};
use super::redact::Redactor;
pub use super::sink::RunEvent;
use super::sink::{ProgressCallback, Sink};
use super::{cleanup, lifecycle, readonly};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;
use crate::verdict::Verdict;

/// How long cleanup may take after a failure, timeout or cancel.
pub const CLEANUP_BUDGET: Duration = Duration::from_secs(15);

/// The lifecycle test user: an email the operator gives, or one generated on a domain the
/// operator gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestUser {
    Email(String),
    OnDomain(String),
}

impl TestUser {
    /// The userName (email) to create, or what is wrong with the input.
    pub fn user_name(&self) -> Result<String, String> {
        let email = match self {
            TestUser::Email(email) => email.trim().to_owned(),
            TestUser::OnDomain(domain) => {
                format!(
                    "kb4-setup-test-{}@{}",
                    random_hex(4),
                    domain.trim().trim_start_matches('@')
                )
            }
        };
        let valid = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
        if valid
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"')
        {
            Ok(email)
        } else {
            Err(format!(
                "'{email}' is not a usable test email; give an address such as scim-test@your-company.com"
            ))
        }
    }
}

/// What to check, and how.
pub struct RunRequest {
    pub tenant_url: TenantUrl,
    pub token: ScimToken,
    pub settings: ClientSettings,
    /// Group management is on (JumpCloud's checkbox): check the group endpoints too.
    pub groups: bool,
    /// Run the lifecycle suite with this test user. `None`: read-only.
    pub lifecycle: Option<TestUser>,
    /// The most the whole run may take; `None` picks one from the timeout and the suites.
    pub overall_deadline: Option<Duration>,
}

impl RunRequest {
    /// A read-only run with default settings.
    pub fn readonly(tenant_url: TenantUrl, token: ScimToken) -> Self {
        Self {
            tenant_url,
            token,
            settings: ClientSettings::default(),
            groups: false,
            lifecycle: None,
            overall_deadline: None,
        }
    }

    fn deadline(&self) -> Duration {
        self.overall_deadline
            .unwrap_or_else(|| run_budget(self.settings.timeout, self.lifecycle.is_some()))
    }
}

/// The whole run's budget in request timeouts, read-only and with the lifecycle suite; the
/// command line's help states them. Enough for every request to take its full timeout.
pub const READONLY_BUDGET_TIMEOUTS: u32 = 12;
pub const LIFECYCLE_BUDGET_TIMEOUTS: u32 = 24;
/// Added to the budget for setting up the client and the trust store.
pub const BUDGET_MARGIN: Duration = Duration::from_secs(5);

/// How long a run may take before it is stopped (cleanup of the lifecycle suite comes after,
/// within [`CLEANUP_BUDGET`]). Saturates instead of overflowing for any timeout.
pub fn run_budget(timeout: Duration, lifecycle: bool) -> Duration {
    let timeouts = if lifecycle {
        LIFECYCLE_BUDGET_TIMEOUTS
    } else {
        READONLY_BUDGET_TIMEOUTS
    };
    timeout
        .saturating_mul(timeouts)
        .saturating_add(BUDGET_MARGIN)
}

/// A running (or finished) check run. Dropping it cancels the run.
pub struct RunHandle {
    cancel: watch::Sender<bool>,
    events: Receiver<RunEvent>,
    thread: Option<JoinHandle<()>>,
    finished: bool,
}

/// Starts a run on a new thread. `on_progress` is called after each result and at the end
/// (the UI passes its repaint request).
pub fn start(request: RunRequest, on_progress: Option<ProgressCallback>) -> RunHandle {
    let (events_tx, events) = mpsc::channel();
    let (cancel, cancel_rx) = watch::channel(false);
    let sink =
        Sink::new(Some(events_tx), on_progress).redacting(Redactor::for_token(&request.token));
    let thread = std::thread::Builder::new()
        .name("scim-checks".into())
        .spawn(move || worker(request, sink, cancel_rx));
    let (thread, finished) = match thread {
        Ok(thread) => (Some(thread), false),
        Err(_) => (None, true),
    };
    RunHandle {
        cancel,
        events,
        thread,
        finished,
    }
}

impl RunHandle {
    /// Asks the run to stop. It ends promptly, after deleting what the lifecycle suite created.
    pub fn cancel(&self) {
        let _ = self.cancel.send(true);
    }

    /// The next event if one is ready; never blocks (call it every frame).
    pub fn try_next(&mut self) -> Option<RunEvent> {
        match self.events.try_recv() {
            Ok(event) => {
                self.finished |= matches!(event, RunEvent::Finished(_));
                Some(event)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.finished = true;
                None
            }
        }
    }

    /// Blocks until the next event; `None` once the run is over and every event was read.
    pub fn recv(&mut self) -> Option<RunEvent> {
        let event = self.events.recv().ok();
        self.finished |= !matches!(event, Some(RunEvent::Result(_)));
        event
    }

    /// True once the final report was delivered (or the worker is gone).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Blocks until the run ends and returns its report (for the CLI and tests).
    pub fn wait(mut self) -> Option<CheckReport> {
        let mut report = None;
        while let Ok(event) = self.events.recv() {
            if let RunEvent::Finished(done) = event {
                report = Some(done);
                break;
            }
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        report
    }
}

impl Drop for RunHandle {
    fn drop(&mut self) {
        // Do not join: dropping must never block the UI. The worker notices and ends.
        let _ = self.cancel.send(true);
    }
}

/// Runs a whole check on the calling thread's behalf and returns the report (blocking).
pub fn run_blocking(request: RunRequest) -> Option<CheckReport> {
    start(request, None).wait()
}

fn worker(request: RunRequest, sink: Sink, cancel: watch::Receiver<bool>) {
    let started_at = now_rfc3339();
    let outcome = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(drive(&request, &sink, cancel)),
        Err(error) => {
            let result = CheckResult::new(
                CheckId::Run,
                "Run",
                Verdict::Fail,
                format!("the check worker could not start: {error}"),
            );
            sink.push_timed(result);
            RunOutcome::Completed
        }
    };
    sink.finish(CheckReport {
        started_at,
        finished_at: now_rfc3339(),
        tenant_url: request.tenant_url.clone().into(),
        outcome,
        results: sink.results(),
        leftovers: sink.outstanding(),
    });
}

async fn drive(request: &RunRequest, sink: &Sink, mut cancel: watch::Receiver<bool>) -> RunOutcome {
    readonly::check_url(&request.tenant_url, sink);
    let env = match build_env(request) {
        Ok(env) => env,
        Err(message) => {
            let result = CheckResult::new(
                CheckId::ClientSetup,
                "Connection settings",
                Verdict::Fail,
                message,
            )
            .with_hint("Fix the extra CA file or the proxy setting, then run again.");
            sink.push_timed(result);
            return RunOutcome::Completed;
        }
    };
    let user_name = request.lifecycle.as_ref().map(TestUser::user_name);
    let suites = async {
        let findings = readonly::run(&env, sink).await;
        match &user_name {
            Some(Ok(user_name)) => lifecycle::run(&env, sink, user_name, &findings).await,
            Some(Err(problem)) => sink.push_timed(
                CheckResult::new(
                    lifecycle::STEPS[0].0,
                    lifecycle::STEPS[0].1,
                    Verdict::Fail,
                    problem.clone(),
                )
                .with_hint("Give a new, unique test email, or a domain to generate one on."),
            ),
            None => {}
        }
    };
    let deadline = request.deadline();
    let started = Instant::now();
    if let Some(at) = started.checked_add(deadline) {
        env.set_deadline(at);
    }
    let outcome = tokio::select! {
        () = suites => RunOutcome::Completed,
        () = cancelled(&mut cancel) => RunOutcome::Cancelled,
        () = tokio::time::sleep(deadline) => RunOutcome::DeadlineExceeded,
    };
    match outcome {
        RunOutcome::Cancelled => sink.push(
            CheckResult::new(
                CheckId::Run,
                "Run",
                Verdict::Skip,
                "cancelled; the remaining checks did not run",
            ),
            started,
        ),
        RunOutcome::DeadlineExceeded => {
            sink.push(deadline_result(deadline, env.rate_limited()), started)
        }
        RunOutcome::Completed => {}
    }
    if request.lifecycle.is_some() {
        cleanup::cleanup(&env, sink, CLEANUP_BUDGET).await;
    }
    outcome
}

/// The result that says the run was stopped at its deadline, and why that probably happened.
fn deadline_result(deadline: Duration, rate_limited: bool) -> CheckResult {
    let summary = format!(
        "stopped at the overall deadline of {} s",
        deadline.as_secs()
    );
    let hint = if rate_limited {
        "The server is rate limiting the checks (429 Too Many Requests), so they could not finish \
         in time. Wait a few minutes and run them again."
    } else {
        "The checks took too long; the network or the server is very slow. Run again, or raise \
         the timeout."
    };
    CheckResult::new(CheckId::Run, "Run", Verdict::Fail, summary).with_hint(hint)
}

/// Resolves when the handle asked to cancel, or was dropped.
async fn cancelled(cancel: &mut watch::Receiver<bool>) {
    let _ = cancel.wait_for(|stop| *stop).await;
}

fn build_env(request: &RunRequest) -> Result<SuiteEnv, String> {
    let tenant = &request.tenant_url;
    let base = url::Url::parse(tenant.as_str()).map_err(|e| e.to_string())?;
    let extra_roots = match &request.settings.extra_ca_file {
        Some(path) => load_extra_roots(path).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let http = ScimHttp::trusting(
        tenant,
        request.token.clone(),
        &request.settings,
        &extra_roots,
    )
    .map_err(|e| e.to_string())?;
    Ok(SuiteEnv::new(
        http,
        base,
        request.settings.clone(),
        extra_roots,
        request.groups,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_user_emails_are_checked_and_generated() {
        assert_eq!(
            TestUser::Email(" a@b.com ".into()).user_name(),
            Ok("a@b.com".into())
        );
        for bad in ["", "a", "a@b", "@b.com", "a b@c.com", "a@b.com@c.com"] {
            assert!(TestUser::Email(bad.into()).user_name().is_err(), "{bad}");
        }
        let generated = TestUser::OnDomain("@corp.example".into())
            .user_name()
            .unwrap();
        assert!(
            generated.starts_with("kb4-setup-test-") && generated.ends_with("@corp.example"),
            "{generated}"
        );
        assert_ne!(
            generated,
            TestUser::OnDomain("corp.example".into())
                .user_name()
                .unwrap()
        );
    }

    #[test]
    fn the_run_budget_saturates_for_any_timeout() {
        let ten = Duration::from_secs(10);
        assert_eq!(run_budget(ten, false), Duration::from_secs(125));
        assert_eq!(run_budget(ten, true), Duration::from_secs(245));
        assert_eq!(run_budget(Duration::MAX, true), Duration::MAX);
        let mut request = RunRequest::readonly(
            TenantUrl::parse("https://x.knowbe4.com/scim").unwrap(),
            ScimToken::from_checked("t".to_owned()),
        );
        request.settings.timeout = Duration::from_secs(u64::MAX);
        request.lifecycle = Some(TestUser::OnDomain("corp.example".into()));
        assert_eq!(request.deadline(), Duration::MAX);
    }
}
