//! What each list of a reconciliation means, in the words the window, the CLI and the report
//! share. The meaning depends on the scope: a whole export may hold users outside the groups
//! bound to the KnowBe4 application, whom JumpCloud does not provision.

use super::reconcile_export::ReconcileList;
use super::scope::ScopeKind;

/// The meaning of `list` for a comparison of the given scope kind.
pub fn meaning(list: ReconcileList, kind: ScopeKind) -> &'static str {
    match (list, kind) {
        (ReconcileList::OnlyInKnowbe4, ScopeKind::Export) => {
            "Not in this JumpCloud export. Once sync is live, KnowBe4 archives the users JumpCloud \
             does not provision: import these into JumpCloud (manual import on the Identity \
             Management tab, where they show as New) and add them to a group bound to the KnowBe4 \
             application, or exclude them from SCIM management with a CSV as KnowBe4's SCIM \
             guide describes, or they will be archived."
        }
        (ReconcileList::OnlyInKnowbe4, ScopeKind::Members) => {
            "Not among the users compared. Once sync is live, KnowBe4 archives the users \
             JumpCloud does not provision: add these to a group bound to the KnowBe4 application \
             (import them into JumpCloud first if they are not there), or exclude them from SCIM \
             management with a CSV as KnowBe4's SCIM guide describes, or they will be archived."
        }
        (ReconcileList::OnlyInKnowbe4, ScopeKind::Jumpcloud) => {
            "Not among the users JumpCloud reaches through the groups bound to the KnowBe4 \
             application. Once sync is live, KnowBe4 archives the users JumpCloud does not \
             provision: add these to a bound group (import them into JumpCloud first if they are \
             not there), or exclude them from SCIM management with a CSV as KnowBe4's SCIM guide \
             describes, or they will be archived."
        }
        (ReconcileList::Matched, ScopeKind::Export) => {
            "In KnowBe4 and in the export, with the same email and username. JumpCloud provisions \
             them only if they are in a group bound to the KnowBe4 application."
        }
        (ReconcileList::Matched, ScopeKind::Members | ScopeKind::Jumpcloud) => {
            "Users compared that KnowBe4 has with the same email and username."
        }
        (ReconcileList::OnlyInJumpcloud, ScopeKind::Export) => {
            "In the export, not in KnowBe4. JumpCloud sends them to KnowBe4 only if they are in a \
             group bound to the KnowBe4 application."
        }
        (ReconcileList::OnlyInJumpcloud, ScopeKind::Members | ScopeKind::Jumpcloud) => {
            "Users compared that KnowBe4 does not have yet: JumpCloud sends them to KnowBe4 when \
             it syncs."
        }
        (ReconcileList::Conflicts, _) => {
            "In both, but they disagree: fix them in JumpCloud or KnowBe4 before sync."
        }
    }
}

/// The meaning of the members the operator gave that the export does not have.
pub const MEMBERS_NOT_IN_EXPORT: &str = "Given as users reached through the bound groups, but \
    not in the JumpCloud export: they could not be compared. The export may be older than the members list.";

/// The meaning of the bound groups' users that are STAGED or SUSPENDED in JumpCloud.
pub const STAGED_OR_SUSPENDED: &str = "STAGED or SUSPENDED in JumpCloud, so listed apart from \
    the lists above. Whether JumpCloud pushes such users to KnowBe4 is not documented: they may \
    or may not be sent when it syncs. \"In KnowBe4\" says whether KnowBe4 already has a user \
    with the same email and username.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_meaning_promises_what_the_export_cannot_show() {
        for list in ReconcileList::ALL {
            for kind in [ScopeKind::Export, ScopeKind::Members, ScopeKind::Jumpcloud] {
                let text = meaning(list, kind).to_lowercase();
                for claim in ["sync will create", "keeps them up to date", "nobody"] {
                    assert!(!text.contains(claim), "{list:?} {kind:?}: {text}");
                }
            }
        }
        let whole = meaning(ReconcileList::OnlyInJumpcloud, ScopeKind::Export);
        assert!(whole.contains("only if they are in a group bound"));
        for kind in [ScopeKind::Export, ScopeKind::Members, ScopeKind::Jumpcloud] {
            let text = meaning(ReconcileList::OnlyInKnowbe4, kind);
            assert!(text.contains("exclude them from SCIM management"), "{text}");
        }
    }
}
