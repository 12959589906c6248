//! Joins the users reached through the KnowBe4 application's bound groups (ids only) with
//! their details from `/systemusers`, page by page.
//!
//! The directory streams through: each `/systemusers` page is parsed, the users in scope
//! are copied out as comparison rows, and the page is dropped. So memory holds the scope's
//! ids and the users kept, never the directory.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use super::jumpcloud_rows::{SystemUserItem, UserState};
use super::users_csv::CsvUser;

/// The users in scope, as comparison rows, with their JumpCloud state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinedUsers {
    /// In `/systemusers` order; `line` is the 1-based position in this list.
    pub rows: Vec<CsvUser>,
    /// `states[i]` is the state of `rows[i]`.
    pub states: Vec<UserState>,
    /// Users in scope that `/systemusers` did not list: not compared.
    pub not_listed: usize,
    /// Things the operator should know about the answers.
    pub notes: Vec<String>,
}

/// The join in progress.
#[derive(Debug)]
pub struct ScopeJoin {
    /// Each id in scope, and whether `/systemusers` listed it yet.
    wanted: HashMap<Box<str>, bool, RandomState>,
    joined: JoinedUsers,
    listed_twice: u64,
    without_id: u64,
}

impl ScopeJoin {
    /// A join for these user ids (repeats count once).
    pub fn new(ids: impl IntoIterator<Item = Box<str>>) -> Self {
        let mut wanted: HashMap<Box<str>, bool, RandomState> = HashMap::default();
        for id in ids {
            wanted.insert(id, false);
        }
        Self {
            wanted,
            joined: JoinedUsers::default(),
            listed_twice: 0,
            without_id: 0,
        }
    }

    /// Users in scope.
    pub fn scope_len(&self) -> usize {
        self.wanted.len()
    }

    /// Takes one `/systemusers` page: the users in scope become rows (their text is moved,
    /// not copied); the others are dropped with the page.
    pub fn add_page(&mut self, users: Vec<SystemUserItem>) {
        for user in users {
            let Some(found) = user.user_id().and_then(|id| self.wanted.get_mut(id)) else {
                self.without_id += u64::from(user.user_id().is_none());
                continue;
            };
            if *found {
                self.listed_twice += 1;
                continue;
            }
            *found = true;
            let state = user.state();
            let line = self.joined.rows.len() as u64 + 1;
            self.joined.rows.push(CsvUser {
                line,
                username: user.username.unwrap_or_default(),
                email: user.email.unwrap_or_default(),
                first_name: user.firstname.unwrap_or_default(),
                last_name: user.lastname.unwrap_or_default(),
            });
            self.joined.states.push(state);
        }
    }

    /// The rows, and what the operator should know about the answers.
    pub fn finish(self) -> JoinedUsers {
        let mut joined = self.joined;
        joined.not_listed = self.wanted.values().filter(|found| !**found).count();
        if joined.not_listed > 0 {
            joined.notes.push(format!(
                "{} user(s) reached through the bound groups are not in JumpCloud's user list \
                 (they may have been removed during the read) and were not compared",
                joined.not_listed
            ));
        }
        if self.listed_twice > 0 {
            joined.notes.push(format!(
                "JumpCloud's user list named {} user(s) more than once; each was compared once",
                self.listed_twice
            ));
        }
        if self.without_id > 0 {
            joined.notes.push(format!(
                "{} user(s) in JumpCloud's user list had no id and were ignored",
                self.without_id
            ));
        }
        let unknown = joined
            .states
            .iter()
            .filter(|state| **state == UserState::Unknown)
            .count();
        if unknown > 0 {
            joined.notes.push(format!(
                "{unknown} user(s) had no state JumpCloud documents (ACTIVATED, STAGED or \
                 SUSPENDED); they were compared as the others"
            ));
        }
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(users: serde_json::Value) -> Vec<SystemUserItem> {
        serde_json::from_value(users).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn keeps_only_the_users_in_scope_in_list_order() {
        let mut join = ScopeJoin::new(["u2", "u4", "u9", "u2"].map(Box::from));
        assert_eq!(join.scope_len(), 3);
        join.add_page(page(json!([
            {"_id": "u1", "username": "one"},
            {"_id": "u2", "username": "two", "email": "two@example.com", "firstname": "T",
             "lastname": "Wo", "state": "ACTIVATED"},
            {"_id": "u3", "username": "three"}
        ])));
        join.add_page(page(json!([
            {"_id": "u4", "username": "four", "state": "STAGED"},
            {"_id": "u2", "username": "two again"},
            {"username": "nobody"}
        ])));
        let joined = join.finish();
        let names: Vec<_> = joined
            .rows
            .iter()
            .map(|r| (r.line, r.username.as_str()))
            .collect();
        assert_eq!(names, [(1, "two"), (2, "four")]);
        assert_eq!(joined.rows[0].email, "two@example.com");
        assert_eq!(joined.states, [UserState::Activated, UserState::Staged]);
        assert_eq!(joined.not_listed, 1, "u9 was never listed");
        for words in [
            "not in JumpCloud's user list",
            "more than once",
            "had no id",
        ] {
            assert!(joined.notes.iter().any(|n| n.contains(words)), "{words}");
        }
    }
}
