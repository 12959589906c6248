//! What can be wrong with a Tenant URL, in words for the operator.

use serde::{Deserialize, Serialize};

use crate::region::Region;

/// A reason to refuse a Tenant URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum TenantUrlProblem {
    #[error(
        "The Tenant URL is empty. Copy it from KnowBe4: Account Settings > User Management > \
         User Provisioning."
    )]
    Empty,
    #[error("The Tenant URL has spaces or line breaks around it.")]
    SurroundingWhitespace,
    #[error("{}", query_or_fragment_message(*query, *fragment))]
    QueryOrFragment { query: bool, fragment: bool },
    #[error("The Tenant URL ends with a slash; JumpCloud rejects a Base URL with a trailing '/'.")]
    TrailingSlash,
    #[error(
        "The Tenant URL has a space or line break inside it (character {position}). Copy it \
         again in one piece from KnowBe4."
    )]
    InnerWhitespace { position: usize },
    #[error(
        "The Tenant URL is not a valid URL ({reason}). Copy the whole URL, starting with \
         https://, from KnowBe4."
    )]
    NotAUrl { reason: String },
    #[error(
        "The Tenant URL has no host name. Copy the whole URL, starting with https://, from KnowBe4."
    )]
    NoHost,
    #[error(
        "The Tenant URL uses plain http to {host}. The SCIM token must only travel over https: \
         use https://."
    )]
    PlainHttp { host: String },
    #[error("The Tenant URL starts with '{scheme}:'. It must start with https://.")]
    UnsupportedScheme { scheme: String },
    #[error(
        "The Tenant URL contains a user name or password before the host. Remove it: the SCIM \
         token is the only credential JumpCloud sends."
    )]
    Credentials,
}

fn query_or_fragment_message(query: bool, fragment: bool) -> &'static str {
    match (query, fragment) {
        (true, true) => {
            "The Tenant URL has a query string ('?…') and a fragment ('#…'). kb4-setup accepts \
             only a URL that ends with its path, since the SCIM paths (/Users, /Groups) are added \
             after it: copy it again from KnowBe4."
        }
        (true, false) => {
            "The Tenant URL has a query string ('?…'). kb4-setup accepts only a URL that ends \
             with its path, since the SCIM paths (/Users, /Groups) are added after it: copy it \
             again from KnowBe4."
        }
        _ => {
            "The Tenant URL has a fragment ('#…'). kb4-setup accepts only a URL that ends with \
             its path, since the SCIM paths (/Users, /Groups) are added after it: copy it again \
             from KnowBe4."
        }
    }
}

/// Something to show next to an accepted Tenant URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum TenantUrlWarning {
    #[error(
        "Plain http to {host}: allowed only because it is this computer (local testing). A real \
         KnowBe4 Tenant URL uses https."
    )]
    PlainHttpLoopback { host: String },
    #[error(
        "The host {host} is not a knowbe4.com host. Check that you copied the Tenant URL from \
         KnowBe4's User Provisioning page."
    )]
    NotKnowBe4Host { host: String },
    #[error(
        "The host {host} belongs to KnowBe4's {host_region} region, but you chose {chosen}. \
         Check the region, or copy the Tenant URL from the right KnowBe4 account."
    )]
    RegionMismatch {
        host: String,
        chosen: Region,
        host_region: Region,
    },
}

/// The warnings, one sentence each, as one paragraph.
pub fn warnings_text(warnings: &[TenantUrlWarning]) -> String {
    warnings
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
