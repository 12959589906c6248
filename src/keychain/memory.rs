//! "Keep for this session only": tokens in this process's memory, gone when kb4-setup exits.
//! Only used when the operator chooses it explicitly (the keychain is unusable); never a file.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{KeychainError, SERVICE, StoreLocation, TokenStore, account_for};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;

/// Name shown wherever the store is named.
pub const SESSION_MEMORY_NAME: &str = "this session's memory only (gone when kb4-setup exits)";

/// Tokens held in memory, keyed like the keychain. Share it with `Arc` between threads.
#[derive(Debug, Default)]
pub struct SessionMemoryStore {
    tokens: Mutex<HashMap<String, ScimToken>>,
}

impl SessionMemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A panic in another thread while it held the lock leaves the map intact (every change
    /// is one insert or remove), so the poison is ignored rather than spread.
    fn tokens(&self) -> MutexGuard<'_, HashMap<String, ScimToken>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl TokenStore for SessionMemoryStore {
    fn save(&self, tenant: &TenantUrl, token: &ScimToken) -> Result<(), KeychainError> {
        self.tokens().insert(account_for(tenant), token.clone());
        Ok(())
    }

    fn load(&self, tenant: &TenantUrl) -> Result<Option<ScimToken>, KeychainError> {
        Ok(self.tokens().get(&account_for(tenant)).cloned())
    }

    fn delete(&self, tenant: &TenantUrl) -> Result<bool, KeychainError> {
        Ok(self.tokens().remove(&account_for(tenant)).is_some())
    }

    fn describe_location(&self, tenant: &TenantUrl) -> StoreLocation {
        StoreLocation {
            store_name: SESSION_MEMORY_NAME.to_string(),
            service: SERVICE.to_string(),
            account: account_for(tenant),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::TokenPresence;
    use crate::token::parse_pasted_token;

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
    fn debug_of_the_store_hides_tokens() {
        let store = SessionMemoryStore::new();
        let tenant = TenantUrl::parse("https://eu.knowbe4.com/scim").unwrap();
        store.save(&tenant, &token("VerySecretValue42")).unwrap();
        let debug = format!("{store:?}");
        assert!(!debug.contains("VerySecretValue42"), "{debug}");
        assert!(debug.contains("ScimToken(***)"), "{debug}");
    }
}
