//! The SCIM token's kind of secret for the window's [`SecretVault`]: one keychain entry per
//! tenant (service `kb4-setup`, account `scim-token:` + the normalised Tenant URL), and what the
//! token step says about it. The vault itself (masked draft, Save / Replace / Remove, the
//! session-only fallback, reading the token for a run) is shared with the JumpCloud API key.

use crate::keychain::{KeychainError, SecretStore, TokenStore, account_for};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;
use crate::ui::secret_vault::{SecretKind, SecretVault, SecretWait, VaultWords};

pub use crate::ui::secret_vault::{REVEAL_FOR, StoreChoice};

/// The SCIM token, kept per tenant.
pub struct ScimTokenKind;

/// The SCIM token's keychain calls and masked draft.
pub type TokenVault = SecretVault<ScimTokenKind>;

/// A run (connection checks or reconciliation) that waits for its token.
pub type TokenWait = SecretWait<ScimTokenKind>;

const WORDS: VaultWords = VaultWords {
    saved: "Token saved. You can close KnowBe4's token window.",
    removed: "Token removed.",
    nothing_to_remove: "There was no token to remove.",
    copied: "Token copied: paste it into JumpCloud's Token Key field.",
    none_stored: "No token is stored for this Tenant URL.",
    none_for_run: "No SCIM token is stored for this Tenant URL. Save it on the KnowBe4 SCIM \
                   token step first.",
};

impl SecretKind for ScimTokenKind {
    type Key = TenantUrl;
    type Secret = ScimToken;

    fn account(tenant: &TenantUrl) -> String {
        account_for(tenant)
    }

    fn save(
        store: &dyn SecretStore,
        tenant: &TenantUrl,
        token: &ScimToken,
    ) -> Result<(), KeychainError> {
        TokenStore::save(store, tenant, token)
    }

    fn load(
        store: &dyn SecretStore,
        tenant: &TenantUrl,
    ) -> Result<Option<ScimToken>, KeychainError> {
        TokenStore::load(store, tenant)
    }

    fn delete(store: &dyn SecretStore, tenant: &TenantUrl) -> Result<bool, KeychainError> {
        TokenStore::delete(store, tenant)
    }

    fn expose(token: &ScimToken) -> &str {
        token.expose_for_http()
    }

    fn words() -> &'static VaultWords {
        &WORDS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keychain::SessionMemoryStore;
    use std::sync::Arc;

    fn settle(vault: &mut TokenVault, ctx: &egui::Context) {
        while vault.busy() {
            std::thread::yield_now();
            vault.poll(ctx);
        }
    }

    fn answer(vault: &mut TokenVault, ctx: &egui::Context, wait: &mut TokenWait) -> String {
        assert!(
            vault.secret_for_run(ctx, wait).is_none(),
            "first the read is asked"
        );
        settle(vault, ctx);
        match vault.secret_for_run(ctx, wait) {
            Some(Ok(token)) => token.expose_for_http().to_owned(),
            Some(Err(problem)) => problem,
            None => panic!("the read ended"),
        }
    }

    #[test]
    fn a_run_gets_the_token_of_its_own_request_never_a_stale_one() {
        let ctx = egui::Context::default();
        let mut vault = TokenVault::with_store(Arc::new(SessionMemoryStore::new()));
        let tenant = TenantUrl::parse("https://training.knowbe4.com/scim/v2/x").unwrap();
        let token = crate::token::parse_pasted_token("first-token")
            .unwrap()
            .token;
        vault.save(&ctx, &tenant, token);
        settle(&mut vault, &ctx);
        assert_eq!(
            answer(&mut vault, &ctx, &mut TokenWait::new(tenant.clone())),
            "first-token"
        );

        // A read whose run was cancelled leaves its token behind...
        assert!(
            vault
                .secret_for_run(&ctx, &mut TokenWait::new(tenant.clone()))
                .is_none()
        );
        settle(&mut vault, &ctx);
        vault.delete(&ctx, &tenant);
        settle(&mut vault, &ctx);
        // ...which the next run never receives: it gets the keychain's answer of now.
        let now = answer(&mut vault, &ctx, &mut TokenWait::new(tenant));
        assert!(now.starts_with("No SCIM token is stored"), "{now}");
    }
}
