//! KnowBe4's sync statuses under Users > Provisioning, and what each means for the operator.

use crate::provisioning::records::ReconcileRecord;
use crate::provisioning::scope::ScopeKind;

/// One status as KnowBe4 shows it, with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncStatus {
    pub name: &'static str,
    pub meaning: &'static str,
}

/// Every status a sync can show, as KnowBe4 names them. Only Skipped has a documented meaning;
/// the others are not described beyond their names, so nothing more is said about them.
pub const SYNC_STATUSES: [SyncStatus; 4] = [
    SyncStatus {
        name: "Pending",
        meaning: "Not described beyond its name. Syncing can take a few minutes: refresh later.",
    },
    SyncStatus {
        name: "Processing",
        meaning: "Not described beyond its name.",
    },
    SyncStatus {
        name: "Completed",
        meaning: "Not described beyond its name. Click Details to read the results: Archived, \
                  Changed, Created and Restored, for Groups, Users and Memberships.",
    },
    SyncStatus {
        name: "Skipped",
        meaning: "KnowBe4's settings and the data sent disagree. Public troubleshooting reports \
                  also name a legacy SCIM mode selected instead of SCIM on KnowBe4's User \
                  Provisioning page. Compare the two, then let JumpCloud sync again.",
    },
];

/// What the operator must know before switching Test Mode off, given the last
/// reconciliation (`None` when none was run). It counts who would be archived among the
/// users compared, says which users those were, and never claims that nobody will be.
pub fn archive_warning(last: Option<&ReconcileRecord>) -> String {
    let base = "When Test Mode is off, KnowBe4 archives the users that JumpCloud does not \
                provision, and removes alias emails. The exception: users excluded from SCIM \
                management with a CSV, as KnowBe4's SCIM guide describes.";
    let Some(record) = last else {
        return format!(
            "{base} Compare KnowBe4's users with JumpCloud's on the Import users step first, to \
             see who that would be."
        );
    };
    let found = match record.summary.only_in_knowbe4 {
        0 => "The last comparison found no KnowBe4 user outside the JumpCloud users it compared."
            .to_owned(),
        count => format!(
            "The last comparison found {count} {} only in KnowBe4: import them into JumpCloud and \
             add them to a group bound to the KnowBe4 application first, or they will be archived.",
            if count == 1 { "user" } else { "users" }
        ),
    };
    let scope = record.scope();
    let reach = match scope.kind {
        ScopeKind::Export => {
            "Users of that export who are in KnowBe4 but in no bound group are archived too: \
             compare the users reached through the bound groups on the Import users step to see \
             them."
        }
        ScopeKind::Members => {
            "The count is only as right as those users: it assumes they are exactly the users \
             reached through the groups bound to the KnowBe4 application."
        }
        ScopeKind::Jumpcloud if scope.staged_or_suspended > 0 => {
            "The users reached through the bound groups were read from JumpCloud. Those STAGED \
             or SUSPENDED were listed apart: whether JumpCloud provisions them is not documented, so KnowBe4 \
             may archive those too."
        }
        ScopeKind::Jumpcloud => {
            "The users reached through the bound groups were read from JumpCloud."
        }
    };
    format!("{base} {found} It compared {}. {reach}", scope.description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::members::read_members;
    use crate::provisioning::reconcile::ReconcileSummary;
    use crate::provisioning::scope::{ComparisonScope, ScopeSource, WHOLE_EXPORT_ASSUMPTION};

    #[test]
    fn skipped_explains_the_two_usual_causes() {
        let skipped = SYNC_STATUSES.iter().find(|s| s.name == "Skipped").unwrap();
        assert!(
            skipped
                .meaning
                .contains("settings and the data sent disagree")
        );
        assert!(skipped.meaning.contains("legacy SCIM"));
    }

    fn record(only_in_knowbe4: usize, scope: Option<ComparisonScope>) -> ReconcileRecord {
        ReconcileRecord {
            ran_at: "2026-01-01T00:00:00Z".into(),
            tenant_url: "https://training.knowbe4.com/scim/v2/x".into(),
            file_name: "users.csv".into(),
            summary: ReconcileSummary {
                only_in_knowbe4,
                jumpcloud_users: 40,
                ..ReconcileSummary::default()
            },
            complete: true,
            scope,
        }
    }

    #[test]
    fn the_warning_counts_who_would_be_archived_and_says_what_was_compared() {
        assert!(archive_warning(None).contains("Compare KnowBe4's users"));
        let whole = archive_warning(Some(&record(0, None)));
        assert!(whole.contains("found no KnowBe4 user outside"), "{whole}");
        assert!(whole.contains(WHOLE_EXPORT_ASSUMPTION), "{whole}");
        assert!(
            whole.contains("in KnowBe4 but in no bound group"),
            "{whole}"
        );
        assert!(archive_warning(Some(&record(1, None))).contains("found 1 user only in KnowBe4"));
        let members = ScopeSource::MembersFile {
            file_name: "kb4-members.txt".into(),
            members: read_members("a\n".as_bytes()).unwrap_or_else(|e| panic!("{e}")),
        }
        .apply(vec![crate::provisioning::users_csv::test_row(
            2, "a", "", "", "",
        )])
        .unwrap_or_else(|e| panic!("{e}"));
        let scoped = archive_warning(Some(&record(37, Some(members.outcome.scope))));
        assert!(
            scoped.contains("found 37 users only in KnowBe4"),
            "{scoped}"
        );
        assert!(scoped.contains("kb4-members.txt"), "{scoped}");
    }

    #[test]
    fn the_warning_never_says_nobody_will_be_archived() {
        for count in [0, 1, 5] {
            let text = archive_warning(Some(&record(count, None))).to_lowercase();
            assert!(!text.contains("nobody"), "{text}");
            assert!(!text.contains("archives every"), "{text}");
            assert!(text.contains("excluded from scim management"), "{text}");
        }
    }
}
