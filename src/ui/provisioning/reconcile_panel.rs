//! The reconciliation on the Import users step: read every user of the KnowBe4 tenant page by
//! page on a background thread, match them against the loaded JumpCloud export (or the users
//! the bound groups reach, read from JumpCloud), and show the lists. The token (and the
//! JumpCloud API key) come from the keychain through their vaults; neither is kept here
//! longer than it takes to start the job.

use std::sync::Arc;

use egui::{RichText, Ui};

use super::csv_files::{self, ExportOutcome, ExportTarget, Task};
use super::reconcile_lists;
pub use super::reconcile_lists::Reconciled;
use super::scope_choice::{JumpCloudScope, ScopeChoice};
use super::users_export::UsersExport;
use crate::jumpcloud::JumpCloudClient;
use crate::provisioning::job::{JobState, ReconcileJob, ScopeReadSnapshot};
use crate::provisioning::paging::{PagingConfig, PagingError, ProgressSnapshot};
use crate::provisioning::reconcile_export::{ReconcileList, write_list_csv};
use crate::provisioning::scope::ScopeApplication;
use crate::settings::SetupValues;
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;
use crate::ui::jumpcloud::key_vault::KeyVault;
use crate::ui::jumpcloud::keyed_start::KeyedStart;
use crate::ui::theme;
use crate::ui::token_vault::{TokenVault, TokenWait};

/// The proxy and extra CA set on Identity Management: the reconciliation reaches the
/// tenant the way the connection checks do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Network {
    pub proxy_url: Option<String>,
    pub extra_ca_file: Option<std::path::PathBuf>,
}

impl Network {
    /// The proxy and extra CA of the setup.
    pub fn of(values: &SetupValues) -> Network {
        Network {
            proxy_url: values.proxy(),
            extra_ca_file: values.extra_ca(),
        }
    }
}

/// A run waiting for its secrets: the token first, then (bound-groups runs) the API key.
struct Waiting {
    token_wait: TokenWait,
    /// The token, once read, while the key is being read.
    token: Option<ScimToken>,
    jumpcloud: Option<BoundGroupsStart>,
}

/// What a bound-groups run needs from JumpCloud: the key's read, and the application.
struct BoundGroupsStart {
    key: KeyedStart,
    application: ScopeApplication,
}

/// What a run compares the tenant with, once its secrets are read.
enum Compared {
    Export,
    BoundGroups(Box<JumpCloudClient>, ScopeApplication),
}

struct Running {
    job: ReconcileJob,
    file_name: String,
    tenant_url: String,
    progress: ProgressSnapshot,
    /// The JumpCloud scope's counters (bound-groups runs only).
    scope_read: Option<ScopeReadSnapshot>,
}

