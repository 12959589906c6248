//! A secret as the window handles it (the SCIM token, the JumpCloud API key): a masked draft,
//! and keychain calls made on a background thread (they may block on D-Bus or an unlock
//! prompt) with their outcome polled each frame. The secret is never written to settings, logs
//! or any file. What differs between secrets (the keychain account, the secret's type, the
//! words the window uses) is a [`SecretKind`]; Save / Replace / Remove, masking, Reveal, the
//! session-only fallback and reading the secret for a run are this one path.

use std::sync::Arc;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::background::{Poll, Task};

use crate::keychain::TokenPresence;
use crate::keychain::{KeychainError, OsKeychain, SecretStore, SessionMemoryStore, StoreLocation};

/// How long a revealed secret stays visible before it is masked again.
pub const REVEAL_FOR: Duration = Duration::from_secs(10);

/// The sentences a vault says about its secret.
pub struct VaultWords {
    /// After a save.
    pub saved: &'static str,
    /// After a removal of a stored secret.
    pub removed: &'static str,
    /// After a removal when nothing was stored.
    pub nothing_to_remove: &'static str,
    /// After Copy put the secret on the clipboard.
    pub copied: &'static str,
    /// When Copy or a run found nothing stored.
    pub none_stored: &'static str,
    /// Why a run cannot start: nothing is stored, and where to store it.
    pub none_for_run: &'static str,
}

/// One kind of secret the window keeps in the keychain.
pub trait SecretKind: 'static {
    /// What a secret is kept for: the tenant of a SCIM token, the organisation of an API key.
    type Key: Clone + Send + 'static;
    /// The secret's own type (masked `Debug`, zeroed on drop).
    type Secret: Send + 'static;

    /// The keychain account of `key`; also tells whose status the window shows.
    fn account(key: &Self::Key) -> String;
    fn save(
        store: &dyn SecretStore,
        key: &Self::Key,
        secret: &Self::Secret,
    ) -> Result<(), KeychainError>;
    fn load(
        store: &dyn SecretStore,
        key: &Self::Key,
    ) -> Result<Option<Self::Secret>, KeychainError>;
    fn delete(store: &dyn SecretStore, key: &Self::Key) -> Result<bool, KeychainError>;
    /// The secret's text, for the clipboard after an explicit Copy click.
    fn expose(secret: &Self::Secret) -> &str;
    fn words() -> &'static VaultWords;
}

/// Which store the operator's secret goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreChoice {
    OsKeychain,
    /// Chosen explicitly when no keychain is usable; gone when the app closes.
    SessionMemory,
}

/// What a finished keychain call reports back.
enum Outcome<S> {
    Saved,
    Deleted(bool),
    Presence(TokenPresence),
    /// The secret, read back only because the operator clicked Copy.
    ForClipboard(Option<S>),
    /// The secret, read back to start a run with.
    ForRun(Option<S>),
}

/// A run that waits for its secret: see [`SecretVault::secret_for_run`].
pub struct SecretWait<K: SecretKind> {
    key: K::Key,
    /// The vault was asked to read the secret.
    asked: bool,
}

impl<K: SecretKind> Clone for SecretWait<K> {
    fn clone(&self) -> Self {
        SecretWait {
            key: self.key.clone(),
            asked: self.asked,
        }
    }
}

impl<K: SecretKind> std::fmt::Debug for SecretWait<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretWait")
            .field("account", &K::account(&self.key))
            .field("asked", &self.asked)
            .finish()
    }
}

impl<K: SecretKind> SecretWait<K> {
    /// A run for `key`; the secret is read when the vault is free.
    pub fn new(key: K::Key) -> SecretWait<K> {
        SecretWait { key, asked: false }
    }

    pub fn key(&self) -> &K::Key {
        &self.key
    }
}

/// The keychain call in progress and the account it is about.
struct Pending<S> {
    account: String,
    call: Task<Result<Outcome<S>, KeychainError>>,
}

pub struct SecretVault<K: SecretKind> {
    os: Arc<dyn SecretStore>,
    memory: Arc<SessionMemoryStore>,
    pub choice: StoreChoice,
    /// What the operator pasted, masked on screen and wiped from memory when dropped.
    pub draft: Zeroizing<String>,
    reveal_until: Option<Instant>,
    pending: Option<Pending<K::Secret>>,
    /// The account the status below belongs to.
    status_account: Option<String>,
    pub presence: Option<TokenPresence>,
    pub error: Option<KeychainError>,
    /// A confirmation to show, e.g. "Token saved".
    pub message: Option<String>,
    /// Set when a delete finished, until a step takes note of it.
    deleted: bool,
    /// The secret read for a run, until the run takes it.
    for_run: Option<K::Secret>,
    /// A save or a removal that finished: the account and whether a secret is stored for it
    /// now, until the window records it in the settings.
    changed: Option<(String, bool)>,
    /// The operator clicked Remove and has not confirmed yet.
    pub confirm_remove: bool,
    /// The secret reached the clipboard, until the Copy button that asked shows "Copied".
    copied: bool,
}

impl<K: SecretKind> Default for SecretVault<K> {
    fn default() -> Self {
        SecretVault::with_store(Arc::new(OsKeychain::new()))
    }
}

