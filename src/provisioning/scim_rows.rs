//! Typed, borrowing parse of a SCIM ListResponse of Users: only the fields the
//! reconciliation needs are kept and the rest is skipped without building a JSON tree.
//! Strings without escapes are borrowed from the page, so reading a row allocates nothing:
//! it becomes a [`TenantUserRef`] that points into the page.
//!
//! Real servers get types wrong (`id` as a number, `active` as a string, `totalResults`
//! as a string), so every scalar is read as a [`Lenient`] value and interpreted after:
//! a wrong type leaves that one field unusable instead of failing the whole page.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

#[cfg(test)]
use super::tenant_user::TenantUser;
use super::tenant_user::TenantUserRef;

/// One page of a tenant's users: a SCIM ListResponse of Users, as the reconciliation reads it.
#[derive(Deserialize)]
pub(crate) struct UsersPage<'a> {
    #[serde(rename = "totalResults", default, borrow)]
    pub total_results: Option<Lenient<'a>>,
    #[serde(rename = "Resources", alias = "resources", default, borrow)]
    pub resources: Rows<'a>,
}

/// The users of a page, turned into [`TenantUserRef`]s as they are read, so no list of
/// raw rows is built first.
#[derive(Default)]
pub(crate) struct Rows<'a> {
    pub users: Vec<TenantUserRef<'a>>,
    /// Rows without a usable id, left out of `users`.
    pub without_id: usize,
}

/// Room for a usual page from the start; a bigger page grows the list as usual.
const USUAL_PAGE_ROWS: usize = 100;

impl<'de: 'a, 'a> Deserialize<'de> for Rows<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RowsVisitor)
    }
}

struct RowsVisitor;

impl<'de> Visitor<'de> for RowsVisitor {
    type Value = Rows<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of users")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut rows = Rows {
            users: Vec::with_capacity(seq.size_hint().unwrap_or(USUAL_PAGE_ROWS)),
            without_id: 0,
        };
        while let Some(row) = seq.next_element::<ScimRow<'de>>()? {
            match row.into_user() {
                Some(user) => rows.users.push(user),
                None => rows.without_id += 1,
            }
        }
        Ok(rows)
    }

    /// `"Resources": null`, as some servers send for an empty page.
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Rows::default())
    }
}

#[derive(Deserialize)]
struct ScimRow<'a> {
    #[serde(default, borrow)]
    id: Option<Lenient<'a>>,
    #[serde(rename = "userName", default, borrow)]
    user_name: Option<Lenient<'a>>,
    #[serde(default, borrow)]
    name: Option<ScimName<'a>>,
    #[serde(default, borrow)]
    emails: Option<BestEmail<'a>>,
    #[serde(default, borrow)]
    active: Option<Lenient<'a>>,
}

#[derive(Deserialize)]
struct ScimName<'a> {
    #[serde(rename = "givenName", default, borrow)]
    given_name: Option<Lenient<'a>>,
    #[serde(rename = "familyName", default, borrow)]
    family_name: Option<Lenient<'a>>,
}

#[derive(Deserialize)]
struct ScimEmail<'a> {
    #[serde(default, borrow)]
    value: Option<Lenient<'a>>,
    #[serde(default, borrow)]
    primary: Option<Lenient<'a>>,
}

/// The one email of an `emails` array that counts: the first primary one with a value,
/// else the first with a value. Picked while reading, so no list of emails is built.
struct BestEmail<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for BestEmail<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BestEmailVisitor)
    }
}

struct BestEmailVisitor;

impl<'de> Visitor<'de> for BestEmailVisitor {
    type Value = BestEmail<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of emails")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (mut first, mut primary) = (None, None);
        while let Some(email) = seq.next_element::<ScimEmail<'de>>()? {
            let Some(value) = email.value.and_then(Lenient::into_text) else {
                continue;
            };
            if primary.is_none() && email.primary.as_ref().and_then(Lenient::truthy) == Some(true) {
                primary = Some(value);
            } else if first.is_none() {
                first = Some(value);
            }
        }
        Ok(BestEmail(primary.or(first)))
    }

    // Anything but a list (null, an object, a string) gives no email.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        LenientVisitor.visit_map(map).map(|_| BestEmail(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(BestEmail(None))
    }
}

/// Any JSON value, kept only as far as a scalar field needs it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lenient<'a> {
    Text(Cow<'a, str>),
    /// A number as JSON would print it (`7`, `-3`, `7.5`).
    Number(String),
    Bool(bool),
    /// `null`, an object or an array: never a usable scalar.
    Other,
}

