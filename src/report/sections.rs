//! The parts of the setup report: one value with its state, the certificate, the last check
//! run and the steps; and the cleaning every text goes through before it enters the report.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use crate::certificate::CertificateInfo;
use crate::scim::check_results::{CheckReport, RunOutcome};
use crate::settings::{Settings, SetupValues};
use crate::steps::{StepId, attention, content, step_status};

/// One value of the setup, as the operator left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportValue {
    Value {
        text: String,
    },
    /// The operator has not entered it yet.
    NotEntered,
    /// Entered, but wrong: the text as entered and what is wrong with it.
    Invalid {
        text: String,
        problem: String,
    },
    /// A computed value that cannot be computed yet, and why.
    Unavailable {
        reason: String,
    },
}

impl ReportValue {
    pub fn value(text: &str) -> ReportValue {
        ReportValue::Value { text: clean(text) }
    }

    /// A value typed by the operator: empty (or only spaces) is "not entered".
    pub fn entered(raw: &str) -> ReportValue {
        if raw.trim().is_empty() {
            ReportValue::NotEntered
        } else {
            ReportValue::value(raw.trim())
        }
    }

    pub fn invalid(text: &str, problem: &str) -> ReportValue {
        ReportValue::Invalid {
            text: clean(text),
            problem: clean(problem),
        }
    }

    pub fn unavailable(reason: &str) -> ReportValue {
        ReportValue::Unavailable {
            reason: clean(reason),
        }
    }
}

/// The IdP certificate: its file, what it says, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateSection {
    /// The file's name only (not its folder), as in the pre-flight records.
    pub file: ReportValue,
    pub details: Option<CertificateDetails>,
    /// Why the certificate step needs attention: a vanished or changed file, expiry...
    pub problems: Vec<String>,
}

/// What the report shows of a certificate: public facts and fingerprints, never key bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateDetails {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    /// The validity sentence at the report's time, e.g. `Valid for 300 more days.`
    pub validity: String,
    pub key: String,
    pub signature_algorithm: String,
    pub self_signed: bool,
    pub sha1: String,
    pub sha256: String,
    pub warnings: Vec<String>,
}

impl CertificateSection {
    pub(crate) fn build(
        values: &SetupValues,
        info: Option<&CertificateInfo>,
        note: Option<&str>,
        now: OffsetDateTime,
    ) -> CertificateSection {
        let file = match (&values.certificate_path, info) {
            (Some(path), _) => path
                .file_name()
                .map(|name| ReportValue::value(&name.to_string_lossy()))
                .unwrap_or_else(|| ReportValue::value(&path.display().to_string())),
            (None, Some(_)) => ReportValue::value("(pasted or dropped, not from a file)"),
            (None, None) => ReportValue::NotEntered,
        };
        let mut problems: Vec<String> = note.map(clean).into_iter().collect();
        let details = info.map(|info| {
            let validity = info.validity(now);
            if validity.is_problem() {
                // The same wording as the window's certificate step.
                problems.push(format!("The IdP certificate: {}", validity.message()));
            }
            CertificateDetails {
                subject: clean(&info.subject),
                issuer: clean(&info.issuer),
                serial: clean(&info.serial),
                not_before: clean(&info.not_before),
                not_after: clean(&info.not_after),
                validity: validity.message(),
                key: clean(&info.key_summary()),
                signature_algorithm: clean(&info.signature_algorithm),
                self_signed: info.self_signed,
                sha1: clean(&info.sha1),
                sha256: clean(&info.sha256),
                warnings: info.warnings.iter().map(|w| clean(w)).collect(),
            }
        });
        CertificateSection {
            file,
            details,
            problems,
        }
    }
}

/// The last SCIM connection check run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSection {
    pub started_at: String,
    pub finished_at: String,
    pub tenant_url: String,
    /// `all checks passed`, `FAILED`, `cancelled`, `stopped at the overall deadline`.
    pub verdict: String,
    pub results: Vec<CheckLine>,
    /// Test users or groups the lifecycle checks could not delete, one sentence each.
    pub leftovers: Vec<String>,
}

/// One check of the run. Response excerpts are left out: they are server text, not findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckLine {
    pub name: String,
    /// `PASS`, `WARN`, `FAIL` or `SKIP`.
    pub status: String,
    pub http_status: Option<u16>,
    pub summary: String,
    pub hint: Option<String>,
}

impl CheckSection {
    pub(crate) fn from_report(report: &CheckReport) -> CheckSection {
        let verdict = match (report.outcome, report.has_failures()) {
            (RunOutcome::Cancelled, _) => "cancelled",
            (RunOutcome::DeadlineExceeded, _) => "stopped at the overall deadline",
            (_, true) => "FAILED",
            (_, false) => "all checks passed",
        };
        CheckSection {
            started_at: clean(&report.started_at),
            finished_at: clean(&report.finished_at),
            tenant_url: clean(report.tenant_url.text()),
            verdict: verdict.to_owned(),
            results: report
                .results
                .iter()
                .map(|result| CheckLine {
                    name: clean(&result.name),
                    status: result.status.label().to_owned(),
                    http_status: result.http_status,
                    summary: clean(&result.summary),
                    hint: result.hint.as_deref().map(clean),
                })
                .collect(),
            leftovers: report
                .leftovers
                .iter()
                .map(|leftover| {
                    clean(&format!(
                        "Test {leftover} was left in KnowBe4: delete it there."
                    ))
                })
                .collect(),
        }
    }
}

