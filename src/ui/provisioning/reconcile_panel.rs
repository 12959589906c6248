//! The reconciliation on the Import users step: read every user of the KnowBe4 tenant page by
//! page on a background thread, match them against the loaded JumpCloud export, and show the
//! four lists. The token comes from the keychain through the token vault; it is never kept
//! here longer than it takes to start the job.

use std::sync::Arc;

use egui::{RichText, Ui};

use super::csv_files::{self, ExportOutcome, ExportTarget, Task};
use super::reconcile_lists;
pub use super::reconcile_lists::Reconciled;
use super::scope_choice::ScopeChoice;
use super::users_export::UsersExport;
use crate::provisioning::job::{JobState, ReconcileJob};
use crate::provisioning::paging::{PagingConfig, PagingError, ProgressSnapshot};
use crate::provisioning::reconcile_export::{ReconcileList, write_list_csv};
use crate::tenant_url::TenantUrl;
use crate::ui::theme;
use crate::ui::token_vault::{TokenVault, TokenWait};

/// The proxy and extra CA set on Identity Management: the reconciliation reaches the
/// tenant the way the connection checks do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub proxy_url: Option<String>,
    pub extra_ca_file: Option<std::path::PathBuf>,
}

struct Running {
    job: ReconcileJob,
    file_name: String,
    tenant_url: String,
    progress: ProgressSnapshot,
}

#[derive(Default)]
pub struct ReconcilePanel {
    /// Which JumpCloud users the next comparison covers.
    pub scope: ScopeChoice,
    waiting: Option<TokenWait>,
    /// The network settings of the requested run.
    network: Network,
    running: Option<Running>,
    /// The last finished run; kept on screen while a new one goes.
    pub result: Option<Arc<Reconciled>>,
    /// Why the last run did not finish (cancelled, refused token, network), for the operator.
    pub problem: Option<String>,
    export: Option<Task<ExportOutcome>>,
    export_requested: Option<(ReconcileList, ExportTarget)>,
    pub export_outcome: Option<ExportOutcome>,
}

impl ReconcilePanel {
    pub fn running(&self) -> bool {
        self.waiting.is_some() || self.running.is_some()
    }

    /// Writes `list` to `path` at the next frame (no dialog).
    pub fn export_list_to(&mut self, list: ReconcileList, path: impl Into<std::path::PathBuf>) {
        self.export_requested = Some((list, ExportTarget::Path(path.into())));
    }

    /// Asks for a run against `tenant` with the export; the token is read first.
    pub fn request_run(&mut self, tenant: TenantUrl, network: Network) {
        if self.running() {
            return;
        }
        self.problem = None;
        self.network = network;
        self.waiting = Some(TokenWait::new(tenant));
    }

    /// Stops the run now: the window stops waiting at once, and the worker ends by itself
    /// (at the latest when the request in flight times out). Earlier results stay.
    pub fn cancel(&mut self) {
        let was_running = self
            .running
            .take()
            .map(|running| running.job.cancel())
            .is_some();
        if self.waiting.take().is_some() || was_running {
            self.problem = Some(
                "Cancelled. Nothing was changed in KnowBe4; the lists below (if any) are from the \
                 last complete run."
                    .to_owned(),
            );
        }
    }

