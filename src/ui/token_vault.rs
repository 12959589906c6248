//! The SCIM token as the window handles it: a masked draft, and keychain calls made on a
//! background thread (they may block on D-Bus or an unlock prompt) with their outcome polled
//! each frame. The token is never written to settings, logs or any file.

use std::sync::Arc;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::background::{Poll, Task};
use crate::keychain::{
    KeychainError, OsKeychain, SessionMemoryStore, StoreLocation, TokenPresence, TokenStore,
};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;

/// How long a revealed token stays visible before it is masked again.
pub const REVEAL_FOR: Duration = Duration::from_secs(10);

/// Which store the operator's token goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreChoice {
    OsKeychain,
    /// Chosen explicitly when no keychain is usable; gone when the app closes.
    SessionMemory,
}

/// What a finished keychain call reports back.
enum Outcome {
    Saved,
    Deleted(bool),
    Presence(TokenPresence),
    /// The token, read back only because the operator clicked Copy.
    ForClipboard(Option<ScimToken>),
    /// The token, read back to start a run with (checks or reconciliation).
    ForRun(Option<ScimToken>),
}

/// A run (connection checks or reconciliation) that waits for its token: see
/// [`TokenVault::token_for_run`].
#[derive(Debug, Clone)]
pub struct TokenWait {
    tenant: TenantUrl,
    /// The vault was asked to read the token.
    asked: bool,
}

impl TokenWait {
    /// A run against `tenant`; the token is read when the vault is free.
    pub fn new(tenant: TenantUrl) -> TokenWait {
        TokenWait {
            tenant,
            asked: false,
        }
    }

    pub fn tenant(&self) -> &TenantUrl {
        &self.tenant
    }
}

/// The keychain call in progress and the tenant (normalised) it is about.
struct Pending {
    tenant: String,
    call: Task<Result<Outcome, KeychainError>>,
}

pub struct TokenVault {
    os: Arc<dyn TokenStore>,
    memory: Arc<SessionMemoryStore>,
    pub choice: StoreChoice,
    /// What the operator pasted, masked on screen and wiped from memory when dropped.
    pub draft: Zeroizing<String>,
    reveal_until: Option<Instant>,
    pending: Option<Pending>,
    /// The tenant the status below belongs to (normalised URL).
    status_tenant: Option<String>,
    pub presence: Option<TokenPresence>,
    pub error: Option<KeychainError>,
    /// A confirmation to show, e.g. "Token saved".
    pub message: Option<String>,
    /// Set when a delete finished, until a step takes note of it.
    deleted: bool,
    /// The token read for a run, until the run takes it.
    for_run: Option<ScimToken>,
    /// A save or a removal that finished: the tenant (normalised) and whether a token is stored
    /// for it now, until the window records it in the settings.
    changed: Option<(String, bool)>,
    /// The operator clicked Remove and has not confirmed yet.
    pub confirm_remove: bool,
    /// The token reached the clipboard, until the Copy button that asked shows "Copied".
    copied: bool,
}

impl Default for TokenVault {
    fn default() -> Self {
        TokenVault::with_store(Arc::new(OsKeychain::new()))
    }
}

impl TokenVault {
    /// A vault over `os`: the OS keychain in the app.
    pub fn with_store(os: Arc<dyn TokenStore>) -> TokenVault {
        TokenVault {
            os,
            memory: Arc::new(SessionMemoryStore::new()),
            choice: StoreChoice::OsKeychain,
            draft: Zeroizing::new(String::new()),
            reveal_until: None,
            pending: None,
            status_tenant: None,
            presence: None,
            error: None,
            message: None,
            deleted: false,
            for_run: None,
            changed: None,
            confirm_remove: false,
            copied: false,
        }
    }

    /// True once after a delete finished (the token is no longer stored).
    pub fn take_deleted(&mut self) -> bool {
        std::mem::take(&mut self.deleted)
    }

