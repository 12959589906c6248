//! One HTTP check, done the same way for every suite: skip when the host is already known to be
//! unreachable, send, wait once if a 429 asks to, judge the answer, and record the result with
//! its request line, status and a clean excerpt.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use reqwest::Method;
use rustls::pki_types::CertificateDer;
use serde_json::Value;
use url::Url;

use super::check_id::CheckId;
use super::check_results::CheckResult;

use super::client::{ClientSettings, HttpExchange, ScimHttp};
use super::hints::{self, AnswerVerdict};
use super::retry::RetryPolicy;
use super::scim_json::{Body, classify_body};
use super::sink::Sink;
use crate::verdict::Verdict;

/// Everything a suite needs once the URL passed its rules and the client is built.
pub struct SuiteEnv {
    pub http: ScimHttp,
    pub base: Url,
    pub settings: ClientSettings,
    pub extra_roots: Vec<CertificateDer<'static>>,
    pub groups: bool,
    /// Why the host cannot be reached, once a request showed it; later checks are skipped.
    broken: RefCell<Option<String>>,
    /// When the run's budget ends: a `Retry-After` wait that would pass it is not waited.
    deadline: Cell<Option<Instant>>,
    /// A request was still refused with 429 after the wait, or the wait did not fit.
    rate_limited: Cell<bool>,
}

/// Why the checks after a persistent 429 are skipped.
pub const RATE_LIMITED: &str = "the server is rate limiting the checks (429 Too Many Requests \
    even after waiting); more requests now would only prolong it";

/// One request to make, relative to the base URL.
pub struct Probe<'a> {
    pub id: CheckId,
    pub name: &'a str,
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub json: Option<Value>,
    /// Failures of this check are only warnings (e.g. optional discovery endpoints).
    pub warn_only: bool,
}

impl<'a> Probe<'a> {
    pub fn get(id: CheckId, name: &'a str, path: impl Into<String>) -> Self {
        Self {
            id,
            name,
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            json: None,
            warn_only: false,
        }
    }

    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn with_method(mut self, method: Method, json: Option<Value>) -> Self {
        self.method = method;
        self.json = json;
        self
    }

    pub fn warn_only(mut self) -> Self {
        self.warn_only = true;
        self
    }
}

/// What a probe got back, for the checks that use the answer further.
pub struct Answer {
    pub status: Verdict,
    pub exchange: HttpExchange,
    pub body: Body,
}

impl SuiteEnv {
    pub fn new(
        http: ScimHttp,
        base: Url,
        settings: ClientSettings,
        extra_roots: Vec<CertificateDer<'static>>,
        groups: bool,
    ) -> Self {
        Self {
            http,
            base,
            settings,
            extra_roots,
            groups,
            broken: RefCell::new(None),
            deadline: Cell::new(None),
            rate_limited: Cell::new(false),
        }
    }

    /// Sets when the run's budget ends.
    pub fn set_deadline(&self, at: Instant) {
        self.deadline.set(Some(at));
    }

    /// True once the server kept answering 429 Too Many Requests.
    pub fn rate_limited(&self) -> bool {
        self.rate_limited.get()
    }

    /// Whether waiting `wait` and then sending once more still fits in the run's budget.
    fn wait_fits(&self, wait: Duration) -> bool {
        let Some(deadline) = self.deadline.get() else {
            return true;
        };
        let needed = wait.saturating_add(self.settings.timeout);
        Instant::now()
            .checked_add(needed)
            .is_some_and(|done| done < deadline)
    }

    /// Records that the host cannot be reached, so the following checks are skipped.
    pub fn mark_broken(&self, reason: String) {
        self.broken.borrow_mut().get_or_insert(reason);
    }

    /// Why the host is unreachable, if a check showed it.
    pub fn broken(&self) -> Option<String> {
        self.broken.borrow().clone()
    }

    /// Records a skipped check with its reason.
    pub fn skip(&self, sink: &Sink, id: CheckId, name: &str, reason: &str) {
        sink.push_timed(CheckResult::new(
            id,
            name,
            Verdict::Skip,
            format!("skipped: {reason}"),
        ));
    }

