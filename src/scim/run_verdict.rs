//! What a finished check run says in one line ("3 of 9 checks failed"), and whether its results
//! still describe the tenant and token the operator has now.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::check_results::{CheckReport, RunOutcome};
use crate::tenant_url::TenantUrlInput;
use crate::verdict::Verdict;

/// The overall verdict of `report`, said first, before the single results.
pub fn verdict(report: &CheckReport) -> String {
    let total = report.results.len();
    let failed = count(report, Verdict::Fail);
    let warned = count(report, Verdict::Warn);
    let mut line = match report.outcome {
        RunOutcome::Cancelled => format!("The run was cancelled after {total} checks"),
        RunOutcome::DeadlineExceeded => {
            format!("The run stopped at its time limit after {total} checks")
        }
        RunOutcome::Completed if failed > 0 => {
            format!("{failed} of {total} {} failed", checks(total))
        }
        RunOutcome::Completed if total == 0 => "No check ran".to_owned(),
        RunOutcome::Completed => format!("All {total} {} passed", checks(total)),
    };
    if report.outcome != RunOutcome::Completed && failed > 0 {
        line.push_str(&format!(", {failed} of them failed"));
    }
    if warned > 0 {
        line.push_str(&format!(", {warned} with a warning"));
    }
    line.push('.');
    if !report.leftovers.is_empty() {
        line.push_str(" Something the checks created is left over in KnowBe4: delete it by hand.");
    }
    line
}

fn count(report: &CheckReport, status: Verdict) -> usize {
    report.results.iter().filter(|r| r.status == status).count()
}

fn checks(total: usize) -> &'static str {
    if total == 1 { "check" } else { "checks" }
}

/// Whether saved results still describe what the operator has set up now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Current,
    /// They were for another Tenant URL (the one named).
    OtherTenant(String),
    /// The token for this tenant was saved or removed after the run.
    TokenChanged,
}

impl Freshness {
    /// Why the results are out of date, for the line above them; `None` when they are current.
    pub fn reason(&self) -> Option<String> {
        match self {
            Freshness::Current => None,
            Freshness::OtherTenant(checked) => Some(format!(
                "Out of date: these results are for {checked}, not for the Tenant URL entered \
                 now. Run the checks again."
            )),
            Freshness::TokenChanged => Some(
                "Out of date: the SCIM token was changed after this run. Run the checks again."
                    .to_owned(),
            ),
        }
    }
}

/// Compares a saved run with the Tenant URL entered now and the last time the token changed
/// (RFC 3339, as the settings keep it).
pub fn freshness(
    report: &CheckReport,
    tenant_now: &TenantUrlInput,
    token_changed_at: Option<&str>,
) -> Freshness {
    if !same_tenant(&report.tenant_url, tenant_now) {
        return Freshness::OtherTenant(report.tenant_url.text().to_owned());
    }
    let finished = OffsetDateTime::parse(&report.finished_at, &Rfc3339).ok();
    let changed = token_changed_at.and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok());
    match (finished, changed) {
        (Some(finished), Some(changed)) if changed > finished => Freshness::TokenChanged,
        // A run whose end cannot be read cannot be shown to be newer than the change.
        (None, Some(_)) => Freshness::TokenChanged,
        _ => Freshness::Current,
    }
}

/// Two spellings of one Tenant URL are the same tenant (scheme and host case), as for the
/// keychain entry.
fn same_tenant(checked: &TenantUrlInput, now: &TenantUrlInput) -> bool {
    match (checked.url(), now.url()) {
        (Some(checked), Some(now)) => checked.normalized() == now.normalized(),
        _ => checked.text().trim() == now.text().trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::check_id::CheckId;
    use crate::scim::check_results::{CheckResult, Leftover};

    const TENANT: &str = "https://training.knowbe4.com/scim/v2/A1b2";

    fn report(statuses: &[Verdict], outcome: RunOutcome) -> CheckReport {
        CheckReport {
            started_at: "2026-06-01T12:00:00Z".into(),
            finished_at: "2026-06-01T12:00:05Z".into(),
            tenant_url: TENANT.into(),
            outcome,
            results: statuses
                .iter()
                .zip(CheckId::ALL)
                .map(|(s, id)| CheckResult::new(id, "C", *s, "x"))
                .collect(),
            leftovers: vec![],
        }
    }

    #[test]
    fn the_verdict_counts_failures_first() {
        use Verdict::*;
        let run = report(
            &[Pass, Fail, Pass, Fail, Warn, Pass, Fail, Pass, Skip],
            RunOutcome::Completed,
        );
        assert_eq!(verdict(&run), "3 of 9 checks failed, 1 with a warning.");
        let run = report(&[Pass, Pass], RunOutcome::Completed);
        assert_eq!(verdict(&run), "All 2 checks passed.");
        let run = report(&[Pass, Fail], RunOutcome::Cancelled);
        assert_eq!(
            verdict(&run),
            "The run was cancelled after 2 checks, 1 of them failed."
        );
        let mut run = report(&[Pass], RunOutcome::Completed);
        run.leftovers.push(Leftover {
            kind: "user".into(),
            id: None,
            name: "t".into(),
        });
        assert!(verdict(&run).starts_with("All 1 check passed. Something"));
    }

    #[test]
    fn results_go_out_of_date_when_the_tenant_changes() {
        let run = report(&[Verdict::Pass], RunOutcome::Completed);
        assert_eq!(freshness(&run, &TENANT.into(), None), Freshness::Current);
        assert_eq!(
            freshness(
                &run,
                &"https://TRAINING.knowbe4.com/scim/v2/A1b2".into(),
                None
            ),
            Freshness::Current
        );
        let other = "https://eu.knowbe4.com/scim/v2/Zz9";
        assert_eq!(
            freshness(&run, &other.into(), None),
            Freshness::OtherTenant(TENANT.into())
        );
        assert!(
            freshness(&run, &other.into(), None)
                .reason()
                .unwrap()
                .contains(TENANT)
        );
    }

    #[test]
    fn results_go_out_of_date_when_the_token_changes_after_the_run() {
        let run = report(&[Verdict::Pass], RunOutcome::Completed);
        assert_eq!(
            freshness(&run, &TENANT.into(), Some("2026-06-01T11:00:00Z")),
            Freshness::Current
        );
        assert_eq!(
            freshness(&run, &TENANT.into(), Some("2026-06-01T12:30:00Z")),
            Freshness::TokenChanged
        );
    }
}
