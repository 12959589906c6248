//! The JumpCloud API key: a secret type that cannot be printed by accident, the checks run on
//! a pasted key, and where it is kept (the OS keychain, service `kb4-setup`, its own account).
//!
//! The key's format is not documented, so the checks are only what holds for any header
//! value: trimmed, not empty, no whitespace inside, not absurdly long.

use secrecy::{ExposeSecret, SecretString};

use super::connection::OrgId;
use crate::keychain::{KeychainError, SecretStore, StoreLocation, TokenPresence};

/// The longest key accepted, in characters: kb4-setup's own limit (JumpCloud documents no key
/// length), which stops a whole file pasted by mistake from being stored or sent.
pub const MAX_API_KEY_CHARS: usize = 4096;

/// Keychain account of the key used without an organisation id.
pub const KEY_ACCOUNT: &str = "jumpcloud-api-key";

/// A JumpCloud administrator's API key, held in memory only. Zeroed on drop; `Debug` and
/// `Display` print `JumpCloudApiKey(***)`. The only way to read it is
/// [`JumpCloudApiKey::expose_for_header`], so every use is easy to find.
#[derive(Clone)]
pub struct JumpCloudApiKey(SecretString);

impl JumpCloudApiKey {
    /// The key's text, for the `x-api-key` header or the keychain. Never log or show it.
    pub fn expose_for_header(&self) -> &str {
        self.0.expose_secret()
    }

    /// Number of characters, for a line such as "40 characters" that proves something was
    /// pasted without showing it.
    pub fn char_count(&self) -> usize {
        self.0.expose_secret().chars().count()
    }
}

impl std::fmt::Debug for JumpCloudApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JumpCloudApiKey(***)")
    }
}

impl std::fmt::Display for JumpCloudApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JumpCloudApiKey(***)")
    }
}

/// Why a pasted key was refused. Messages never contain the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyError {
    #[error(
        "The JumpCloud API key is empty. Paste the API key of the JumpCloud administrator \
         whose role kb4-setup should read with (a read-only role is enough)."
    )]
    Empty,
    #[error(
        "The JumpCloud API key is {length} characters long; kb4-setup accepts at most {limit} \
         (its own limit, not JumpCloud's). Something else may have been pasted: copy only the \
         key."
    )]
    TooLong { length: usize, limit: usize },
    #[error(
        "The JumpCloud API key contains a space or line break at character {position}. \
         kb4-setup does not accept one inside a key: copy it again in one piece."
    )]
    InnerWhitespace { position: usize },
    #[error(
        "The JumpCloud API key contains characters that cannot be sent in an HTTP header. Copy \
         it again in one piece."
    )]
    NotSendable,
}

/// Checks a key pasted by the operator (or piped in): surrounding whitespace is dropped; an
/// empty key, one with whitespace or control characters inside, or an absurdly long one is
/// refused.
pub fn parse_api_key(input: &str) -> Result<JumpCloudApiKey, ApiKeyError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ApiKeyError::Empty);
    }
    if trimmed.len() > MAX_API_KEY_CHARS && trimmed.chars().nth(MAX_API_KEY_CHARS).is_some() {
        return Err(ApiKeyError::TooLong {
            length: trimmed.chars().count(),
            limit: MAX_API_KEY_CHARS,
        });
    }
    if let Some(index) = trimmed.chars().position(char::is_whitespace) {
        return Err(ApiKeyError::InnerWhitespace {
            position: index + 1,
        });
    }
    if !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiKeyError::NotSendable);
    }
    Ok(JumpCloudApiKey(SecretString::from(trimmed.to_owned())))
}

/// The keychain account of the key: `jumpcloud-api-key`, or `jumpcloud-api-key:<org id>`
/// when the key is kept for one organisation of a multi-tenant administrator.
pub fn key_account(org_id: Option<&OrgId>) -> String {
    match org_id {
        Some(org) => format!("{KEY_ACCOUNT}:{}", org.as_str()),
        None => KEY_ACCOUNT.to_owned(),
    }
}

/// Stores the key, replacing any earlier one for the same organisation id.
pub fn save_key(
    store: &dyn SecretStore,
    org_id: Option<&OrgId>,
    key: &JumpCloudApiKey,
) -> Result<(), KeychainError> {
    store.save_secret(&key_account(org_id), key.expose_for_header())
}

