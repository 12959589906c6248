//! What the app remembers of a pre-flight or reconciliation run: the counts, never the user
//! lists, so the settings file stays small and holds no personal data beyond a file name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::preflight::{PreflightReport, ProblemKind};
use super::reconcile::{ReconcileReport, ReconcileSummary};
use super::scope::ComparisonScope;

/// The summary of the last pre-flight, kept in the settings for the setup report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightRecord {
    /// RFC 3339, UTC.
    pub ran_at: String,
    /// The export's file name (not its folder).
    pub file_name: String,
    pub rows: usize,
    pub users_with_problems: usize,
    pub counts: BTreeMap<ProblemKind, usize>,
    /// Set when the file could not be read to the end.
    pub read_error: Option<String>,
    /// Usernames that are not email addresses (a risk of duplicates).
    #[serde(default)]
    pub usernames_not_email: usize,
}

impl PreflightRecord {
    pub fn from_report(report: &PreflightReport, file_name: &str, ran_at: String) -> Self {
        Self {
            ran_at,
            file_name: file_name.to_owned(),
            rows: report.rows,
            users_with_problems: report.users_with_problems,
            counts: report.counts.clone(),
            read_error: report
                .read_error
                .as_ref()
                .map(|e| format!("line {}: {}", e.line, e.message)),
            usernames_not_email: report.usernames_not_email,
        }
    }
}

/// The summary of the last reconciliation, kept in the settings for the setup report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileRecord {
    /// RFC 3339, UTC.
    pub ran_at: String,
    pub tenant_url: String,
    /// The JumpCloud export's file name (not its folder).
    pub file_name: String,
    pub summary: ReconcileSummary,
    /// False when the tenant may not have been read completely.
    pub complete: bool,
    /// Which JumpCloud users were compared. Absent in runs saved before the scope was
    /// recorded: those compared the whole export.
    #[serde(default)]
    pub scope: Option<ComparisonScope>,
}

impl ReconcileRecord {
    pub fn from_report(
        report: &ReconcileReport,
        tenant_url: &str,
        file_name: &str,
        ran_at: String,
    ) -> Self {
        Self {
            ran_at,
            tenant_url: tenant_url.to_owned(),
            file_name: file_name.to_owned(),
            summary: report.summary,
            complete: report.paging.is_some() && report.is_complete(),
            scope: Some(report.scope.clone()),
        }
    }

    /// The scope the run used (the whole export for runs saved without one).
    pub fn scope(&self) -> ComparisonScope {
        self.scope
            .clone()
            .unwrap_or_else(|| ComparisonScope::whole_export(self.summary.jumpcloud_users))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::scope::ScopeKind;

    #[test]
    fn a_run_saved_without_a_scope_compared_the_whole_export() {
        let saved = r#"{"ran_at":"2026-01-01T00:00:00Z","tenant_url":"https://x","file_name":"u.csv",
            "summary":{"only_in_knowbe4":0,"matched":5,"only_in_jumpcloud":0,"conflicts":0,
            "knowbe4_users":5,"jumpcloud_users":5,"duplicate_rows_skipped":0},"complete":true}"#;
        let record: ReconcileRecord = serde_json::from_str(saved).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record.scope, None);
        let scope = record.scope();
        assert_eq!((scope.kind, scope.export_rows), (ScopeKind::Export, 5));
    }
}
