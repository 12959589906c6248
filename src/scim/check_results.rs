//! The results of a check run, as plain data: shown by the UI, printed by the CLI, saved with
//! their timestamp. Nothing in here ever holds the token.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::check_id::CheckId;
use crate::verdict::Verdict;

/// One check: what was asked, what came back, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Which check this is, for tests, the window and saved reports.
    pub id: CheckId,
    /// Name shown to the operator.
    pub name: String,
    pub status: Verdict,
    pub duration_ms: u64,
    /// Method and path, e.g. `GET /scim/v2/Users?startIndex=1&count=1`; never the token.
    pub request: Option<String>,
    pub http_status: Option<u16>,
    /// What was found, in one line (e.g. "the tenant has 42 users").
    pub summary: String,
    /// The start of the response body, cleaned of control characters and secrets.
    pub excerpt: Option<String>,
    /// What the result means and what to do about it.
    pub hint: Option<String>,
}

impl CheckResult {
    /// A result with only a name, status and summary; the builder methods add the rest.
    pub fn new(id: CheckId, name: &str, status: Verdict, summary: impl Into<String>) -> Self {
        Self {
            id,
            name: name.to_owned(),
            status,
            duration_ms: 0,
            request: None,
            http_status: None,
            summary: summary.into(),
            excerpt: None,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_request(mut self, request: impl Into<String>) -> Self {
        self.request = Some(request.into());
        self
    }
}

impl CheckResult {
    /// The result as text: `[PASS] name: summary (HTTP 200) [12 ms]`, then request and hint.
    pub fn to_text(&self) -> String {
        let mut out = format!("[{}] {}: {}", self.status.label(), self.name, self.summary);
        if let Some(status) = self.http_status {
            let _ = write!(out, " (HTTP {status})");
        }
        let _ = writeln!(out, " [{} ms]", self.duration_ms);
        if let Some(request) = &self.request {
            let _ = writeln!(out, "       request: {request}");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "       hint: {hint}");
        }
        out
    }
}

/// How the run as a whole ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    Completed,
    Cancelled,
    DeadlineExceeded,
}

/// Something the lifecycle suite created and could not delete: the operator must remove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leftover {
    /// `user` or `group`.
    pub kind: String,
    /// The SCIM id, when the server told us one.
    pub id: Option<String>,
    /// The userName or displayName.
    pub name: String,
}

/// `user 'name' (id 7)`: the one way a leftover is named, in the text report, the setup
/// report and the window.
impl std::fmt::Display for Leftover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = self.id.as_deref().unwrap_or("unknown id");
        write!(f, "{} '{}' (id {id})", self.kind, self.name)
    }
}

/// A whole run: timestamps (RFC 3339, UTC), the tenant URL, and each check in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub started_at: String,
    pub finished_at: String,
    /// Saved as the text; loads parsed.
    pub tenant_url: crate::tenant_url::TenantUrlInput,
    pub outcome: RunOutcome,
    pub results: Vec<CheckResult>,
    pub leftovers: Vec<Leftover>,
}

impl CheckReport {
    /// True when any check failed, the run did not complete, or something was left behind.
    pub fn has_failures(&self) -> bool {
        self.outcome != RunOutcome::Completed
            || !self.leftovers.is_empty()
            || self.results.iter().any(|r| r.status == Verdict::Fail)
    }

    /// The result with this id, if that check ran.
    pub fn result(&self, id: CheckId) -> Option<&CheckResult> {
        self.results.iter().find(|r| r.id == id)
    }

    /// The report as text: one line per check, its hint indented below. Used by the CLI and
    /// by "Copy results as text".
    pub fn to_text(&self) -> String {
        let mut out = format!("SCIM checks for {}\n", self.tenant_url);
        let _ = writeln!(
            out,
            "started {}, finished {}",
            self.started_at, self.finished_at
        );
        for result in &self.results {
            out.push_str(&result.to_text());
        }
        for leftover in &self.leftovers {
            let _ = writeln!(out, "LEFTOVER {leftover}: delete it in KnowBe4");
        }
        let verdict = match (self.outcome, self.has_failures()) {
            (RunOutcome::Cancelled, _) => "cancelled",
            (RunOutcome::DeadlineExceeded, _) => "stopped at the overall deadline",
            (_, true) => "FAILED",
            (_, false) => "all checks passed",
        };
        let _ = writeln!(out, "Result: {verdict}");
        out
    }
}

