//! Matches the KnowBe4 tenant's users against JumpCloud's export, page by page.
//!
//! The JumpCloud side (the CSV) is indexed once by email and by username, ignoring case.
//! Tenant pages then stream through: each user is looked up, sorted into a list, and the
//! page is dropped. Per CSV row a fixed-size state is kept (allocated with the index), so
//! apart from the lists themselves memory does not grow with the tenant: a matched tenant
//! user leaves only a 64-bit hash of its id behind, used to drop rows a quirky server
//! repeated.

use std::collections::HashSet;

use foldhash::fast::RandomState;
use serde::{Deserialize, Serialize};

use super::jumpcloud_rows::UserState;
use super::key_index::{KeyIndex, Placed, same_text};
use super::members::Member;
use super::paging::PagingSummary;
use super::scope::{ComparisonScope, ScopeOutcome};
use super::tenant_user::{TenantUser, TenantUserRef, id_hash};
use super::users_csv::CsvUser;

/// Why a tenant user and the JumpCloud export disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Same email and userName, different first or last name.
    NameDiffers,
    /// Same email, different userName: KnowBe4 may end up with a second user for this person.
    UserNameDiffers,
    /// Same userName, different email.
    EmailDiffers,
    /// The email matches one JumpCloud user and the userName another.
    SplitMatch,
    /// A second KnowBe4 user matches a JumpCloud user that is already matched.
    AlreadyMatched,
}

/// One conflict, with both sides for the operator to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub detail: String,
    pub knowbe4: TenantUser,
    /// The JumpCloud row matched by email, else by userName.
    pub jumpcloud: CsvUser,
}

/// The counts; field names are part of the CLI's JSON contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileSummary {
    pub only_in_knowbe4: usize,
    pub matched: usize,
    pub only_in_jumpcloud: usize,
    pub conflicts: usize,
    /// Distinct tenant users seen.
    pub knowbe4_users: u64,
    pub jumpcloud_users: usize,
    /// Rows the server sent more than once, counted once.
    pub duplicate_rows_skipped: u64,
}

/// A user of the bound groups whom JumpCloud may or may not push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetApartUser {
    pub user: CsvUser,
    pub state: UserState,
    /// KnowBe4 has a user with the same email and username.
    pub in_knowbe4: bool,
}

/// The four lists and how the tenant was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileReport {
    pub summary: ReconcileSummary,
    /// KnowBe4 users that no compared JumpCloud user matches. Once sync is live, KnowBe4
    /// archives users that JumpCloud does not provision, except those excluded from SCIM
    /// management with a CSV.
    pub only_in_knowbe4: Vec<TenantUser>,
    /// Compared JumpCloud users KnowBe4 has with the same email and username.
    pub matched: Vec<CsvUser>,
    /// Compared JumpCloud users KnowBe4 does not have.
    pub only_in_jumpcloud: Vec<CsvUser>,
    pub conflicts: Vec<Conflict>,
    pub paging: Option<PagingSummary>,
    /// Things the operator should know about the inputs (duplicates in the export, etc.).
    pub notes: Vec<String>,
    /// Which JumpCloud users were compared, and what that assumes.
    #[serde(default)]
    pub scope: ComparisonScope,
    /// Members the operator gave that the export does not have: not compared.
    #[serde(default)]
    pub members_not_in_export: Vec<Member>,
    /// Users of the bound groups that are STAGED or SUSPENDED in JumpCloud, listed apart
    /// (a comparison with JumpCloud only; `set_apart` fills it).
    #[serde(default)]
    pub staged_or_suspended: Vec<SetApartUser>,
    /// Set when JumpCloud's lists may not have been read completely (a comparison with
    /// JumpCloud only): some users in scope may be missing.
    #[serde(default)]
    pub scope_incomplete: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Unmatched,
    /// Matched by the tenant user whose id hashes to this value.
    Matched(u64),
    InConflict,
}

/// Streaming reconciliation: build from the export, feed tenant pages, then finish.
#[derive(Debug)]
pub struct Reconciler {
    rows: Vec<CsvUser>,
    state: Vec<RowState>,
    by_email: KeyIndex,
    by_username: KeyIndex,
    /// Per export row: `by_username` points at this row for its username (the first row
    /// with that username), so a match by email can confirm the username without a lookup.
    owns_username: Vec<bool>,
    /// Hashes of tenant ids already put in `only_in_knowbe4` or `conflicts`.
    listed: HashSet<u64, RandomState>,
    only_in_knowbe4: Vec<TenantUser>,
    conflicts: Vec<Conflict>,
    knowbe4_users: u64,
    duplicate_rows: u64,
    notes: Vec<String>,
}

