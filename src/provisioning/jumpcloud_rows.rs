//! The items of the two JumpCloud lists the provisioning scope reads, as the JumpCloud
//! client parses them: a v2 graph list (`/applications/{id}/usergroups` and `/users`:
//! `{id, type, compiledAttributes, paths}`) and a v1 `/systemusers` page. Only the fields
//! the comparison needs are named; everything else is skipped by the parser.
//!
//! As for the SCIM pages, every scalar is read as a [`Lenient`] value: a field of the wrong
//! type spoils only itself, never the page.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize};

use super::scim_rows::Lenient;

/// A user's `state` in JumpCloud. Whether JumpCloud pushes STAGED or SUSPENDED users to
/// KnowBe4 is not documented, so the comparison shows them apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserState {
    Activated,
    Staged,
    Suspended,
    /// No `state` the app knows (absent or another value), and not marked suspended.
    #[default]
    Unknown,
}

impl UserState {
    /// STAGED and SUSPENDED users: JumpCloud may or may not push them.
    pub fn set_apart(self) -> bool {
        matches!(self, Self::Staged | Self::Suspended)
    }

    /// The state as JumpCloud spells it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Activated => "ACTIVATED",
            Self::Staged => "STAGED",
            Self::Suspended => "SUSPENDED",
            Self::Unknown => "not given",
        }
    }
}

/// Text, or nothing when the value is not a string.
fn lenient_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Lenient::deserialize(deserializer)?
        .into_text()
        .map(Cow::into_owned))
}

/// An id: non-blank text or a number; nothing otherwise.
fn lenient_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Lenient::deserialize(deserializer)?
        .into_id()
        .map(Cow::into_owned))
}

/// `true`, `false` or their strings; nothing otherwise.
fn lenient_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(Lenient::deserialize(deserializer)?.truthy())
}

/// One object of a v2 graph list; only its id matters here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GraphItem {
    #[serde(default, deserialize_with = "lenient_id")]
    pub id: Option<String>,
}

/// A JumpCloud user as `/systemusers` lists it: the fields the comparison needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct SystemUserItem {
    #[serde(rename = "_id", default, deserialize_with = "lenient_id")]
    underscore_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_id")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub firstname: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub lastname: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    state: Option<String>,
    #[serde(default, deserialize_with = "lenient_flag")]
    suspended: Option<bool>,
}

impl SystemUserItem {
    /// `_id`, else `id`.
    pub fn user_id(&self) -> Option<&str> {
        self.underscore_id.as_deref().or(self.id.as_deref())
    }

    /// The documented `state`; else SUSPENDED when `suspended` is true; else unknown.
    pub fn state(&self) -> UserState {
        match self.state.as_deref().map(|s| s.trim().to_ascii_uppercase()) {
            Some(state) if state == "ACTIVATED" => UserState::Activated,
            Some(state) if state == "STAGED" => UserState::Staged,
            Some(state) if state == "SUSPENDED" => UserState::Suspended,
            _ if self.suspended == Some(true) => UserState::Suspended,
            _ => UserState::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn graph_items_give_ids_or_nothing() {
        let body = json!([
            {"id": "5f1", "type": "user", "compiledAttributes": {}, "paths": [[{"to": {"id": "g1"}}]]},
            {"type": "user"},
            {"id": 17, "type": "user"},
            {"id": {"x": 1}},
            {"id": "  "}
        ]);
        let items: Vec<GraphItem> = serde_json::from_value(body).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<Option<&str>> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, [Some("5f1"), None, Some("17"), None, None]);
    }

    #[test]
    fn system_users_keep_the_compared_fields_and_the_state() {
        let body = json!([
            {"_id": "a1", "id": "a1", "username": "ada", "email": "ada@example.com",
             "firstname": "Ada", "lastname": "Lovelace", "state": "ACTIVATED",
             "attributes": [], "mfa": {"configured": false}},
            {"id": "b2", "username": "bob", "state": "staged"},
            {"_id": "c3", "username": "cy", "state": null, "suspended": true},
            {"_id": "d4", "username": 7, "email": null, "state": "PENDING", "suspended": "no"},
            {"username": "no id"}
        ]);
        let users: Vec<SystemUserItem> =
            serde_json::from_value(body).unwrap_or_else(|e| panic!("{e}"));
        let ada = &users[0];
        assert_eq!(ada.user_id(), Some("a1"));
        assert_eq!(
            (ada.email.as_deref(), ada.firstname.as_deref(), ada.state()),
            (Some("ada@example.com"), Some("Ada"), UserState::Activated)
        );
        assert_eq!(
            (users[1].user_id(), users[1].state()),
            (Some("b2"), UserState::Staged)
        );
        assert_eq!(users[2].state(), UserState::Suspended);
        assert_eq!(
            (users[3].username.as_deref(), users[3].state()),
            (None, UserState::Unknown)
        );
        assert_eq!(users[4].user_id(), None);
        assert!(UserState::Staged.set_apart() && UserState::Suspended.set_apart());
        assert!(!UserState::Activated.set_apart() && !UserState::Unknown.set_apart());
    }
}