/// The key for `org_id`: the one kept for that organisation, else the one kept without an
/// organisation id. `None` when neither is stored.
pub fn load_key(
    store: &dyn SecretStore,
    org_id: Option<&OrgId>,
) -> Result<Option<JumpCloudApiKey>, KeychainError> {
    let mut accounts = vec![key_account(org_id)];
    if org_id.is_some() {
        accounts.push(key_account(None));
    }
    for account in accounts {
        if let Some(secret) = store.load_secret(&account)? {
            // A stored value that no longer passes the checks is treated as absent.
            if let Ok(key) = parse_api_key(secret.expose_secret()) {
                return Ok(Some(key));
            }
        }
    }
    Ok(None)
}

/// Removes the key stored for exactly `org_id`. `true` if there was one.
pub fn delete_key(store: &dyn SecretStore, org_id: Option<&OrgId>) -> Result<bool, KeychainError> {
    store.delete_secret(&key_account(org_id))
}

/// Whether a key is stored for exactly `org_id`, without returning it.
pub fn key_status(
    store: &dyn SecretStore,
    org_id: Option<&OrgId>,
) -> Result<TokenPresence, KeychainError> {
    Ok(match store.load_secret(&key_account(org_id))? {
        Some(_) => TokenPresence::Present,
        None => TokenPresence::Absent,
    })
}

/// Store name, service and account of the key for `org_id`.
pub fn key_location(store: &dyn SecretStore, org_id: Option<&OrgId>) -> StoreLocation {
    store.location_of(&key_account(org_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::SessionMemoryStore;

    #[test]
    fn a_pasted_key_is_trimmed_and_never_printed() {
        let key = parse_api_key("  a1b2c3d4e5\n").unwrap();
        assert_eq!(key.expose_for_header(), "a1b2c3d4e5");
        assert_eq!(key.char_count(), 10);
        assert_eq!(
            format!("{key:?} {key}"),
            "JumpCloudApiKey(***) JumpCloudApiKey(***)"
        );
    }

    #[test]
    fn bad_keys_are_refused_without_repeating_them() {
        assert_eq!(parse_api_key(" \n").unwrap_err(), ApiKeyError::Empty);
        let inner = parse_api_key("abc def").unwrap_err();
        assert_eq!(inner, ApiKeyError::InnerWhitespace { position: 4 });
        assert!(!inner.to_string().contains("abc"));
        assert_eq!(
            parse_api_key("abc\u{7}def").unwrap_err(),
            ApiKeyError::NotSendable
        );
        let huge = "k".repeat(MAX_API_KEY_CHARS + 1);
        let error = parse_api_key(&huge).unwrap_err();
        assert!(matches!(error, ApiKeyError::TooLong { .. }), "{error}");
        assert!(!error.to_string().contains("kkkk"));
        assert!(
            error.to_string().contains("its own limit, not JumpCloud's"),
            "{error}"
        );
        assert!(
            inner.to_string().contains("kb4-setup does not accept"),
            "{inner}"
        );
        assert!(parse_api_key(&"k".repeat(MAX_API_KEY_CHARS)).is_ok());
    }

    #[test]
    fn keys_are_kept_per_organisation_with_a_general_fallback() {
        let store = SessionMemoryStore::new();
        let org = OrgId::parse("5f0c1a2b3c4d5e6f7a8b9c0d").unwrap();
        assert!(load_key(&store, Some(&org)).unwrap().is_none());
        save_key(&store, None, &parse_api_key("general").unwrap()).unwrap();
        let key = load_key(&store, Some(&org)).unwrap().unwrap();
        assert_eq!(key.expose_for_header(), "general");
        save_key(&store, Some(&org), &parse_api_key("for-org").unwrap()).unwrap();
        let key = load_key(&store, Some(&org)).unwrap().unwrap();
        assert_eq!(key.expose_for_header(), "for-org");
        assert_eq!(
            key_status(&store, Some(&org)).unwrap(),
            TokenPresence::Present
        );
        assert_eq!(
            key_location(&store, Some(&org)).account,
            "jumpcloud-api-key:5f0c1a2b3c4d5e6f7a8b9c0d"
        );
        assert!(delete_key(&store, Some(&org)).unwrap());
        assert!(!delete_key(&store, Some(&org)).unwrap());
        assert_eq!(
            key_status(&store, Some(&org)).unwrap(),
            TokenPresence::Absent
        );
        assert_eq!(key_status(&store, None).unwrap(), TokenPresence::Present);
        assert_eq!(key_location(&store, None).account, "jumpcloud-api-key");
    }
}
