//! Unit tests of `preflight.rs`.

use super::*;

use crate::provisioning::users_csv::test_row as user;

fn kinds_for(report: &PreflightReport, line: u64) -> Vec<ProblemKind> {
    report
        .problems
        .iter()
        .filter(|p| p.line == line)
        .map(|p| p.kind)
        .collect()
}

#[test]
fn finds_each_kind() {
    use ProblemKind as K;
    let csv = UsersCsv {
        users: vec![
            user(2, "ada", "ada@example.com", "Ada", "Lovelace"),
            user(3, "ADA", "Ada@Example.com", "Ada", "L"),
            user(4, "bob", "", "Bob", ""),
            user(5, "cy", "cy.example.com", "", "Cy"),
            user(6, " di", "di@other.org", "Di", "Di"),
        ],
        read_error: None,
    };
    let report = run_preflight(
        &csv,
        &PreflightOptions::with_domains_list("Example.com, @corp.example"),
    );
    assert!(kinds_for(&report, 2).is_empty());
    assert_eq!(
        kinds_for(&report, 3),
        vec![K::DuplicateEmail, K::DuplicateUsername]
    );
    assert_eq!(
        kinds_for(&report, 4),
        vec![K::MissingEmail, K::MissingLastName]
    );
    assert_eq!(
        kinds_for(&report, 5),
        vec![K::InvalidEmail, K::MissingFirstName]
    );
    assert_eq!(
        kinds_for(&report, 6),
        vec![K::DomainNotAllowed, K::SurroundingSpaces]
    );
    assert_eq!(report.users_with_problems, 4);
    assert_eq!(report.counts[&K::DuplicateEmail], 1);
    assert_eq!(report.counts[&K::MissingUsername], 0);
    assert!(report.problems.iter().any(|p| p.detail.contains("line 2")));
}

#[test]
fn no_allowed_list_means_any_domain() {
    let csv = UsersCsv {
        users: vec![user(2, "a", "a@anything.example", "A", "B")],
        read_error: None,
    };
    assert!(run_preflight(&csv, &PreflightOptions::default()).is_clean());
}

#[test]
fn filter_by_kind_and_text() {
    let csv = UsersCsv {
        users: vec![
            user(2, "a", "", "A", "B"),
            user(3, "b", "b@x.com", "", "B"),
            user(4, "c", "", "C", ""),
        ],
        read_error: None,
    };
    let report = run_preflight(&csv, &PreflightOptions::default());
    assert_eq!(
        report.filtered(Some(ProblemKind::MissingEmail), "").len(),
        2
    );
    assert_eq!(report.filtered(None, "B@X").len(), 1);
    assert_eq!(report.filtered(None, "4").len(), 2);
    assert_eq!(
        report.filtered(Some(ProblemKind::MissingEmail), "c").len(),
        1
    );
}

#[test]
fn problems_csv_has_header_and_rows() {
    let csv = UsersCsv {
        users: vec![user(7, "=cmd", "", "A", "B")],
        read_error: None,
    };
    let report = run_preflight(&csv, &PreflightOptions::default());
    let mut out = Vec::new();
    assert!(write_problems_csv(&report.problems, &mut out).is_ok());
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("line,username,email,kind,detail\n"));
    assert!(text.contains("7,'=cmd,,missing_email,"), "{text}");
}