impl Reconciler {
    /// Indexes the export. When two rows share an email or username the first one is
    /// indexed; the pre-flight reports such duplicates.
    pub fn new(rows: Vec<CsvUser>) -> Self {
        let mut by_email = KeyIndex::new(|row| &row.email, rows.len());
        let mut by_username = KeyIndex::new(|row| &row.username, rows.len());
        let mut owns_username = vec![false; rows.len()];
        let mut shadowed = 0usize;
        for (row, owns) in owns_username.iter_mut().enumerate() {
            let Ok(row) = u32::try_from(row) else {
                break;
            };
            let by_email = by_email.insert(&rows, row);
            let by_username = by_username.insert(&rows, row);
            *owns = by_username == Placed::Holds;
            shadowed += [by_email, by_username]
                .iter()
                .filter(|placed| **placed == Placed::Shadowed)
                .count();
        }
        let notes = if shadowed > 0 {
            vec![format!(
                "{shadowed} email(s) or username(s) appear on more than one JumpCloud row; run the pre-flight and fix them first"
            )]
        } else {
            Vec::new()
        };
        Self {
            state: vec![RowState::Unmatched; rows.len()],
            rows,
            by_email,
            by_username,
            owns_username,
            listed: HashSet::default(),
            only_in_knowbe4: Vec::new(),
            conflicts: Vec::new(),
            knowbe4_users: 0,
            duplicate_rows: 0,
            notes,
        }
    }