/// One step of the wizard as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepLine {
    /// From 1, in wizard order.
    pub number: usize,
    pub group: String,
    pub title: String,
    /// `Not started`, `In progress`, `Done` or `Needs attention`.
    pub status: String,
    pub ticks: Vec<TickLine>,
    /// Why the step needs attention, if it does.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickLine {
    pub label: String,
    pub ticked: bool,
}

/// Every step with its ticks and status, judged as the window judges them.
pub(crate) fn step_lines(settings: &Settings, certificate_problems: &[String]) -> Vec<StepLine> {
    StepId::ALL
        .into_iter()
        .map(|step| {
            let mut problems = attention::settings_problems(step, settings);
            if step == StepId::IdpCertificate {
                problems.extend(certificate_problems.iter().cloned());
            }
            let status = step_status(step, settings, &problems);
            StepLine {
                number: step.index() + 1,
                group: step.group().title().to_owned(),
                title: step.title().to_owned(),
                status: status.label().to_owned(),
                ticks: content(step)
                    .ticks
                    .iter()
                    .map(|tick| TickLine {
                        label: tick.label.to_owned(),
                        ticked: settings.is_ticked(step, tick.id),
                    })
                    .collect(),
                problems: problems.iter().map(|p| clean(p)).collect(),
            }
        })
        .collect()
}

/// `2026-11-28T20:52:33Z`: UTC, whole seconds.
pub(crate) fn rfc3339(now: OffsetDateTime) -> String {
    let utc = now.to_offset(UtcOffset::UTC);
    let utc = utc.replace_nanosecond(0).unwrap_or(utc);
    utc.format(&Rfc3339)
        .unwrap_or_else(|_| format!("unix time {}", utc.unix_timestamp()))
}

/// `Saturday 28 November 2026, 20:52 UTC`.
pub(crate) fn human_date(now: OffsetDateTime) -> String {
    let format = format_description!(
        "[weekday repr:long] [day padding:none] [month repr:long] [year], [hour]:[minute] UTC"
    );
    now.to_offset(UtcOffset::UTC)
        .format(&format)
        .unwrap_or_else(|_| rfc3339(now))
}

/// Every text entering the report passes here: credentials in URLs are removed (a report is
/// shared; `https://user:pass@host` must not carry the password along), and control
/// characters other than line breaks become spaces (XML cannot hold most of them).
pub fn clean(text: &str) -> String {
    strip_url_credentials(text)
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// The `user:password` parts of the URLs in `texts`, to remove wherever else they appear (an
/// error message may quote a URL's authority without its scheme).
pub(crate) fn url_userinfos<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut found = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find("://") {
            let after = &rest[start + 3..];
            let end = after
                .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
                .unwrap_or(after.len());
            if let Some(at) = after[..end].rfind('@') {
                found.push(after[..at].to_owned());
            }
            rest = &after[end..];
        }
    }
    found.retain(|userinfo| !userinfo.is_empty());
    found.sort();
    found.dedup();
    found
}

/// `text` with each of `userinfos` followed by `@` replaced by a marker saying so, and their
/// password parts removed wherever else they appear.
pub(crate) fn remove_userinfos(text: &str, userinfos: &[String]) -> String {
    let mut out = text.to_owned();
    for userinfo in userinfos {
        out = out.replace(&format!("{userinfo}@"), "[credentials removed]@");
        if let Some((_, password)) = userinfo.split_once(':')
            && !password.is_empty()
        {
            out = out.replace(password, "[removed]");
        }
    }
    out
}

/// `text` with the `user:password@` part of every `scheme://` URL in it removed.
pub fn strip_url_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let authority_start = start + 3;
        out.push_str(&rest[..authority_start]);
        let after = &rest[authority_start..];
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at) => out.push_str(&authority[at + 1..]),
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn url_credentials_are_removed_wherever_they_appear() {
        assert_eq!(
            strip_url_credentials("https://user:pass@eu.knowbe4.com/scim/v2/x?a=b@c"),
            "https://eu.knowbe4.com/scim/v2/x?a=b@c"
        );
        assert_eq!(
            strip_url_credentials("see http://a@b@host and ftp://x:y@h2/p, mail me@x.org"),
            "see http://host and ftp://h2/p, mail me@x.org"
        );
        assert_eq!(strip_url_credentials("no url here"), "no url here");
        assert_eq!(strip_url_credentials("https://"), "https://");
        assert_eq!(strip_url_credentials("://@"), "://");
    }

    #[test]
    fn credentials_quoted_without_their_scheme_are_removed_too() {
        let found = url_userinfos([
            "https://ann:s3cret@host/x",
            "http://bob@h2 and https://ann:s3cret@host",
            "no url",
        ]);
        assert_eq!(found, ["ann:s3cret", "bob"]);
        assert_eq!(
            remove_userinfos("must be on x, not ann:s3cret@host; s3cret; bob@h2", &found),
            "must be on x, not [credentials removed]@host; [removed]; [credentials removed]@h2"
        );
    }

    #[test]
    fn control_characters_become_spaces_but_line_breaks_stay() {
        assert_eq!(clean("a\u{1}b\tc\nd\u{7f}"), "a b c\nd ");
    }

    #[test]
    fn dates_are_utc_in_both_forms() {
        let now = datetime!(2026-11-28 21:52:33.5 +01:00);
        assert_eq!(rfc3339(now), "2026-11-28T20:52:33Z");
        assert_eq!(human_date(now), "Saturday 28 November 2026, 20:52 UTC");
    }

    #[test]
    fn entered_values_distinguish_blank_from_text() {
        assert_eq!(ReportValue::entered("  \n"), ReportValue::NotEntered);
        assert_eq!(
            ReportValue::entered(" x "),
            ReportValue::Value { text: "x".into() }
        );
    }
}
