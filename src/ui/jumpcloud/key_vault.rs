//! The JumpCloud API key's kind of secret for the window's [`SecretVault`]: the same keychain
//! path as the SCIM token (service `kb4-setup`, the same secret type, masking, Replace /
//! Remove and session-only fallback), under the key's own account `jumpcloud-api-key`.
//!
//! The window keeps one key, the administrator's: an organisation id is a request header, not
//! a second key, so the account is the one `kb4-setup jumpcloud-key set` uses without
//! `--org-id`, and the CLI finds the key the window saved.

use crate::jumpcloud::JumpCloudApiKey;
use crate::jumpcloud::api_key::{delete_key, key_account, load_key, save_key};
use crate::keychain::{KeychainError, SecretStore};
use crate::ui::secret_vault::{SecretKind, SecretVault, SecretWait, VaultWords};

/// The JumpCloud administrator's API key.
pub struct JumpCloudKeyKind;

/// The API key's keychain calls and masked draft.
pub type KeyVault = SecretVault<JumpCloudKeyKind>;

/// JumpCloud work that waits for the key to be read from the keychain.
pub type KeyWait = SecretWait<JumpCloudKeyKind>;

const WORDS: VaultWords = VaultWords {
    saved: "API key saved in the keychain.",
    removed: "API key removed from the keychain.",
    nothing_to_remove: "There was no API key to remove.",
    copied: "API key copied.",
    none_stored: "No JumpCloud API key is stored.",
    none_for_run: "No JumpCloud API key is stored. Save it under \"Connect to JumpCloud \
                   (optional)\" on the Create the JumpCloud application step first.",
};

impl SecretKind for JumpCloudKeyKind {
    /// One key per administrator: nothing distinguishes one from another.
    type Key = ();
    type Secret = JumpCloudApiKey;

    fn account(_: &()) -> String {
        key_account(None)
    }

    fn save(store: &dyn SecretStore, _: &(), key: &JumpCloudApiKey) -> Result<(), KeychainError> {
        save_key(store, None, key)
    }

    fn load(store: &dyn SecretStore, _: &()) -> Result<Option<JumpCloudApiKey>, KeychainError> {
        load_key(store, None)
    }

    fn delete(store: &dyn SecretStore, _: &()) -> Result<bool, KeychainError> {
        delete_key(store, None)
    }

    fn expose(key: &JumpCloudApiKey) -> &str {
        key.expose_for_header()
    }

    fn words() -> &'static VaultWords {
        &WORDS
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::jumpcloud::parse_api_key;
    use crate::keychain::{SessionMemoryStore, TokenPresence};

    fn settle(vault: &mut KeyVault, ctx: &egui::Context) {
        while vault.busy() {
            std::thread::yield_now();
            vault.poll(ctx);
        }
    }

    #[test]
    fn the_key_is_saved_replaced_read_for_a_run_and_removed_under_its_own_account() {
        let ctx = egui::Context::default();
        let store = Arc::new(SessionMemoryStore::new());
        let mut vault = KeyVault::with_store(store.clone());
        assert_eq!(vault.location(&()).account, "jumpcloud-api-key");
        assert_eq!(vault.location(&()).service, "kb4-setup");
        vault.ensure_status(&ctx, &());
        settle(&mut vault, &ctx);
        assert_eq!(vault.presence_of(&()), Some(TokenPresence::Absent));

        vault.save(&ctx, &(), parse_api_key("first-key").unwrap());
        settle(&mut vault, &ctx);
        vault.save(&ctx, &(), parse_api_key("second-key").unwrap());
        settle(&mut vault, &ctx);
        assert_eq!(vault.presence_of(&()), Some(TokenPresence::Present));
        assert_eq!(
            vault.take_changed(),
            Some(("jumpcloud-api-key".into(), true))
        );

        let mut wait = KeyWait::new(());
        assert!(vault.secret_for_run(&ctx, &mut wait).is_none());
        settle(&mut vault, &ctx);
        let key = vault.secret_for_run(&ctx, &mut wait).unwrap().unwrap();
        assert_eq!(key.expose_for_header(), "second-key");

        // The SCIM tokens in the same store are untouched by the key's account.
        assert!(store.load_secret("scim-token:https://x").unwrap().is_none());

        vault.delete(&ctx, &());
        settle(&mut vault, &ctx);
        assert_eq!(vault.presence_of(&()), Some(TokenPresence::Absent));
        let mut wait = KeyWait::new(());
        assert!(vault.secret_for_run(&ctx, &mut wait).is_none());
        settle(&mut vault, &ctx);
        let problem = vault.secret_for_run(&ctx, &mut wait).unwrap().unwrap_err();
        assert!(
            problem.starts_with("No JumpCloud API key is stored"),
            "{problem}"
        );
    }
}