    /// Sorts one page of tenant users into the lists. Only users that go into a list are
    /// copied; a matched user leaves nothing but the hash of its id.
    pub fn add_page(&mut self, users: &[TenantUserRef<'_>]) {
        for user in users {
            self.add_user(user);
        }
    }

    /// [`Reconciler::add_page`] for users already owned.
    pub fn add_users(&mut self, users: &[TenantUser]) {
        for user in users {
            self.add_user(&TenantUserRef::from(user));
        }
    }

    fn add_user(&mut self, user: &TenantUserRef<'_>) {
        let hash = id_hash(&user.id);
        let by_email = self.by_email.get(&self.rows, &user.email);
        let by_username = match by_email {
            // Most users find by email a row with their username too: no second lookup.
            Some(row)
                if self.owns_username[row]
                    && same_text(&self.rows[row].username, &user.user_name) =>
            {
                Some(row)
            }
            _ => self.by_username.get(&self.rows, &user.user_name),
        };
        let seen_as_match = [by_email, by_username]
            .into_iter()
            .flatten()
            .any(|row| self.state[row] == RowState::Matched(hash));
        if seen_as_match || self.listed.contains(&hash) {
            self.duplicate_rows += 1;
            return;
        }
        self.knowbe4_users += 1;
        match (by_email, by_username) {
            (None, None) => {
                self.listed.insert(hash);
                self.only_in_knowbe4.push(user.to_owned_user());
            }
            (Some(row), Some(other)) if row == other => self.same_row(user, row, hash),
            (Some(row), Some(other)) => {
                let detail = format!(
                    "the email matches JumpCloud user '{}' (line {}) but the userName matches '{}' (line {})",
                    self.rows[row].username,
                    self.rows[row].line,
                    self.rows[other].username,
                    self.rows[other].line
                );
                self.state[other] = RowState::InConflict;
                self.conflict(user, row, hash, ConflictKind::SplitMatch, detail);
            }
            (Some(row), None) => {
                let detail = format!(
                    "same email, but KnowBe4's userName '{}' is not JumpCloud's username '{}': JumpCloud sends its username as \
                     userName, and how KnowBe4 matches an existing user is not documented, so sync may create a second KnowBe4 \
                     user for this person",
                    user.user_name,
                    self.rows[row].username.trim()
                );
                self.conflict(user, row, hash, ConflictKind::UserNameDiffers, detail);
            }
            (None, Some(row)) => {
                let detail = format!(
                    "same userName, but KnowBe4's email '{}' is not JumpCloud's '{}': how KnowBe4 matches an existing user is not \
                     documented; if sync takes this user over, KnowBe4's email may be replaced by JumpCloud's",
                    user.email,
                    self.rows[row].email.trim()
                );
                self.conflict(user, row, hash, ConflictKind::EmailDiffers, detail);
            }
        }
    }

    /// Email and userName both point at `row`: a match, unless names differ or another
    /// tenant user got there first.
    fn same_row(&mut self, user: &TenantUserRef<'_>, row: usize, hash: u64) {
        if let RowState::Matched(_) = self.state[row] {
            let detail = format!(
                "another KnowBe4 user already matches JumpCloud user '{}' (line {}): KnowBe4 holds two accounts for one person",
                self.rows[row].username.trim(),
                self.rows[row].line
            );
            self.conflict(user, row, hash, ConflictKind::AlreadyMatched, detail);
            return;
        }
        if let Some(detail) = name_difference(user, &self.rows[row]) {
            self.conflict(user, row, hash, ConflictKind::NameDiffers, detail);
            return;
        }
        if self.state[row] == RowState::Unmatched {
            self.state[row] = RowState::Matched(hash);
        } else {
            let detail = "this JumpCloud user is already part of another conflict".to_owned();
            self.conflict(user, row, hash, ConflictKind::AlreadyMatched, detail);
        }
    }

    fn conflict(
        &mut self,
        user: &TenantUserRef<'_>,
        row: usize,
        hash: u64,
        kind: ConflictKind,
        detail: String,
    ) {
        self.state[row] = RowState::InConflict;
        self.listed.insert(hash);
        self.conflicts.push(Conflict {
            kind,
            detail,
            knowbe4: user.to_owned_user(),
            jumpcloud: self.rows[row].clone(),
        });
    }

    /// Ends the run: JumpCloud rows nobody matched are "only in JumpCloud".
    pub fn finish(self, paging: Option<PagingSummary>) -> ReconcileReport {
        let jumpcloud_users = self.rows.len();
        // The matched rows, usually nearly all of them, stay where they are: only the others
        // are taken out, so a list of 100,000 rows is neither copied nor allocated again.
        let mut matched = self.rows;
        let mut states = self.state.iter();
        let mut taken_states = Vec::new();
        let taken: Vec<CsvUser> = matched
            .extract_if(.., |_| {
                let state = states.next().copied().unwrap_or(RowState::InConflict);
                let take = !matches!(state, RowState::Matched(_));
                if take {
                    taken_states.push(state);
                }
                take
            })
            .collect();
        let only_in_jumpcloud: Vec<CsvUser> = taken
            .into_iter()
            .zip(taken_states)
            .filter_map(|(row, state)| (state == RowState::Unmatched).then_some(row))
            .collect();
        let summary = ReconcileSummary {
            only_in_knowbe4: self.only_in_knowbe4.len(),
            matched: matched.len(),
            only_in_jumpcloud: only_in_jumpcloud.len(),
            conflicts: self.conflicts.len(),
            knowbe4_users: self.knowbe4_users,
            jumpcloud_users,
            duplicate_rows_skipped: self.duplicate_rows,
        };
        ReconcileReport {
            summary,
            only_in_knowbe4: self.only_in_knowbe4,
            matched,
            only_in_jumpcloud,
            conflicts: self.conflicts,
            paging,
            notes: self.notes,
            scope: ComparisonScope::whole_export(jumpcloud_users),
            members_not_in_export: Vec::new(),
            staged_or_suspended: Vec::new(),
            scope_incomplete: false,
        }
    }
}

/// A name differs when KnowBe4 has a non-empty value that is not JumpCloud's (ignoring
/// case and surrounding spaces). An empty KnowBe4 name is not a conflict.
fn name_difference(user: &TenantUserRef<'_>, row: &CsvUser) -> Option<String> {
    let differs = |kb4: &str, jc: &str| kb4 != jc && !kb4.trim().is_empty() && !same_text(kb4, jc);
    if differs(&user.given_name, &row.first_name) || differs(&user.family_name, &row.last_name) {
        Some(format!(
            "same email and userName, but KnowBe4 has the name '{} {}' and JumpCloud '{} {}': if sync takes this user \
             over, KnowBe4's name may be replaced by JumpCloud's",
            user.given_name.trim(),
            user.family_name.trim(),
            row.first_name.trim(),
            row.last_name.trim()
        ))
    } else {
        None
    }
}

impl ReconcileReport {
    /// The report, saying which scope its rows came from.
    pub fn with_scope(mut self, outcome: ScopeOutcome) -> Self {
        self.scope = outcome.scope;
        self.members_not_in_export = outcome.members_not_in_export;
        self.notes.extend(outcome.notes);
        self
    }

    /// True when the tenant (and, for a comparison with JumpCloud, JumpCloud's lists) was
    /// read to its end without quirks that may hide users.
    pub fn is_complete(&self) -> bool {
        !self.scope_incomplete && self.paging.as_ref().is_none_or(|p| p.complete)
    }
}

#[cfg(test)]
#[path = "reconcile_tests.rs"]
mod tests;
