//! CSV exports of the reconciliation lists, one file per list.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::csv_export::{ExportError, write_rows};
use super::reconcile::ReconcileReport;
use super::tenant_user::TenantUser;
use super::users_csv::CsvUser;

/// The four lists of a reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconcileList {
    OnlyInKnowbe4,
    Matched,
    OnlyInJumpcloud,
    Conflicts,
}

impl ReconcileList {
    pub const ALL: [ReconcileList; 4] = [
        Self::OnlyInKnowbe4,
        Self::Matched,
        Self::OnlyInJumpcloud,
        Self::Conflicts,
    ];

    /// The file name used by [`write_all_lists`].
    pub fn file_name(self) -> &'static str {
        match self {
            Self::OnlyInKnowbe4 => "only_in_knowbe4.csv",
            Self::Matched => "matched.csv",
            Self::OnlyInJumpcloud => "only_in_jumpcloud.csv",
            Self::Conflicts => "conflicts.csv",
        }
    }
}

const JUMPCLOUD_HEADER: [&str; 5] = ["line", "username", "email", "first_name", "last_name"];
const KNOWBE4_HEADER: [&str; 6] = [
    "id",
    "user_name",
    "email",
    "given_name",
    "family_name",
    "active",
];

fn jumpcloud_cells(row: &CsvUser) -> Vec<String> {
    vec![
        row.line.to_string(),
        row.username.clone(),
        row.email.clone(),
        row.first_name.clone(),
        row.last_name.clone(),
    ]
}

fn knowbe4_cells(user: &TenantUser) -> Vec<String> {
    vec![
        user.id.clone(),
        user.user_name.clone(),
        user.email.clone(),
        user.given_name.clone(),
        user.family_name.clone(),
        user.active.to_string(),
    ]
}

/// Writes one list as CSV to `writer`.
pub fn write_list_csv(
    report: &ReconcileReport,
    list: ReconcileList,
    writer: impl Write,
) -> Result<(), ExportError> {
    match list {
        ReconcileList::OnlyInKnowbe4 => write_rows(
            writer,
            &KNOWBE4_HEADER,
            report.only_in_knowbe4.iter().map(knowbe4_cells),
        ),
        ReconcileList::Matched => write_rows(
            writer,
            &JUMPCLOUD_HEADER,
            report.matched.iter().map(jumpcloud_cells),
        ),
        ReconcileList::OnlyInJumpcloud => write_rows(
            writer,
            &JUMPCLOUD_HEADER,
            report.only_in_jumpcloud.iter().map(jumpcloud_cells),
        ),
        ReconcileList::Conflicts => {
            let header = [
                "kind",
                "detail",
                "knowbe4_id",
                "knowbe4_user_name",
                "knowbe4_email",
                "knowbe4_given_name",
                "knowbe4_family_name",
                "jumpcloud_line",
                "jumpcloud_username",
                "jumpcloud_email",
                "jumpcloud_first_name",
                "jumpcloud_last_name",
            ];
            let rows = report.conflicts.iter().map(|c| {
                let kind = serde_json::to_value(c.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let mut cells = vec![kind, c.detail.clone()];
                cells.extend(knowbe4_cells(&c.knowbe4).into_iter().take(5));
                cells.extend(jumpcloud_cells(&c.jumpcloud));
                cells
            });
            write_rows(writer, &header, rows)
        }
    }
}

/// Writes every list into `dir` (which must exist) and returns the files written.
pub fn write_all_lists(report: &ReconcileReport, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let mut written = Vec::new();
    for list in ReconcileList::ALL {
        let path = dir.join(list.file_name());
        let mut file = BufWriter::new(File::create(&path)?);
        write_list_csv(report, list, &mut file)?;
        file.flush()?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::reconcile::Reconciler;
    use crate::provisioning::users_csv::test_row;

    #[test]
    fn every_list_is_written_with_its_rows() {
        let row = test_row(2, "ada", "ada@example.com", "Ada", "L");
        let other = TenantUser {
            id: "7".into(),
            user_name: "zed".into(),
            email: "zed@example.com".into(),
            given_name: "Zed".into(),
            family_name: "Z".into(),
            active: false,
        };
        let mut reconciler = Reconciler::new(vec![row]);
        reconciler.add_users(&[other]);
        let report = reconciler.finish(None);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let files = write_all_lists(&report, dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files.len(), 4);
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
        assert_eq!(
            read("only_in_knowbe4.csv"),
            "id,user_name,email,given_name,family_name,active\n7,zed,zed@example.com,Zed,Z,false\n"
        );
        assert_eq!(
            read("only_in_jumpcloud.csv"),
            "line,username,email,first_name,last_name\n2,ada,ada@example.com,Ada,L\n"
        );
        assert_eq!(read("matched.csv").lines().count(), 1);
        assert!(read("conflicts.csv").starts_with("kind,detail,"));
    }
}