    /// True once after the token was put on the clipboard.
    pub fn take_copied(&mut self) -> bool {
        std::mem::take(&mut self.copied)
    }

    /// Once after a save or a removal finished: the tenant and whether it has a token now.
    pub fn take_changed(&mut self) -> Option<(String, bool)> {
        self.changed.take()
    }

    fn store(&self) -> Arc<dyn TokenStore> {
        match self.choice {
            StoreChoice::OsKeychain => self.os.clone(),
            StoreChoice::SessionMemory => self.memory.clone(),
        }
    }

    pub fn location(&self, tenant: &TenantUrl) -> StoreLocation {
        self.store().describe_location(tenant)
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the status shown belongs to `tenant`.
    pub fn knows_status_of(&self, tenant: &TenantUrl) -> bool {
        self.status_tenant.as_deref() == Some(tenant.normalized())
    }

    /// Whether a token is stored for `tenant`, when the last answer was about that tenant.
    pub fn presence_of(&self, tenant: &TenantUrl) -> Option<TokenPresence> {
        self.presence.filter(|_| self.knows_status_of(tenant))
    }

    /// Asks the store about `tenant` once, unless an answer, a call or an error is pending.
    pub fn ensure_status(&mut self, ctx: &egui::Context, tenant: &TenantUrl) {
        if !self.knows_status_of(tenant) && !self.busy() && self.error.is_none() {
            self.refresh_status(ctx, tenant);
        }
    }

    pub fn revealed(&self, now: Instant) -> bool {
        self.reveal_until.is_some_and(|until| now < until)
    }

    /// Shows the draft for [`REVEAL_FOR`]; the window repaints when it is due to hide again.
    pub fn reveal(&mut self, ctx: &egui::Context) {
        self.reveal_until = Some(Instant::now() + REVEAL_FOR);
        ctx.request_repaint_after(REVEAL_FOR);
    }

    pub fn hide(&mut self) {
        self.reveal_until = None;
    }

    /// Switches to the session-only memory store, which the operator chose explicitly.
    pub fn use_session_memory(&mut self) {
        self.choice = StoreChoice::SessionMemory;
        self.error = None;
        self.status_tenant = None;
        self.presence = None;
    }

    fn run(
        &mut self,
        ctx: &egui::Context,
        tenant: &TenantUrl,
        job: impl FnOnce(&dyn TokenStore, &TenantUrl) -> Result<Outcome, KeychainError> + Send + 'static,
    ) {
        if self.pending.is_some() {
            return;
        }
        let store = self.store();
        let tenant_for_job = tenant.clone();
        let call = Task::spawn(ctx, move || job(store.as_ref(), &tenant_for_job));
        self.pending = Some(Pending {
            tenant: tenant.normalized().to_owned(),
            call,
        });
        self.message = None;
    }

    /// Asks the store whether a token is kept for `tenant`.
    pub fn refresh_status(&mut self, ctx: &egui::Context, tenant: &TenantUrl) {
        self.run(ctx, tenant, |store, tenant| {
            store.status(tenant).map(Outcome::Presence)
        });
    }

    /// Saves `token` for `tenant`; the draft is wiped once the store has it.
    pub fn save(&mut self, ctx: &egui::Context, tenant: &TenantUrl, token: ScimToken) {
        self.run(ctx, tenant, move |store, tenant| {
            store.save(tenant, &token).map(|()| Outcome::Saved)
        });
    }

    pub fn delete(&mut self, ctx: &egui::Context, tenant: &TenantUrl) {
        self.run(ctx, tenant, |store, tenant| {
            store.delete(tenant).map(Outcome::Deleted)
        });
    }

    /// Reads the token back to put it on the clipboard (only ever on a click).
    pub fn copy_to_clipboard(&mut self, ctx: &egui::Context, tenant: &TenantUrl) {
        self.run(ctx, tenant, |store, tenant| {
            store.load(tenant).map(Outcome::ForClipboard)
        });
    }

    /// Moves a run that waits for its token along ("read the token from the keychain, then
    /// start"): once no other keychain call runs (e.g. the status asked at start-up), it drops
    /// any token read earlier for a run that was cancelled, so only the answer to this request
    /// counts, and asks for the token; once that read ends, it hands over the token, or the
    /// message that says why there is none. `None` while the run must wait.
    pub fn token_for_run(
        &mut self,
        ctx: &egui::Context,
        wait: &mut TokenWait,
    ) -> Option<Result<ScimToken, String>> {
        if self.busy() {
            return None;
        }
        if !wait.asked {
            drop(self.for_run.take());
            self.run(ctx, &wait.tenant, |store, tenant| {
                store.load(tenant).map(Outcome::ForRun)
            });
            wait.asked = true;
            return None;
        }
        Some(self.for_run.take().ok_or_else(|| match &self.error {
            Some(error) => error.to_string(),
            None => "No SCIM token is stored for this Tenant URL. Save it on the KnowBe4 SCIM                      token step first."
                .to_owned(),
        }))
    }

    /// Takes the result of a finished keychain call, if any.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(pending) = &mut self.pending else {
            return;
        };
        let result = match pending.call.poll() {
            Poll::Done(result) => result,
            Poll::Running => return,
            Poll::Vanished => Err(KeychainError::Platform {
                store: "keychain".to_owned(),
                detail: "the keychain call stopped unexpectedly".to_owned(),
            }),
        };
        let tenant = pending.tenant.clone();
        self.pending = None;
        self.status_tenant = Some(tenant.clone());
        match result {
            Ok(outcome) => {
                self.error = None;
                match &outcome {
                    Outcome::Saved => self.changed = Some((tenant, true)),
                    Outcome::Deleted(_) => self.changed = Some((tenant, false)),
                    _ => {}
                }
                self.apply(ctx, outcome);
            }
            Err(error) => {
                tracing::warn!("keychain: {error}");
                self.error = Some(error);
            }
        }
    }

    fn apply(&mut self, ctx: &egui::Context, outcome: Outcome) {
        match outcome {
            Outcome::Saved => {
                self.draft = Zeroizing::new(String::new());
                self.hide();
                self.presence = Some(TokenPresence::Present);
                self.message =
                    Some("Token saved. You can close KnowBe4's token window.".to_owned());
            }
            Outcome::Deleted(existed) => {
                self.deleted = true;
                self.presence = Some(TokenPresence::Absent);
                self.message = Some(
                    if existed {
                        "Token removed."
                    } else {
                        "There was no token to remove."
                    }
                    .to_owned(),
                );
            }
            Outcome::Presence(presence) => self.presence = Some(presence),
            Outcome::ForClipboard(Some(token)) => {
                ctx.copy_text(token.expose_for_http().to_owned());
                self.copied = true;
                self.message =
                    Some("Token copied: paste it into JumpCloud's Token Key field.".to_owned());
            }
            Outcome::ForRun(Some(token)) => {
                self.presence = Some(TokenPresence::Present);
                self.for_run = Some(token);
            }
            Outcome::ForRun(None) | Outcome::ForClipboard(None) => {
                self.presence = Some(TokenPresence::Absent);
                self.message = Some("No token is stored for this Tenant URL.".to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(vault: &mut TokenVault, ctx: &egui::Context) {
        while vault.busy() {
            std::thread::yield_now();
            vault.poll(ctx);
        }
    }

    fn answer(vault: &mut TokenVault, ctx: &egui::Context, wait: &mut TokenWait) -> String {
        assert!(
            vault.token_for_run(ctx, wait).is_none(),
            "first the read is asked"
        );
        settle(vault, ctx);
        match vault.token_for_run(ctx, wait) {
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
                .token_for_run(&ctx, &mut TokenWait::new(tenant.clone()))
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
