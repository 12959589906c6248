//! The SCIM token as the window handles it: a masked draft, and keychain calls made on a
//! background thread (they may block on D-Bus or an unlock prompt) with their outcome polled
//! each frame. The token is never written to settings, logs or any file.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

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
    /// The token, read back to run the connection checks with.
    ForChecks(Option<ScimToken>),
}

struct Pending {
    tenant: String,
    receiver: Receiver<Result<Outcome, KeychainError>>,
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
    /// The token read for the connection checks, until the checks take it.
    for_checks: Option<ScimToken>,
    /// A save or a removal that finished: the tenant (normalised) and whether a token is stored
    /// for it now, until the window records it in the settings.
    changed: Option<(String, bool)>,
    /// The operator clicked Remove and has not confirmed yet.
    pub confirm_remove: bool,
    /// A read for the checks asked for while another call ran.
    queued_for_checks: Option<TenantUrl>,
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
            for_checks: None,
            changed: None,
            confirm_remove: false,
            queued_for_checks: None,
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
        let (sender, receiver) = channel();
        let store = self.store();
        let tenant_for_job = tenant.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = sender.send(job(store.as_ref(), &tenant_for_job));
            ctx.request_repaint();
        });
        self.pending = Some(Pending {
            tenant: tenant.normalized().to_owned(),
            receiver,
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

    /// Reads the token back for the connection checks; [`Self::take_for_checks`] hands it over.
    /// While another keychain call runs (e.g. the status asked at start-up), the read waits
    /// for it and starts as soon as it ends.
    pub fn load_for_checks(&mut self, ctx: &egui::Context, tenant: &TenantUrl) {
        if self.busy() {
            self.queued_for_checks = Some(tenant.clone());
            return;
        }
        self.run(ctx, tenant, |store, tenant| {
            store.load(tenant).map(Outcome::ForChecks)
        });
    }

    /// The token read for the checks, once.
    pub fn take_for_checks(&mut self) -> Option<ScimToken> {
        self.for_checks.take()
    }

    /// Takes the result of a finished keychain call, if any.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending else { return };
        let result = match pending.receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err(KeychainError::Platform {
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
        if let Some(tenant) = self.queued_for_checks.take() {
            self.load_for_checks(ctx, &tenant);
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
            Outcome::ForChecks(Some(token)) => {
                self.presence = Some(TokenPresence::Present);
                self.for_checks = Some(token);
            }
            Outcome::ForChecks(None) | Outcome::ForClipboard(None) => {
                self.presence = Some(TokenPresence::Absent);
                self.message = Some("No token is stored for this Tenant URL.".to_owned());
            }
        }
    }
}
