//! The few fields of a SCIM User the reconciliation needs, as `scim_rows` reads them from
//! a page (leniently: real tenants send numeric ids, missing names and several emails).

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

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

/// An active tenant user for unit tests, values as given.
#[cfg(test)]
pub(crate) fn test_user(
    id: &str,
    user_name: &str,
    email: &str,
    given: &str,
    family: &str,
) -> TenantUser {
    TenantUser {
        id: id.into(),
        user_name: user_name.into(),
        email: email.into(),
        given_name: given.into(),
        family_name: family.into(),
        active: true,
    }
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
