//! The OS keychain through the `keyring` crate (4.x, `v1` feature).
//!
//! How keyring 4.2 picks its store: the first `keyring::Entry::new` in the process runs a
//! `LazyLock` that builds the platform store (zbus Secret Service on Linux/BSD, Keychain on
//! macOS, Credential Manager on Windows) and installs it as keyring-core's default store. No
//! explicit `set_default_store` call is needed, the initialisation happens once, lazily, and is
//! safe from any thread. Its result is cached for the life of the process, including a
//! failure: a Secret Service started after kb4-setup is only seen after a restart, which is why
//! the "no Secret Service" messages say to start kb4-setup again.

use keyring::Entry;
use secrecy::SecretString;

use super::{KeychainError, SERVICE, SecretStore, StoreLocation};

/// The store's name as the operator knows it.
pub const STORE_NAME: &str = if cfg!(target_os = "macos") {
    "macOS Keychain"
} else if cfg!(windows) {
    "Windows Credential Manager"
} else {
    "Secret Service (GNOME Keyring / KWallet)"
};

/// The operating system's keychain. Cheap to create; every call may block on D-Bus or an
/// unlock prompt, so call it from a background thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsKeychain;

impl OsKeychain {
    pub fn new() -> Self {
        Self
    }

    /// Whether the keychain could be opened in this process (first call connects; later calls
    /// return the cached answer). Use it to decide early whether to offer the memory store.
    pub fn availability() -> Result<(), KeychainError> {
        match Entry::store_status() {
            Ok(()) => Ok(()),
            Err(error) => Err(KeychainError::from_keyring(error, STORE_NAME, None)),
        }
    }

    fn entry(account: &str) -> Result<Entry, KeychainError> {
        // Report the cached initialisation error itself, not keyring's generic
        // "no default store" that `Entry::new` returns after a failed initialisation.
        Self::availability()?;
        Entry::new(SERVICE, account)
            .map_err(|error| KeychainError::from_keyring(&error, STORE_NAME, None))
    }
}

impl SecretStore for OsKeychain {
    fn save_secret(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        Self::entry(account)?
            .set_password(secret)
            .map_err(|error| KeychainError::from_keyring(&error, STORE_NAME, Some(secret)))
    }

    fn load_secret(&self, account: &str) -> Result<Option<SecretString>, KeychainError> {
        match Self::entry(account)?.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(KeychainError::from_keyring(&error, STORE_NAME, None)),
        }
    }

    fn delete_secret(&self, account: &str) -> Result<bool, KeychainError> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(KeychainError::from_keyring(&error, STORE_NAME, None)),
        }
    }

    fn location_of(&self, account: &str) -> StoreLocation {
        StoreLocation {
            store_name: STORE_NAME.to_string(),
            service: SERVICE.to_string(),
            account: account.to_string(),
        }
    }
}