impl<K: SecretKind> SecretVault<K> {
    /// A vault over `os`: the OS keychain in the app.
    pub fn with_store(os: Arc<dyn SecretStore>) -> SecretVault<K> {
        SecretVault {
            os,
            memory: Arc::new(SessionMemoryStore::new()),
            choice: StoreChoice::OsKeychain,
            draft: Zeroizing::new(String::new()),
            reveal_until: None,
            pending: None,
            status_account: None,
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

    /// True once after a delete finished (the secret is no longer stored).
    pub fn take_deleted(&mut self) -> bool {
        std::mem::take(&mut self.deleted)
    }

    /// True once after the secret was put on the clipboard.
    pub fn take_copied(&mut self) -> bool {
        std::mem::take(&mut self.copied)
    }

    /// Once after a save or a removal finished: the account and whether it has a secret now.
    pub fn take_changed(&mut self) -> Option<(String, bool)> {
        self.changed.take()
    }

    fn store(&self) -> Arc<dyn SecretStore> {
        match self.choice {
            StoreChoice::OsKeychain => self.os.clone(),
            StoreChoice::SessionMemory => self.memory.clone(),
        }
    }

    pub fn location(&self, key: &K::Key) -> StoreLocation {
        self.store().location_of(&K::account(key))
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the status shown belongs to `key`.
    pub fn knows_status_of(&self, key: &K::Key) -> bool {
        self.status_account.as_deref() == Some(K::account(key).as_str())
    }

    /// Whether a secret is stored for `key`, when the last answer was about that key.
    pub fn presence_of(&self, key: &K::Key) -> Option<TokenPresence> {
        self.presence.filter(|_| self.knows_status_of(key))
    }

    /// Asks the store about `key` once, unless an answer, a call or an error is pending.
    pub fn ensure_status(&mut self, ctx: &egui::Context, key: &K::Key) {
        if !self.knows_status_of(key) && !self.busy() && self.error.is_none() {
            self.refresh_status(ctx, key);
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
        self.status_account = None;
        self.presence = None;
    }

    fn run(
        &mut self,
        ctx: &egui::Context,
        key: &K::Key,
        job: impl FnOnce(&dyn SecretStore, &K::Key) -> Result<Outcome<K::Secret>, KeychainError>
        + Send
        + 'static,
    ) {
        if self.pending.is_some() {
            return;
        }
        let store = self.store();
        let key_for_job = key.clone();
        let call = Task::spawn(ctx, move || job(store.as_ref(), &key_for_job));
        self.pending = Some(Pending {
            account: K::account(key),
            call,
        });
        self.message = None;
    }

    /// Asks the store whether a secret is kept for `key`.
    pub fn refresh_status(&mut self, ctx: &egui::Context, key: &K::Key) {
        self.run(ctx, key, |store, key| {
            K::load(store, key).map(|found| {
                Outcome::Presence(match found {
                    Some(_) => TokenPresence::Present,
                    None => TokenPresence::Absent,
                })
            })
        });
    }

    /// Saves `secret` for `key`; the draft is wiped once the store has it.
    pub fn save(&mut self, ctx: &egui::Context, key: &K::Key, secret: K::Secret) {
        self.run(ctx, key, move |store, key| {
            K::save(store, key, &secret).map(|()| Outcome::Saved)
        });
    }

    pub fn delete(&mut self, ctx: &egui::Context, key: &K::Key) {
        self.run(ctx, key, |store, key| {
            K::delete(store, key).map(Outcome::Deleted)
        });
    }

    /// Reads the secret back to put it on the clipboard (only ever on a click).
    pub fn copy_to_clipboard(&mut self, ctx: &egui::Context, key: &K::Key) {
        self.run(ctx, key, |store, key| {
            K::load(store, key).map(Outcome::ForClipboard)
        });
    }

    /// Moves a run that waits for its secret along ("read it from the keychain, then start"):
    /// once no other keychain call runs (e.g. the status asked at start-up), it drops any
    /// secret read earlier for a run that was cancelled, so only the answer to this request
    /// counts, and asks for the secret; once that read ends, it hands over the secret, or the
    /// message that says why there is none. `None` while the run must wait.
    pub fn secret_for_run(
        &mut self,
        ctx: &egui::Context,
        wait: &mut SecretWait<K>,
    ) -> Option<Result<K::Secret, String>> {
        if self.busy() {
            return None;
        }
        if !wait.asked {
            drop(self.for_run.take());
            self.run(ctx, &wait.key, |store, key| {
                K::load(store, key).map(Outcome::ForRun)
            });
            wait.asked = true;
            return None;
        }
        Some(self.for_run.take().ok_or_else(|| match &self.error {
            Some(error) => error.to_string(),
            None => K::words().none_for_run.to_owned(),
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
        let account = pending.account.clone();
        self.pending = None;
        self.status_account = Some(account.clone());
        match result {
            Ok(outcome) => {
                self.error = None;
                match &outcome {
                    Outcome::Saved => self.changed = Some((account, true)),
                    Outcome::Deleted(_) => self.changed = Some((account, false)),
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

    fn apply(&mut self, ctx: &egui::Context, outcome: Outcome<K::Secret>) {
        let words = K::words();
        match outcome {
            Outcome::Saved => {
                self.draft = Zeroizing::new(String::new());
                self.hide();
                self.presence = Some(TokenPresence::Present);
                self.message = Some(words.saved.to_owned());
            }
            Outcome::Deleted(existed) => {
                self.deleted = true;
                self.presence = Some(TokenPresence::Absent);
                let said = if existed {
                    words.removed
                } else {
                    words.nothing_to_remove
                };
                self.message = Some(said.to_owned());
            }
            Outcome::Presence(presence) => self.presence = Some(presence),
            Outcome::ForClipboard(Some(secret)) => {
                ctx.copy_text(K::expose(&secret).to_owned());
                self.copied = true;
                self.message = Some(words.copied.to_owned());
            }
            Outcome::ForRun(Some(secret)) => {
                self.presence = Some(TokenPresence::Present);
                self.for_run = Some(secret);
            }
            Outcome::ForRun(None) | Outcome::ForClipboard(None) => {
                self.presence = Some(TokenPresence::Absent);
                self.message = Some(words.none_stored.to_owned());
            }
        }
    }
}
