//! KnowBe4's sync statuses under Users > Provisioning, and what each means for the operator.

/// One status as KnowBe4 shows it, with its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncStatus {
    pub name: &'static str,
    pub meaning: &'static str,
}

/// Every status a sync can show, in the order a sync goes through them.
pub const SYNC_STATUSES: [SyncStatus; 4] = [
    SyncStatus {
        name: "Pending",
        meaning: "KnowBe4 received the sync from JumpCloud and has not started it yet. \
                  Wait a few minutes and refresh.",
    },
    SyncStatus {
        name: "Processing",
        meaning: "KnowBe4 is applying the sync (in Test Mode: working out what it would change).",
    },
    SyncStatus {
        name: "Completed",
        meaning: "The sync finished. Click Details to see the users it created, updated or \
                  would archive.",
    },
    SyncStatus {
        name: "Skipped",
        meaning: "KnowBe4 did not apply the sync. Usually KnowBe4's settings and the data sent \
                  disagree (for example a user group or attribute KnowBe4 is not set up for), \
                  or legacy SCIM is selected instead of SCIM on KnowBe4's User Provisioning \
                  page. Compare the two, then let JumpCloud sync again.",
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
