//! The SCIM connection checks as the window runs them: the token is read from the keychain
//! first (by the token vault), then the check engine runs on its own thread and its results
//! are polled each frame, so the window keeps painting while a check hangs.

use crate::scim::check_results::{CheckReport, CheckResult};
use crate::scim::runner::{self, RunEvent, RunHandle, RunRequest, TestUser};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;
use crate::ui::token_vault::{TokenVault, TokenWait};

/// What the operator asked to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunChoice {
    pub groups: bool,
    /// Explicit proxy, if the operator set one.
    pub proxy_url: Option<String>,
    /// Extra CA file to trust, if the operator set one.
    pub extra_ca_file: Option<std::path::PathBuf>,
    /// Lifecycle test user's email; `None` for the read-only suite.
    pub lifecycle_email: Option<String>,
}

#[derive(Default)]
pub struct CheckRun {
    handle: Option<RunHandle>,
    /// Results of the run in progress, as they arrive.
    pub live: Vec<CheckResult>,
    /// Set when the operator clicked Run; the token is being read from the keychain.
    pub waiting_for_token: Option<(TokenWait, RunChoice)>,
    /// Wants the lifecycle suite: ask for confirmation first.
    pub confirm_lifecycle: bool,
    pub lifecycle_opt_in: bool,
    pub test_email: String,
    pub problem: Option<String>,
}

impl CheckRun {
    pub fn running(&self) -> bool {
        self.handle.is_some() || self.waiting_for_token.is_some()
    }

    /// Starts a run with the token the vault read back.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        tenant: &TenantUrl,
        token: ScimToken,
        choice: RunChoice,
    ) {
        let mut request = RunRequest::readonly(tenant.clone(), token);
        request.groups = choice.groups;
        request.settings.proxy_url = choice.proxy_url;
        request.settings.extra_ca_file = choice.extra_ca_file;
        request.lifecycle = choice.lifecycle_email.map(TestUser::Email);
        let ctx = ctx.clone();
        self.live.clear();
        self.problem = None;
        self.handle = Some(runner::start(
            request,
            Some(Box::new(move || ctx.request_repaint())),
        ));
    }

    /// Cancels the run; before it has started (the token is still being read), it never starts.
    pub fn cancel(&mut self) {
        match &self.handle {
            Some(handle) => handle.cancel(),
            None => {
                if self.waiting_for_token.take().is_some() {
                    self.problem = Some("Cancelled before the checks started.".to_owned());
                }
            }
        }
    }

    /// Asks for a run against `tenant`: the vault reads the token (at once when it is free),
    /// and the run starts once it has it (see [`CheckRun::advance`]).
    pub fn request(
        &mut self,
        ctx: &egui::Context,
        vault: &mut TokenVault,
        tenant: &TenantUrl,
        choice: RunChoice,
    ) {
        self.problem = None;
        self.waiting_for_token = Some((TokenWait::new(tenant.clone()), choice));
        self.hand_token(ctx, vault);
    }

    /// Moves a requested run along: starts it once the vault has read its token (or says
    /// why there is none), then takes every result that has arrived. Returns the final
    /// report, once, when the run ends.
    pub fn advance(&mut self, ctx: &egui::Context, vault: &mut TokenVault) -> Option<CheckReport> {
        self.hand_token(ctx, vault);
        self.poll()
    }

    /// Once the vault has read the token, start the run it was read for.
    fn hand_token(&mut self, ctx: &egui::Context, vault: &mut TokenVault) {
        let Some((wait, _)) = self.waiting_for_token.as_mut() else {
            return;
        };
        let Some(answer) = vault.secret_for_run(ctx, wait) else {
            return;
        };
        let Some((wait, choice)) = self.waiting_for_token.take() else {
            return;
        };
        match answer {
            Ok(token) => self.start(ctx, wait.key(), token, choice),
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// Takes every result that has arrived; returns the final report when the run ends.
    fn poll(&mut self) -> Option<CheckReport> {
        let handle = self.handle.as_mut()?;
        while let Some(event) = handle.try_next() {
            match event {
                RunEvent::Result(result) => self.live.push(result),
                RunEvent::Finished(report) => {
                    self.handle = None;
                    return Some(report);
                }
            }
        }
        if handle.is_finished() {
            // The worker is gone without a final report; say so rather than spin forever.
            self.handle = None;
            self.problem = Some(
                "The check run ended without a final report. Run the checks again.".to_owned(),
            );
        }
        None
    }
}