    /// Moves a requested run along and takes a finished one. Returns it, once, for the
    /// caller to record. Called once per frame by the window's logic, after the vault's
    /// keychain answers were taken.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        vault: &mut TokenVault,
        export: &UsersExport,
    ) -> Option<Arc<Reconciled>> {
        self.advance_token_wait(ctx, vault, export);
        let finished = self.poll_job();
        if let Some(outcome) = csv_files::take_finished(&mut self.export) {
            self.export_outcome = Some(match outcome {
                csv_files::Poll::Done(outcome) => outcome,
                _ => ExportOutcome::Failed("The export stopped unexpectedly; try again.".into()),
            });
        }
        csv_files::keep_polling(ctx, self.running() || self.export.is_some());
        finished
    }

    fn advance_token_wait(
        &mut self,
        ctx: &egui::Context,
        vault: &mut TokenVault,
        export: &UsersExport,
    ) {
        let Some(wait) = self.waiting.as_mut() else {
            return;
        };
        let Some(answer) = vault.secret_for_run(ctx, wait) else {
            return;
        };
        let Some(wait) = self.waiting.take() else {
            return;
        };
        match answer {
            Ok(token) => self.start(ctx, wait.key(), token, export),
            Err(problem) => self.problem = Some(problem),
        }
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        tenant: &TenantUrl,
        token: crate::token::ScimToken,
        export: &UsersExport,
    ) {
        let Some(loaded) = &export.loaded else {
            self.problem = Some("Load the JumpCloud user export first.".to_owned());
            return;
        };
        let mut config = PagingConfig::new(tenant.clone());
        config.http.proxy_url = self.network.proxy_url.clone();
        config.http.extra_ca_file = self.network.extra_ca_file.clone();
        let secret = token.expose_for_http().to_owned().into();
        let rows = loaded.users.users.clone();
        let scope = self.scope.source(&loaded.path);
        let notify_ctx = ctx.clone();
        let job = ReconcileJob::start_scoped(
            config,
            secret,
            rows,
            scope,
            Box::new(move || notify_ctx.request_repaint()),
        );
        tracing::info!(rows = loaded.users.users.len(), "reconciliation started");
        self.export_outcome = None;
        self.running = Some(Running {
            job,
            file_name: loaded.file_name.clone(),
            tenant_url: tenant.as_str().to_owned(),
            progress: ProgressSnapshot::default(),
        });
    }

    fn poll_job(&mut self) -> Option<Arc<Reconciled>> {
        let running = self.running.as_mut()?;
        let outcome = match running.job.poll() {
            JobState::Running(progress) => {
                running.progress = progress;
                return None;
            }
            JobState::Finished(outcome) => *outcome,
        };
        let running = self.running.take()?;
        match outcome {
            Ok(report) => {
                tracing::info!(summary = ?report.summary, "reconciliation finished");
                let reconciled = Arc::new(Reconciled {
                    report,
                    file_name: running.file_name,
                    tenant_url: running.tenant_url,
                });
                self.result = Some(Arc::clone(&reconciled));
                Some(reconciled)
            }
            Err(PagingError::Cancelled) => {
                self.problem = Some("Cancelled.".to_owned());
                None
            }
            Err(error) => {
                tracing::warn!("reconciliation failed: {error}");
                self.problem = Some(format!("The comparison stopped: {error}"));
                None
            }
        }
    }

    /// What is missing, the Compare / Cancel controls, progress, and the lists.
    /// `token_absent` is true when the keychain said no token is stored for `tenant`.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        tenant: Option<&TenantUrl>,
        export: &UsersExport,
        token_absent: bool,
        network: &Network,
    ) {
        self.scope.show(ui, !self.running());
        ui.add_space(theme::ITEM_GAP);
        let mut missing = missing_inputs(tenant, export, token_absent);
        missing.extend(self.scope.missing().map(str::to_owned));
        for line in &missing {
            theme::message(ui, line, true);
        }
        ui.horizontal(|ui| {
            let ready = missing.is_empty() && !self.running() && !self.scope.busy();
            let compare = ui
                .add_enabled(ready, egui::Button::new("Compare with KnowBe4"))
                .on_hover_text("Reads every user of the KnowBe4 tenant (read-only) and matches them against the export");
            if compare.clicked()
                && let Some(tenant) = tenant
            {
                self.request_run(tenant.clone(), network.clone());
            }
            if self.running() && ui.button("Cancel").clicked() {
                self.cancel();
            }
        });
        self.progress(ui);
        if let Some(problem) = &self.problem {
            theme::message(ui, problem, true);
        }
        if let Some(result) = self.result.clone() {
            if self.running() {
                ui.label(RichText::new("The lists below are from the previous run.").weak());
            }
            reconcile_lists::show(
                ui,
                &result,
                &mut self.export_requested,
                self.export.is_some(),
            );
            self.start_export(ui.ctx(), &result);
            csv_files::show_export_outcome(ui, self.export_outcome.as_ref());
        }
    }

    fn progress(&self, ui: &mut Ui) {
        if self.waiting.is_some() {
            ui.horizontal(|ui| {
                ui.label("Reading the SCIM token from the keychain…");
            });
        }
        let Some(running) = &self.running else { return };
        let p = running.progress;
        let (fraction, text) = if p.total > 0 {
            let fraction = (p.users as f32 / p.total as f32).clamp(0.0, 1.0);
            (
                fraction,
                format!(
                    "{} of {} KnowBe4 users read · {} pages",
                    p.users, p.total, p.pages
                ),
            )
        } else {
            (
                0.0,
                format!("{} KnowBe4 users read · {} pages", p.users, p.pages),
            )
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(text)
                .desired_width(480.0),
        );
    }

    fn start_export(&mut self, ctx: &egui::Context, result: &Arc<Reconciled>) {
        if self.export.is_some() {
            return;
        }
        let Some((list, target)) = self.export_requested.take() else {
            return;
        };
        let result = Arc::clone(result);
        self.export_outcome = None;
        self.export = Some(csv_files::export_csv(ctx, target, move |writer| {
            let rows = reconcile_lists::list_len(&result.report, list);
            write_list_csv(&result.report, list, writer).map(|()| rows)
        }));
    }
}

/// What the operator must provide before a comparison can run, in words.
fn missing_inputs(
    tenant: Option<&TenantUrl>,
    export: &UsersExport,
    token_absent: bool,
) -> Vec<String> {
    let mut missing = Vec::new();
    if export.loaded.is_none() {
        missing.push("Load the JumpCloud user export (CSV) above first.".to_owned());
    }
    if tenant.is_none() {
        missing.push(
            "Enter a valid Tenant URL and store the SCIM token on the KnowBe4 SCIM token step first."
                .to_owned(),
        );
    }
    if token_absent {
        missing.push(
            "No SCIM token is stored for this Tenant URL: store it on the KnowBe4 SCIM token step first."
                .to_owned(),
        );
    }
    missing
}
