//! Typed, borrowing parse of a SCIM ListResponse of Users: only the fields the
//! reconciliation needs are kept and the rest is skipped without building a JSON tree,
//! which makes parsing several times faster than going through `serde_json::Value`.
//! Fields whose type real servers get wrong (`id` as a number, `active` as a string) are
//! read as small `Value`s and interpreted leniently.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use super::tenant_user::TenantUser;

#[derive(Deserialize)]
pub(crate) struct ListResponse<'a> {
    #[serde(rename = "totalResults", default)]
    pub total_results: Option<Value>,
    #[serde(rename = "Resources", alias = "resources", default, borrow)]
    pub resources: Vec<ScimRow<'a>>,
}

#[derive(Deserialize)]
pub(crate) struct ScimRow<'a> {
    #[serde(default)]
    id: Option<Value>,
    #[serde(rename = "userName", default, borrow)]
    user_name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    name: Option<ScimName<'a>>,
    #[serde(default, borrow)]
    emails: Option<Vec<ScimEmail<'a>>>,
    #[serde(default)]
    active: Option<Value>,
}

#[derive(Deserialize)]
struct ScimName<'a> {
    #[serde(rename = "givenName", default, borrow)]
    given_name: Option<Cow<'a, str>>,
    #[serde(rename = "familyName", default, borrow)]
    family_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ScimEmail<'a> {
    #[serde(default, borrow)]
    value: Option<Cow<'a, str>>,
    #[serde(default)]
    primary: Option<Value>,
}

fn truthy(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn owned(value: Option<&Cow<'_, str>>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl ScimRow<'_> {
    /// The tenant user, or `None` when the row has no usable id (as [`TenantUser::from_scim`]).
    pub(crate) fn to_user(&self) -> Option<TenantUser> {
        let id = match self.id.as_ref()? {
            Value::String(text) if !text.trim().is_empty() => text.clone(),
            Value::Number(number) => number.to_string(),
            _ => return None,
        };
        let emails = self.emails.as_deref().unwrap_or_default();
        let email = emails
            .iter()
            .find(|e| truthy(e.primary.as_ref()) == Some(true) && e.value.is_some())
            .or_else(|| emails.iter().find(|e| e.value.is_some()))
            .map(|e| owned(e.value.as_ref()))
            .unwrap_or_default();
        let name = self.name.as_ref();
        Some(TenantUser {
            id,
            user_name: owned(self.user_name.as_ref()),
            email,
            given_name: owned(name.and_then(|n| n.given_name.as_ref())),
            family_name: owned(name.and_then(|n| n.family_name.as_ref())),
            active: truthy(self.active.as_ref()).unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The typed parse must agree with the `Value`-based one on awkward rows.
    #[test]
    fn agrees_with_value_parse() {
        let rows = json!([
            {"id": "1", "userName": "a\"b", "active": "false",
             "name": {"givenName": "Ad\u{e9}", "familyName": null},
             "emails": [{"value": "x@example.com"}, {"value": "y@example.com", "primary": true}],
             "meta": {"created": "2024-01-01"}, "schemas": ["x"]},
            {"id": 7, "emails": [{"type": "work"}, {"value": "z@example.com"}]},
            {"userName": "no id"}
        ]);
        let text = json!({"totalResults": 3, "Resources": rows}).to_string();
        let list: ListResponse<'_> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let typed: Vec<Option<TenantUser>> = list.resources.iter().map(ScimRow::to_user).collect();
        let by_value: Vec<Option<TenantUser>> = rows.as_array().map_or(Vec::new(), |r| {
            r.iter().map(TenantUser::from_scim).collect()
        });
        assert_eq!(typed[1], by_value[1]);
        assert_eq!(typed[2], None);
        let first = typed[0].clone().unwrap_or_else(|| panic!("row 0"));
        assert_eq!(
            (first.user_name.as_str(), first.email.as_str(), first.active),
            ("a\"b", "y@example.com", false)
        );
        assert_eq!(first.given_name, "Ad\u{e9}");
    }
}