    /// Runs `probe` and records its result. `judge` sees every answer first; when it returns
    /// `None` the common status hints apply (and a 2xx passes). Returns the answer, or `None`
    /// when the check was skipped or got no HTTP answer.
    pub async fn probe(
        &self,
        sink: &Sink,
        probe: Probe<'_>,
        judge: impl FnOnce(&HttpExchange, &Body) -> Option<AnswerVerdict>,
    ) -> Option<Answer> {
        if let Some(reason) = self.broken() {
            self.skip(sink, probe.id, probe.name, &reason);
            return None;
        }
        let query: Vec<(&str, &str)> = probe
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let request_line = self.http.request_line(&probe.method, &probe.path, &query);
        let started = Instant::now();
        let mut waited = None;
        let mut retries = 0;
        let sent = loop {
            let sent = self
                .http
                .send(
                    probe.method.clone(),
                    &probe.path,
                    &query,
                    probe.json.as_ref(),
                )
                .await;
            match &sent {
                Ok(exchange) if exchange.status == 429 => {
                    retries += 1;
                    let wait = RetryPolicy::CHECKS.wait_before(
                        retries,
                        exchange.status,
                        exchange.retry_after.as_deref(),
                    );
                    match wait {
                        Some(wait) if self.wait_fits(wait) => {
                            tokio::time::sleep(wait).await;
                            waited = Some(wait);
                        }
                        _ => {
                            self.rate_limited.set(true);
                            break sent;
                        }
                    }
                }
                _ => break sent,
            }
        };
        if self.rate_limited() {
            self.mark_broken(RATE_LIMITED.to_owned());
        }
        let mut result =
            CheckResult::new(probe.id, probe.name, Verdict::Fail, "").with_request(request_line);
        let exchange = match sent {
            Ok(exchange) => exchange,
            Err(error) => {
                let verdict = hints::request_error_verdict(&error);
                if hints::breaks_transport(&error) {
                    self.mark_broken(format!("an earlier request failed ({error})"));
                }
                apply(&mut result, verdict);
                sink.push(result, started);
                return None;
            }
        };
        let body = classify_body(exchange.content_type.as_deref(), &exchange.body);
        let mut verdict = judge(&exchange, &body)
            .or_else(|| hints::status_verdict(&exchange, &self.base))
            .unwrap_or_else(|| AnswerVerdict::pass(format!("HTTP {}", exchange.status)));
        if let Some(wait) = waited {
            verdict.summary = format!(
                "{} (after a 429 asked to wait {} s, and the checks did)",
                verdict.summary,
                wait.as_secs()
            );
            if verdict.status == Verdict::Pass {
                verdict.status = Verdict::Warn;
                verdict.hint.get_or_insert_with(|| {
                    "The server rate-limited the checks once; they waited and went on.".to_owned()
                });
            }
        }
        // A redirect that stopped the request tells its own story in its verdict.
        let note = exchange.redirects.followed_note();
        if let Some(note) = note.filter(|_| exchange.redirects.stop.is_none()) {
            verdict.summary = format!("{} ({note})", verdict.summary);
        }
        // Rate limiting stops the checks that follow, so it fails even an optional check.
        let stops_the_run = exchange.status == 429 && self.rate_limited();
        if probe.warn_only && verdict.status == Verdict::Fail && !stops_the_run {
            verdict.status = Verdict::Warn;
        }
        result.http_status = Some(exchange.status);
        result.excerpt = self.http.excerpt(&exchange.body);
        apply(&mut result, verdict);
        let status = result.status;
        sink.push(result, started);
        Some(Answer {
            status,
            exchange,
            body,
        })
    }
}

fn apply(result: &mut CheckResult, verdict: AnswerVerdict) {
    result.status = verdict.status;
    result.summary = verdict.summary;
    result.hint = verdict.hint;
}

/// `count` random bytes as lowercase hex, for unique test names.
pub fn random_hex(count: usize) -> String {
    use ring::rand::SecureRandom;
    let mut bytes = vec![0u8; count];
    // A failing system RNG is practically impossible; fall back to the clock rather than panic.
    if ring::rand::SystemRandom::new().fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        bytes
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (nanos >> (i % 16 * 8)) as u8);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