/// Longest excerpt kept from a response body, in characters.
pub const EXCERPT_CHARS: usize = 240;

/// The start of `body` as one clean line: control characters and runs of whitespace become
/// one space, each of `secrets` and any `Bearer ...` value is replaced by `[redacted]`.
pub fn sanitize_excerpt(body: &[u8], secrets: &[&str]) -> Option<String> {
    // Look at a bounded prefix only: a huge body must not cost time here.
    let prefix = &body[..body.len().min(16 * 1024)];
    let mut text = String::from_utf8_lossy(prefix).into_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(secret, "[redacted]");
    }
    let mut clean = String::with_capacity(EXCERPT_CHARS);
    let words = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty());
    let mut count = 0;
    let mut redact_next = false;
    for word in words {
        let word = if redact_next { "[redacted]" } else { word };
        redact_next = word.eq_ignore_ascii_case("bearer") || word.eq_ignore_ascii_case("\"bearer");
        for c in (if clean.is_empty() { "" } else { " " })
            .chars()
            .chain(word.chars())
        {
            if count == EXCERPT_CHARS {
                clean.push('…');
                return Some(clean);
            }
            clean.push(c);
            count += 1;
        }
    }
    (!clean.is_empty()).then_some(clean)
}

/// Now, as RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "unknown time".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_one_short_line_without_secrets() {
        let body = b"<html>\n\t<body>token s3cr3t and Authorization: Bearer abc.def</body></html>";
        let excerpt = sanitize_excerpt(body, &["s3cr3t"]).unwrap();
        assert!(!excerpt.contains("s3cr3t"));
        assert!(!excerpt.contains("abc.def"));
        assert!(!excerpt.contains('\n') && !excerpt.contains('\t'));
        let long = "x ".repeat(1000);
        let excerpt = sanitize_excerpt(long.as_bytes(), &[]).unwrap();
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(sanitize_excerpt(b"  \n ", &[]), None);
    }

    #[test]
    fn a_leftover_is_named_by_kind_name_and_id() {
        let mut leftover = Leftover {
            kind: "group".into(),
            name: "kb4-setup-test".into(),
            id: Some("g-1".into()),
        };
        assert_eq!(leftover.to_string(), "group 'kb4-setup-test' (id g-1)");
        leftover.id = None;
        assert_eq!(
            leftover.to_string(),
            "group 'kb4-setup-test' (id unknown id)"
        );
    }

    #[test]
    fn report_fails_on_fail_or_leftover_but_not_on_warnings() {
        let mut report = CheckReport {
            started_at: now_rfc3339(),
            finished_at: now_rfc3339(),
            tenant_url: "https://x.knowbe4.com/scim".into(),
            outcome: RunOutcome::Completed,
            results: vec![CheckResult::new(CheckId::Url, "A", Verdict::Warn, "meh")],
            leftovers: vec![],
        };
        assert!(!report.has_failures());
        assert!(report.to_text().contains("[WARN] A: meh"));
        report.leftovers.push(Leftover {
            kind: "user".into(),
            id: Some("7".into()),
            name: "t@x".into(),
        });
        assert!(report.has_failures());
        assert!(report.to_text().contains("LEFTOVER user 't@x' (id 7)"));
        report.leftovers.clear();
        report
            .results
            .push(CheckResult::new(CheckId::Tls, "B", Verdict::Fail, "no"));
        assert!(report.has_failures());
        let json = serde_json::to_string(&report).unwrap();
        assert_eq!(serde_json::from_str::<CheckReport>(&json).unwrap(), report);
    }
}
