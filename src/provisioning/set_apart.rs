//! Users that are STAGED or SUSPENDED in JumpCloud, taken out of a finished comparison.
//!
//! Whether JumpCloud pushes such users to KnowBe4 is not documented, so neither "Matched"
//! nor "Only in JumpCloud" can say what sync will do with them: they get a list of their
//! own, which says only whether KnowBe4 already has them. A conflict stays a conflict: it
//! needs fixing whatever JumpCloud does.

use std::io::Write;

use super::csv_export::{ExportError, write_rows};
use super::jumpcloud_rows::UserState;
use super::reconcile::ReconcileReport;
pub use super::reconcile::SetApartUser;
use super::users_csv::CsvUser;

impl ReconcileReport {
    /// Moves the matched and JumpCloud-only rows whose state is STAGED or SUSPENDED into
    /// [`ReconcileReport::staged_or_suspended`]. `states[i]` is the state of the row on
    /// `line` `i + 1`, as [`super::scope_join::ScopeJoin`] numbers them.
    pub fn set_apart_by_state(mut self, states: &[UserState]) -> Self {
        let state_of = |row: &CsvUser| {
            usize::try_from(row.line)
                .ok()
                .and_then(|line| line.checked_sub(1))
                .and_then(|index| states.get(index).copied())
                .unwrap_or(UserState::Unknown)
        };
        let mut apart = Vec::new();
        for (list, in_knowbe4) in [
            (&mut self.matched, true),
            (&mut self.only_in_jumpcloud, false),
        ] {
            apart.extend(
                list.extract_if(.., |row| state_of(row).set_apart())
                    .map(|user| SetApartUser {
                        state: state_of(&user),
                        user,
                        in_knowbe4,
                    }),
            );
        }
        apart.sort_by_key(|entry| entry.user.line);
        self.summary.matched = self.matched.len();
        self.summary.only_in_jumpcloud = self.only_in_jumpcloud.len();
        // Users listed apart are not compared: every count of compared users leaves them out.
        self.summary.jumpcloud_users = self.summary.jumpcloud_users.saturating_sub(apart.len());
        self.staged_or_suspended = apart;
        self
    }
}

/// The file name of the list, beside the four lists of `reconcile --out`.
pub const STAGED_OR_SUSPENDED_FILE: &str = "staged_or_suspended.csv";

/// Writes the list as CSV: the user (`line` is its position in JumpCloud's listing), its
/// state, and whether KnowBe4 has it.
pub fn write_staged_or_suspended(
    report: &ReconcileReport,
    writer: impl Write,
) -> Result<(), ExportError> {
    let header = [
        "line",
        "username",
        "email",
        "first_name",
        "last_name",
        "state",
        "in_knowbe4",
    ];
    let rows = report.staged_or_suspended.iter().map(|entry| {
        vec![
            entry.user.line.to_string(),
            entry.user.username.clone(),
            entry.user.email.clone(),
            entry.user.first_name.clone(),
            entry.user.last_name.clone(),
            entry.state.label().to_owned(),
            entry.in_knowbe4.to_string(),
        ]
    });
    write_rows(writer, &header, rows)
}

#[cfg(test)]
mod tests {
    use crate::provisioning::jumpcloud_rows::UserState::{Activated, Staged, Suspended, Unknown};
    use crate::provisioning::reconcile::Reconciler;
    use crate::provisioning::tenant_user::test_user;
    use crate::provisioning::users_csv::test_row;

    #[test]
    fn staged_and_suspended_users_leave_the_lists_and_say_whether_knowbe4_has_them() {
        let rows = vec![
            test_row(1, "ada", "ada@example.com", "Ada", "L"),
            test_row(2, "bob", "bob@example.com", "Bob", "B"),
            test_row(3, "cy", "cy@example.com", "Cy", "C"),
            test_row(4, "di", "di@example.com", "Di", "D"),
            test_row(5, "ed", "ed@example.com", "Ed", "E"),
        ];
        let mut reconciler = Reconciler::new(rows);
        reconciler.add_users(&[
            test_user("k1", "ada", "ada@example.com", "Ada", "L"),
            test_user("k2", "bob", "bob@example.com", "Bob", "B"),
            test_user("k5", "ed", "ed@example.com", "Renamed", "E"),
        ]);
        let report = reconciler
            .finish(None)
            .set_apart_by_state(&[Activated, Staged, Suspended, Unknown, Staged]);
        let apart: Vec<_> = report
            .staged_or_suspended
            .iter()
            .map(|a| (a.user.username.as_str(), a.state, a.in_knowbe4))
            .collect();
        assert_eq!(apart, [("bob", Staged, true), ("cy", Suspended, false)]);
        assert_eq!(report.summary.matched, 1);
        assert_eq!(report.matched[0].username, "ada");
        assert_eq!(
            report.summary.only_in_jumpcloud, 1,
            "di: no state, compared"
        );
        assert_eq!(
            report.summary.conflicts, 1,
            "ed stays a conflict though STAGED"
        );
        assert_eq!(
            report.summary.jumpcloud_users, 3,
            "the two listed apart are not counted as compared"
        );
    }
}
