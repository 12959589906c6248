//! Where the secrets live (the SCIM token, the JumpCloud API key): the OS keychain (Secret
//! Service on Linux, macOS Keychain, Windows Credential Manager), or, when the operator
//! explicitly chooses it, this session's memory. Never a file.
//!
//! [`SecretStore`] keeps one secret per account name; [`TokenStore`] is the SCIM token's view
//! of it (one account per tenant), and `crate::jumpcloud::key_store` the API key's.
//!
//! Every call may block (D-Bus round trips, an unlock prompt), so the UI calls these from a
//! background thread; stores are `Send + Sync` and results are plain data.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;

mod error;
mod memory;
mod os;

pub use error::KeychainError;
pub use memory::SessionMemoryStore;
pub use os::OsKeychain;

/// Keychain service name under which every kb4-setup secret is stored.
pub const SERVICE: &str = "kb4-setup";

/// Prefix of the keychain account; the normalised Tenant URL follows it.
pub const ACCOUNT_PREFIX: &str = "scim-token:";

/// The keychain account for a tenant: `scim-token:` + the normalised Tenant URL, so several
/// tenants coexist and two spellings of the same URL share one entry.
pub fn account_for(tenant: &TenantUrl) -> String {
    format!("{ACCOUNT_PREFIX}{}", tenant.normalized())
}

/// Whether a token is stored for a tenant. Never carries the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenPresence {
    Present,
    Absent,
}

impl std::fmt::Display for TokenPresence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TokenPresence::Present => "present",
            TokenPresence::Absent => "absent",
        })
    }
}

/// Where a tenant's token is (or would be) stored, for the status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreLocation {
    /// E.g. "Secret Service (GNOME Keyring / KWallet)" or "this session's memory only".
    pub store_name: String,
    pub service: String,
    pub account: String,
}

impl std::fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, service \"{}\", account \"{}\"",
            self.store_name, self.service, self.account
        )
    }
}

/// A place to keep secrets, one per account name, under the service [`SERVICE`]. Every
/// secret kb4-setup keeps goes through here, so all have the same store, secret type and
/// session-only fallback.
pub trait SecretStore: Send + Sync {
    /// Stores `secret` under `account`, replacing any earlier one.
    fn save_secret(&self, account: &str, secret: &str) -> Result<(), KeychainError>;

    /// Reads the secret of `account` back; `None` when there is none.
    fn load_secret(&self, account: &str) -> Result<Option<SecretString>, KeychainError>;

    /// Removes the secret of `account`. `true` if there was one to remove.
    fn delete_secret(&self, account: &str) -> Result<bool, KeychainError>;

    /// Store name, service and account. Does not touch the store.
    fn location_of(&self, account: &str) -> StoreLocation;
}

/// A place to keep SCIM tokens, one per tenant.
pub trait TokenStore: Send + Sync {
    /// Stores the token for the tenant, replacing any earlier one.
    fn save(&self, tenant: &TenantUrl, token: &ScimToken) -> Result<(), KeychainError>;

    /// Reads the tenant's token back; `None` when there is none.
    fn load(&self, tenant: &TenantUrl) -> Result<Option<ScimToken>, KeychainError>;

    /// Removes the tenant's token. `true` if there was one to remove.
    fn delete(&self, tenant: &TenantUrl) -> Result<bool, KeychainError>;

    /// Whether a token is stored for the tenant, without returning it.
    fn status(&self, tenant: &TenantUrl) -> Result<TokenPresence, KeychainError> {
        Ok(match self.load(tenant)? {
            Some(_) => TokenPresence::Present,
            None => TokenPresence::Absent,
        })
    }

    /// Store name, service and account used for the tenant. Does not touch the store.
    fn describe_location(&self, tenant: &TenantUrl) -> StoreLocation;
}

/// Every secret store keeps SCIM tokens under the tenant's account.
impl<S: SecretStore + ?Sized> TokenStore for S {
    fn save(&self, tenant: &TenantUrl, token: &ScimToken) -> Result<(), KeychainError> {
        self.save_secret(&account_for(tenant), token.expose_for_http())
    }

    fn load(&self, tenant: &TenantUrl) -> Result<Option<ScimToken>, KeychainError> {
        let account = account_for(tenant);
        let Some(secret) = self.load_secret(&account)? else {
            return Ok(None);
        };
        ScimToken::from_stored(secret)
            .map(Some)
            .map_err(|error| KeychainError::UnusableToken {
                store: self.location_of(&account).store_name,
                problem: error.to_string(),
            })
    }

    fn delete(&self, tenant: &TenantUrl) -> Result<bool, KeychainError> {
        self.delete_secret(&account_for(tenant))
    }

    fn describe_location(&self, tenant: &TenantUrl) -> StoreLocation {
        self.location_of(&account_for(tenant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_differ_per_tenant_and_ignore_host_case() {
        let eu = TenantUrl::parse("https://EU.knowbe4.com/scim/v2/A1").unwrap();
        let eu_lower = TenantUrl::parse("https://eu.knowbe4.com/scim/v2/A1").unwrap();
        let us = TenantUrl::parse("https://training.knowbe4.com/scim/v2/A1").unwrap();
        assert_eq!(
            account_for(&eu),
            "scim-token:https://eu.knowbe4.com/scim/v2/A1"
        );
        assert_eq!(account_for(&eu), account_for(&eu_lower));
        assert_ne!(account_for(&eu), account_for(&us));
    }

    #[test]
    fn location_display_names_store_service_and_account() {
        let location = StoreLocation {
            store_name: "macOS Keychain".into(),
            service: SERVICE.into(),
            account: "scim-token:https://eu.knowbe4.com/x".into(),
        };
        assert_eq!(
            location.to_string(),
            "macOS Keychain, service \"kb4-setup\", account \"scim-token:https://eu.knowbe4.com/x\""
        );
    }
}
