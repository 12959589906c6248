//! "Keep for this session only": secrets in this process's memory, gone when kb4-setup exits.
//! Only used when the operator chooses it explicitly (the keychain is unusable); never a file.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use secrecy::{ExposeSecret, SecretString};

use super::{KeychainError, SERVICE, SecretStore, StoreLocation};

/// Name shown wherever the store is named.
pub const SESSION_MEMORY_NAME: &str = "this session's memory only (gone when kb4-setup exits)";

/// Secrets held in memory, keyed by account like the keychain. Share it with `Arc` between
/// threads. `Debug` shows the accounts only.
#[derive(Default)]
pub struct SessionMemoryStore {
    secrets: Mutex<HashMap<String, SecretString>>,
}

impl std::fmt::Debug for SessionMemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let accounts: Vec<String> = self.secrets().keys().cloned().collect();
        f.debug_struct("SessionMemoryStore")
            .field("accounts", &accounts)
            .field("secrets", &"***")
            .finish()
    }
}

impl SessionMemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A panic in another thread while it held the lock leaves the map intact (every change
    /// is one insert or remove), so the poison is ignored rather than spread.
    fn secrets(&self) -> MutexGuard<'_, HashMap<String, SecretString>> {
        self.secrets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SecretStore for SessionMemoryStore {
    fn save_secret(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        self.secrets()
            .insert(account.to_owned(), SecretString::from(secret.to_owned()));
        Ok(())
    }

    fn load_secret(&self, account: &str) -> Result<Option<SecretString>, KeychainError> {
        Ok(self
            .secrets()
            .get(account)
            .map(|secret| SecretString::from(secret.expose_secret().to_owned())))
    }

    fn delete_secret(&self, account: &str) -> Result<bool, KeychainError> {
        Ok(self.secrets().remove(account).is_some())
    }

    fn location_of(&self, account: &str) -> StoreLocation {
        StoreLocation {
            store_name: SESSION_MEMORY_NAME.to_string(),
            service: SERVICE.to_string(),
            account: account.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::{TokenPresence, TokenStore};
    use crate::tenant_url::TenantUrl;
    use crate::token::{ScimToken, parse_pasted_token};

    fn token(text: &str) -> ScimToken {
        parse_pasted_token(text).unwrap().token
    }

    #[test]
    fn round_trip_replace_delete_and_two_tenants() {
        let store = SessionMemoryStore::new();
        let a = TenantUrl::parse("https://eu.knowbe4.com/scim/a").unwrap();
        let b = TenantUrl::parse("https://eu.knowbe4.com/scim/b").unwrap();
        assert_eq!(store.status(&a).unwrap(), TokenPresence::Absent);
        assert!(store.load(&a).unwrap().is_none());
        store.save(&a, &token("first")).unwrap();
        store.save(&b, &token("other")).unwrap();
        store.save(&a, &token("second")).unwrap();
        assert_eq!(store.load(&a).unwrap().unwrap().expose_for_http(), "second");
        assert_eq!(store.load(&b).unwrap().unwrap().expose_for_http(), "other");
        assert!(store.delete(&a).unwrap());
        assert!(!store.delete(&a).unwrap());
        assert_eq!(store.status(&a).unwrap(), TokenPresence::Absent);
        assert_eq!(store.status(&b).unwrap(), TokenPresence::Present);
    }

    #[test]
    fn a_stored_token_too_long_to_send_is_refused_on_load() {
        let store = SessionMemoryStore::new();
        let tenant = TenantUrl::parse("https://eu.knowbe4.com/scim").unwrap();
        let huge = "B".repeat(crate::token::MAX_TOKEN_CHARS + 1);
        store
            .save_secret(&crate::keychain::account_for(&tenant), &huge)
            .unwrap();
        let error = store.load(&tenant).map(|_| ()).unwrap_err();
        assert!(
            matches!(error, KeychainError::UnusableToken { .. }),
            "{error}"
        );
        assert!(!error.to_string().contains("BBBBBBBB"), "{error}");
    }

    #[test]
    fn debug_of_the_store_hides_tokens() {
        let store = SessionMemoryStore::new();
        let tenant = TenantUrl::parse("https://eu.knowbe4.com/scim").unwrap();
        store.save(&tenant, &token("VerySecretValue42")).unwrap();
        let debug = format!("{store:?}");
        assert!(!debug.contains("VerySecretValue42"), "{debug}");
        assert!(
            debug.contains("scim-token:https://eu.knowbe4.com/scim"),
            "{debug}"
        );
    }
}