impl<'a> Lenient<'a> {
    /// Text as given; a number is not text (a `userName` of `7` is not usable).
    pub(crate) fn into_text(self) -> Option<Cow<'a, str>> {
        match self {
            Lenient::Text(text) => Some(text),
            _ => None,
        }
    }

    /// A boolean, or the strings `true`/`false` some servers send instead.
    pub(crate) fn truthy(&self) -> Option<bool> {
        match self {
            Lenient::Bool(value) => Some(*value),
            Lenient::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// A whole number, or a string of digits.
    pub(crate) fn whole_number(&self) -> Option<u64> {
        match self {
            Lenient::Number(digits) | Lenient::Text(Cow::Owned(digits)) => {
                digits.trim().parse().ok()
            }
            Lenient::Text(Cow::Borrowed(digits)) => digits.trim().parse().ok(),
            _ => None,
        }
    }

    /// An id: non-blank text, or a number printed as JSON prints it.
    pub(crate) fn into_id(self) -> Option<Cow<'a, str>> {
        match self {
            Lenient::Text(text) if !text.trim().is_empty() => Some(text),
            Lenient::Number(number) => Some(Cow::Owned(number)),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Lenient<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Lenient<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Lenient::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Lenient::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Lenient::Text(Cow::Owned(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Lenient::Number(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Lenient::Number(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
        // The same digits `serde_json::Value` would print for this number.
        Ok(serde_json::Number::from_f64(value)
            .map_or(Lenient::Other, |n| Lenient::Number(n.to_string())))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Lenient::Bool(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Lenient::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Lenient::Other)
    }
}

fn text(value: Option<Lenient<'_>>) -> Cow<'_, str> {
    value.and_then(Lenient::into_text).unwrap_or_default()
}

impl<'a> ScimRow<'a> {
    /// The tenant user, or `None` when the row has no usable id.
    fn into_user(self) -> Option<TenantUserRef<'a>> {
        let id = self.id?.into_id()?;
        let (given_name, family_name) = self
            .name
            .map_or((None, None), |n| (n.given_name, n.family_name));
        Some(TenantUserRef {
            id,
            user_name: text(self.user_name),
            email: self.emails.and_then(|e| e.0).unwrap_or_default(),
            given_name: text(given_name),
            family_name: text(family_name),
            active: self
                .active
                .as_ref()
                .and_then(Lenient::truthy)
                .unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::tenant_user::test_user as user;
    use serde_json::json;

    fn typed(rows: &serde_json::Value) -> Vec<Option<TenantUser>> {
        let text = rows.to_string();
        let rows: Vec<ScimRow<'_>> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        rows.into_iter()
            .map(|row| row.into_user().map(|u| u.to_owned_user()))
            .collect()
    }

    /// Awkward but valid rows: escapes, a primary email listed second, numeric ids, no id.
    #[test]
    fn reads_awkward_rows() {
        let rows = json!([
            {"id": "1", "userName": "a\"b", "active": "false",
             "name": {"givenName": "Ad\u{e9}", "familyName": null},
             "emails": [{"value": "x@example.com"}, {"value": "y@example.com", "primary": true}],
             "meta": {"created": "2024-01-01"}, "schemas": ["x"]},
            {"id": 7, "emails": [{"type": "work"}, {"value": "z@example.com"}]},
            {"id": -2.5, "userName": "n"},
            {"userName": "no id"},
            {"id": "42", "userName": "ada", "active": false,
             "name": {"givenName": "Ada", "familyName": "Lovelace"},
             "emails": [{"value": "a@x.com"}, {"value": "b@x.com"}]}
        ]);
        let typed = typed(&rows);
        assert_eq!(typed[1], Some(user("7", "", "z@example.com", "", "")));
        assert_eq!(typed[2], Some(user("-2.5", "n", "", "", "")));
        assert_eq!(typed[3], None);
        let first = typed[0].clone().unwrap_or_else(|| panic!("row 0"));
        assert_eq!(
            (first.user_name.as_str(), first.email.as_str(), first.active),
            ("a\"b", "y@example.com", false)
        );
        assert_eq!(first.given_name, "Ad\u{e9}");
        let none_primary = TenantUser {
            active: false,
            ..user("42", "ada", "a@x.com", "Ada", "Lovelace")
        };
        assert_eq!(
            typed[4],
            Some(none_primary),
            "the first email when none is primary"
        );
    }

    /// A field of the wrong type is unusable on its own; the page still parses.
    #[test]
    fn wrong_types_spoil_only_their_field() {
        let rows = json!([
            {"id": {"v": 1}, "userName": "object id"},
            {"id": "2", "userName": 42, "active": [true], "name": {"givenName": 3},
             "emails": [{"value": {"x": 1}, "primary": true}, {"value": "b@example.com", "primary": "true"}]},
            {"id": " ", "userName": "blank id"},
            {"id": "4", "emails": "d@example.com"},
            {"id": "5", "emails": {"value": "e@example.com"}, "name": null}
        ]);
        let typed = typed(&rows);
        for row in [3, 4] {
            let user = typed[row].clone().unwrap_or_else(|| panic!("row {row}"));
            assert_eq!(user.email, "", "emails that are not a list give no email");
        }
        assert_eq!(typed[0], None);
        assert_eq!(typed[2], None);
        let second = typed[1].clone().unwrap_or_else(|| panic!("row 1"));
        assert_eq!(second.user_name, "");
        assert_eq!(second.given_name, "");
        assert_eq!(second.email, "b@example.com");
        assert!(second.active, "an unreadable active flag counts as active");
    }

    #[test]
    fn whole_numbers_from_numbers_or_digits() {
        assert_eq!(Lenient::Number("12".into()).whole_number(), Some(12));
        assert_eq!(
            Lenient::Text(Cow::Borrowed(" 12 ")).whole_number(),
            Some(12)
        );
        assert_eq!(Lenient::Text(Cow::Owned("x".into())).whole_number(), None);
        assert_eq!(Lenient::Number("1.5".into()).whole_number(), None);
        assert_eq!(Lenient::Bool(true).whole_number(), None);
    }
}
