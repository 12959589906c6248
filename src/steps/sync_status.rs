//! KnowBe4's sync statuses under Users > Provisioning, and what each means for the operator.

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

/// What the operator must know before switching Test Mode off, given how many users the last
/// reconciliation found only in KnowBe4 (`None` when none was run).
pub fn archive_warning(only_in_knowbe4: Option<usize>) -> String {
    let base = "When Test Mode is off, KnowBe4 archives every user that JumpCloud does not \
                provision, and removes alias emails.";
    match only_in_knowbe4 {
        None => format!(
            "{base} Compare KnowBe4's users with JumpCloud's on the Import users step first, to \
             see who that would be."
        ),
        Some(0) => format!(
            "{base} The last comparison found no user that is only in KnowBe4, so nobody \
             should be archived."
        ),
        Some(1) => format!(
            "{base} The last comparison found 1 user only in KnowBe4: import them into \
             JumpCloud and bind them to the application's group first, or they will be archived."
        ),
        Some(count) => format!(
            "{base} The last comparison found {count} users only in KnowBe4: import them into \
             JumpCloud and bind them to the application's group first, or they will be archived."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn the_warning_counts_who_would_be_archived() {
        assert!(archive_warning(None).contains("Compare KnowBe4's users"));
        assert!(archive_warning(Some(0)).contains("nobody should be archived"));
        assert!(archive_warning(Some(1)).contains("found 1 user only in KnowBe4"));
        assert!(archive_warning(Some(37)).contains("found 37 users only in KnowBe4"));
    }
}