#[derive(Default)]
pub struct ReconcilePanel {
    /// Which JumpCloud users the next comparison covers.
    pub scope: ScopeChoice,
    waiting: Option<Waiting>,
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
        self.request(tenant, network, None);
    }

    /// Asks for a run against `tenant` with the users the groups bound to the application
    /// chosen in `values` reach, read from JumpCloud; the token, then the API key, are read
    /// first. An unusable JumpCloud setting is said at once.
    pub fn request_bound_groups_run(&mut self, tenant: TenantUrl, values: &SetupValues) {
        if self.running() {
            return;
        }
        let Some(id) = values.jumpcloud.application_id() else {
            self.problem = Some(
                "Choose the KnowBe4 application under \"Connect to JumpCloud (optional)\" first."
                    .to_owned(),
            );
            return;
        };
        let application = ScopeApplication {
            id: id.to_owned(),
            label: values.jumpcloud.application_label.trim().to_owned(),
        };
        match KeyedStart::new(values) {
            Ok(key) => self.request(
                tenant,
                Network::of(values),
                Some(BoundGroupsStart { key, application }),
            ),
            Err(problem) => self.problem = Some(problem),
        }
    }

    fn request(
        &mut self,
        tenant: TenantUrl,
        network: Network,
        jumpcloud: Option<BoundGroupsStart>,
    ) {
        if self.running() {
            return;
        }
        self.problem = None;
        self.network = network;
        self.waiting = Some(Waiting {
            token_wait: TokenWait::new(tenant),
            token: None,
            jumpcloud,
        });
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
        key_vault: &mut KeyVault,
        export: &UsersExport,
    ) -> Option<Arc<Reconciled>> {
        self.advance_waiting(ctx, vault, key_vault, export);
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

    /// Reads the token, then the key, and starts the run once both are there; a secret that
    /// cannot be read ends the wait with its words.
    fn advance_waiting(
        &mut self,
        ctx: &egui::Context,
        vault: &mut TokenVault,
        key_vault: &mut KeyVault,
        export: &UsersExport,
    ) {
        let Some(waiting) = self.waiting.as_mut() else {
            return;
        };
        if waiting.token.is_none() {
            match vault.secret_for_run(ctx, &mut waiting.token_wait) {
                None => return,
                Some(Ok(token)) => waiting.token = Some(token),
                Some(Err(problem)) => {
                    self.waiting = None;
                    self.problem = Some(problem);
                    return;
                }
            }
        }
        let compared = match waiting.jumpcloud.as_mut() {
            None => Ok(Compared::Export),
            Some(start) => match start.key.advance(ctx, key_vault) {
                None => return,
                Some(client) => client.map(|client| {
                    Compared::BoundGroups(Box::new(client), start.application.clone())
                }),
            },
        };
        let Some(Waiting {
            token_wait,
            token: Some(token),
            ..
        }) = self.waiting.take()
        else {
            return;
        };
        match compared {
            Ok(Compared::Export) => self.start(ctx, token_wait.key(), token, export),
            Ok(Compared::BoundGroups(client, application)) => {
                self.start_bound_groups(ctx, token_wait.key(), token, *client, application)
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    fn paging_config(&self, tenant: &TenantUrl) -> PagingConfig {
        let mut config = PagingConfig::new(tenant.clone());
        config.http.proxy_url = self.network.proxy_url.clone();
        config.http.extra_ca_file = self.network.extra_ca_file.clone();
        config
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        tenant: &TenantUrl,
        token: ScimToken,
        export: &UsersExport,
    ) {
        let Some(loaded) = &export.loaded else {
            self.problem = Some("Load the JumpCloud user export first.".to_owned());
            return;
        };
        let config = self.paging_config(tenant);
        let rows = loaded.users.users.clone();
        let scope = self.scope.source(&loaded.path);
        let notify_ctx = ctx.clone();
        let job = ReconcileJob::start_scoped(
            config,
            token,
            rows,
            scope,
            Box::new(move || notify_ctx.request_repaint()),
        );
        tracing::info!(rows = loaded.users.users.len(), "reconciliation started");
        self.begin(job, loaded.file_name.clone(), tenant, None);
    }

    fn start_bound_groups(
        &mut self,
        ctx: &egui::Context,
        tenant: &TenantUrl,
        token: ScimToken,
        client: JumpCloudClient,
        application: ScopeApplication,
    ) {
        let config = self.paging_config(tenant);
        let source = if application.label.is_empty() {
            format!(
                "JumpCloud, the groups bound to the application id {}",
                application.id
            )
        } else {
            format!("JumpCloud, the groups bound to {}", application.label)
        };
        let notify_ctx = ctx.clone();
        let job = ReconcileJob::start_bound_groups(
            config,
            token,
            client,
            application,
            Box::new(move || notify_ctx.request_repaint()),
        );
        tracing::info!("reconciliation with the bound groups started");
        let scope_read = Some(ScopeReadSnapshot::default());
        self.begin(job, source, tenant, scope_read);
    }

    fn begin(
        &mut self,
        job: ReconcileJob,
        file_name: String,
        tenant: &TenantUrl,
        scope_read: Option<ScopeReadSnapshot>,
    ) {
        self.export_outcome = None;
        self.running = Some(Running {
            job,
            file_name,
            tenant_url: tenant.as_str().to_owned(),
            progress: ProgressSnapshot::default(),
            scope_read,
        });
    }

    fn poll_job(&mut self) -> Option<Arc<Reconciled>> {
        let running = self.running.as_mut()?;
        let outcome = match running.job.poll() {
            JobState::Running(progress) => {
                running.progress = progress;
                if running.scope_read.is_some() {
                    running.scope_read = Some(running.job.scope_read());
                }
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
    /// `token_absent` is true when the keychain said no token is stored for `tenant`, and
    /// `key_absent` when it said no JumpCloud API key is stored.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        tenant: Option<&TenantUrl>,
        export: &UsersExport,
        absent: Absent,
        values: &SetupValues,
    ) {
        let jumpcloud = JumpCloudScope {
            settings: &values.jumpcloud,
            key_absent: absent.key,
        };
        self.scope.show(ui, !self.running(), &jumpcloud);
        ui.add_space(theme::ITEM_GAP);
        let needs_export = self.scope.mode.needs_export();
        let mut missing = missing_inputs(tenant, needs_export.then_some(export), absent.token);
        missing.extend(self.scope.missing(&jumpcloud).map(str::to_owned));
        for line in &missing {
            theme::message(ui, line, true);
        }
        ui.horizontal(|ui| {
            let ready = missing.is_empty() && !self.running() && !self.scope.busy();
            let hover = if needs_export {
                "Reads every user of the KnowBe4 tenant (read-only) and matches them against the export"
            } else {
                "Reads the users reached through the bound groups from JumpCloud, then every \
                 user of the KnowBe4 tenant (both read-only), and matches them"
            };
            let compare = ui
                .add_enabled(ready, egui::Button::new("Compare with KnowBe4"))
                .on_hover_text(hover);
            if compare.clicked()
                && let Some(tenant) = tenant
            {
                if needs_export {
                    self.request_run(tenant.clone(), Network::of(values));
                } else {
                    self.request_bound_groups_run(tenant.clone(), values);
                }
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
        if let Some(waiting) = &self.waiting {
            ui.label(if waiting.token.is_none() {
                "Reading the SCIM token from the keychain…"
            } else {
                "Reading the JumpCloud API key from the keychain…"
            });
        }
        let Some(running) = &self.running else { return };
        let p = running.progress;
        if let Some(scope) = running.scope_read.filter(|_| p.pages == 0) {
            ui.add(
                egui::ProgressBar::new(fraction_of(scope.directory_read, scope.directory_total))
                    .text(scope_text(scope))
                    .desired_width(480.0),
            );
            return;
        }
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

/// What the keychain said is not stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct Absent {
    /// No SCIM token for the Tenant URL.
    pub token: bool,
    /// No JumpCloud API key.
    pub key: bool,
}

fn fraction_of(done: u64, total: u64) -> f32 {
    if total == 0 {
        0.0
    } else {
        (done as f32 / total as f32).clamp(0.0, 1.0)
    }
}

/// The JumpCloud scope's reading, in words.
fn scope_text(scope: ScopeReadSnapshot) -> String {
    let directory = if scope.directory_total > 0 {
        format!("{} of {}", scope.directory_read, scope.directory_total)
    } else {
        scope.directory_read.to_string()
    };
    format!(
        "JumpCloud: {} bound group(s), {} users in scope · {directory} directory users read",
        scope.groups, scope.users_in_scope
    )
}

/// What the operator must provide before a comparison can run, in words. `export` is `None`
/// when the scope needs none.
fn missing_inputs(
    tenant: Option<&TenantUrl>,
    export: Option<&UsersExport>,
    token_absent: bool,
) -> Vec<String> {
    let mut missing = Vec::new();
    if export.is_some_and(|export| export.loaded.is_none()) {
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
