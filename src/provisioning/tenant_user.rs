//! The few fields of a SCIM User the reconciliation needs, read leniently: real tenants
//! send numeric ids, missing names and several emails.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A 64-bit digest of a tenant user's id, for telling rows apart without keeping the id:
/// the chance of two of a million ids colliding is about one in thirty million. The seed
/// is random per process, so a server cannot choose ids that collide.
pub fn id_hash(id: &str) -> u64 {
    static SEED: OnceLock<foldhash::quality::RandomState> = OnceLock::new();
    SEED.get_or_init(Default::default).hash_one(id)
}

/// A user as listed by the KnowBe4 SCIM tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantUser {
    pub id: String,
    pub user_name: String,
    /// The primary email, else the first one listed, else empty.
    pub email: String,
    pub given_name: String,
    pub family_name: String,
    pub active: bool,
}

/// A [`TenantUser`] that borrows its text from the page it was read from, so reading and
/// matching a page copies nothing; only users that end up in a list are made owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantUserRef<'a> {
    pub id: Cow<'a, str>,
    pub user_name: Cow<'a, str>,
    /// The primary email, else the first one listed, else empty.
    pub email: Cow<'a, str>,
    pub given_name: Cow<'a, str>,
    pub family_name: Cow<'a, str>,
    pub active: bool,
}

impl TenantUserRef<'_> {
    pub fn to_owned_user(&self) -> TenantUser {
        TenantUser {
            id: self.id.to_string(),
            user_name: self.user_name.to_string(),
            email: self.email.to_string(),
            given_name: self.given_name.to_string(),
            family_name: self.family_name.to_string(),
            active: self.active,
        }
    }
}

impl<'a> From<&'a TenantUser> for TenantUserRef<'a> {
    fn from(user: &'a TenantUser) -> Self {
        Self {
            id: Cow::Borrowed(&user.id),
            user_name: Cow::Borrowed(&user.user_name),
            email: Cow::Borrowed(&user.email),
            given_name: Cow::Borrowed(&user.given_name),
            family_name: Cow::Borrowed(&user.family_name),
            active: user.active,
        }
    }
}

impl TenantUser {
    /// Reads one element of a ListResponse's `Resources`. `None` when it has no usable id,
    /// since such a row cannot be told apart from others and the server is at fault.
    pub fn from_scim(resource: &Value) -> Option<Self> {
        let id = match resource.get("id")? {
            Value::String(text) if !text.trim().is_empty() => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return None,
        };
        let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or("").to_owned();
        let name = resource.get("name");
        Some(Self {
            id,
            user_name: text(resource.get("userName")),
            email: primary_email(resource),
            given_name: text(name.and_then(|n| n.get("givenName"))),
            family_name: text(name.and_then(|n| n.get("familyName"))),
            active: resource
                .get("active")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        })
    }
}

fn primary_email(resource: &Value) -> String {
    let Some(emails) = resource.get("emails").and_then(Value::as_array) else {
        return String::new();
    };
    let value_of = |entry: &Value| {
        entry
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    emails
        .iter()
        .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
        .and_then(value_of)
        .or_else(|| emails.iter().find_map(value_of))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_primary_email_and_names() {
        let user = TenantUser::from_scim(&json!({
            "id": "42", "userName": "ada", "active": false,
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "old@example.com"}, {"value": "ada@example.com", "primary": true}]
        }));
        let user = user.unwrap_or_else(|| panic!("should parse"));
        assert_eq!(user.email, "ada@example.com");
        assert_eq!(user.given_name, "Ada");
        assert!(!user.active);
    }

    #[test]
    fn numeric_id_is_accepted_and_missing_id_is_not() {
        assert_eq!(
            TenantUser::from_scim(&json!({"id": 7})).map(|u| u.id),
            Some("7".into())
        );
        assert_eq!(TenantUser::from_scim(&json!({"userName": "x"})), None);
        assert_eq!(TenantUser::from_scim(&json!({"id": " "})), None);
    }

    #[test]
    fn first_email_when_none_is_primary() {
        let user = TenantUser::from_scim(
            &json!({"id": "1", "emails": [{"value": "a@x.com"}, {"value": "b@x.com"}]}),
        );
        assert_eq!(user.map(|u| u.email), Some("a@x.com".into()));
    }
}
