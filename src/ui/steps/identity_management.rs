//! Step: JumpCloud Identity Management. Run connection checks modelled on the requests a SCIM
//! client such as JumpCloud sends, before switching it on, and read a diagnosis for every
//! failure.

use egui::{RichText, Ui};

use super::common;
use crate::scim::report::{CheckReport, CheckResult, CheckStatus};
use crate::steps::StepId;
use crate::tenant_url::TenantUrl;
use crate::ui::check_panel::RunChoice;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::IdentityManagement);
    ui.checkbox(
        &mut state.settings.values.group_management,
        "Enable management of User Groups and Group Membership (as ticked in JumpCloud)",
    );
    common::section(ui, "Connection checks");
    network_options(ui, state);
    checks(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::IdentityManagement);
}

/// A proxy and an extra CA, for networks where a corporate proxy inspects TLS.
fn network_options(ui: &mut Ui, state: &mut AppState) {
    egui::CollapsingHeader::new("Proxy and extra CA certificate (optional)").show(ui, |ui| {
        let values = &mut state.settings.values;
        theme::text_input(
            ui,
            "Proxy",
            &mut values.proxy_url,
            "http://proxy.example:3128 (empty: HTTPS_PROXY / NO_PROXY)",
        );
        theme::text_input(
            ui,
            "Extra CA certificate file",
            &mut values.extra_ca_file,
            "path to the proxy's root certificate (PEM), if it inspects TLS",
        );
    });
}

/// The Run / Cancel controls and the results; also used by the Report step to re-run.
pub fn checks(ui: &mut Ui, state: &mut AppState) {
    let ctx = ui.ctx().clone();
    state.token.poll(&ctx);
    let Ok(tenant) = TenantUrl::parse(&state.settings.values.tenant_url) else {
        ui.label(
            "Enter a valid Tenant URL and store the token on the KnowBe4 SCIM token step first.",
        );
        return;
    };
    hand_token_to_checks(state, &ctx, &tenant);
    if let Some(report) = state.checks.poll() {
        tracing::info!("SCIM checks finished: {} results", report.results.len());
        state.settings.last_check = Some(report);
    }
    lifecycle_opt_in(ui, state);
    run_controls(ui, state, &ctx, &tenant);
    if let Some(problem) = &state.checks.problem {
        theme::message(ui, problem, true);
    }
    if state.checks.running() {
        results(ui, &state.checks.live);
    } else if let Some(report) = state.settings.last_check.clone() {
        last_report(ui, &report);
    }
}

/// Once the vault has read the token, start the run it was read for.
fn hand_token_to_checks(state: &mut AppState, ctx: &egui::Context, tenant: &TenantUrl) {
    let Some(choice) = state.checks.waiting_for_token.clone() else {
        return;
    };
    if state.token.busy() {
        return;
    }
    state.checks.waiting_for_token = None;
    match state.token.take_for_checks() {
        Some(token) => state.checks.start(ctx, tenant.as_str(), token, choice),
        None => {
            state.checks.problem = Some(match &state.token.error {
                Some(error) => error.to_string(),
                None => "No SCIM token is stored for this Tenant URL. Save it on the KnowBe4 SCIM token step first.".to_owned(),
            });
        }
    }
}

fn lifecycle_opt_in(ui: &mut Ui, state: &mut AppState) {
    let panel = &mut state.checks;
    ui.checkbox(
        &mut panel.lifecycle_opt_in,
        "Also run the lifecycle checks (they create a real test user in KnowBe4, then delete it)",
    );
    if panel.lifecycle_opt_in {
        theme::text_input(
            ui,
            "Test user email",
            &mut panel.test_email,
            "a new, unique address, e.g. kb4-test@example.com",
        );
    }
}

fn run_controls(ui: &mut Ui, state: &mut AppState, ctx: &egui::Context, tenant: &TenantUrl) {
    if state.checks.confirm_lifecycle {
        confirm_lifecycle(ui, state, ctx, tenant);
        return;
    }
    ui.horizontal(|ui| {
        let running = state.checks.running();
        if ui
            .add_enabled(!running, egui::Button::new("Run checks"))
            .clicked()
        {
            if state.checks.lifecycle_opt_in {
                state.checks.confirm_lifecycle = true;
            } else {
                request_run(state, ctx, tenant, None);
            }
        }
        if running {
            ui.spinner();
            ui.label(format!("{} checks done", state.checks.live.len()));
            if ui.button("Cancel").clicked() {
                state.checks.cancel();
            }
        }
        if let Some(report) = &state.settings.last_check
            && !running
            && ui.button("Copy results as text").clicked()
        {
            ui.ctx().copy_text(report.to_text());
        }
    });
}

fn confirm_lifecycle(ui: &mut Ui, state: &mut AppState, ctx: &egui::Context, tenant: &TenantUrl) {
    let warning = crate::scim::hints::lifecycle_warning(state.settings.values.group_management);
    theme::message(ui, &warning, true);
    ui.horizontal(|ui| {
        if ui.button("Run the lifecycle checks").clicked() {
            state.checks.confirm_lifecycle = false;
            let email = state.checks.test_email.trim().to_owned();
            request_run(state, ctx, tenant, Some(email));
        }
        if ui.button("Do not run them").clicked() {
            state.checks.confirm_lifecycle = false;
        }
    });
}

fn request_run(
    state: &mut AppState,
    ctx: &egui::Context,
    tenant: &TenantUrl,
    lifecycle_email: Option<String>,
) {
    state.checks.problem = None;
    let values = &state.settings.values;
    state.checks.waiting_for_token = Some(RunChoice {
        groups: values.group_management,
        proxy_url: values.proxy(),
        extra_ca_file: values.extra_ca(),
        lifecycle_email,
    });
    state.token.load_for_checks(ctx, tenant);
}

fn last_report(ui: &mut Ui, report: &CheckReport) {
    ui.label(format!(
        "Last run finished {} ({:?}).",
        report.finished_at, report.outcome
    ));
    results(ui, &report.results);
    for leftover in &report.leftovers {
        theme::message(
            ui,
            &format!("Left over in KnowBe4: {leftover:?}. Delete it by hand."),
            true,
        );
    }
}

fn results(ui: &mut Ui, results: &[CheckResult]) {
    for (index, result) in results.iter().enumerate() {
        let colour = status_colour(ui, result.status);
        egui::CollapsingHeader::new(
            RichText::new(format!(
                "{} · {}: {}",
                result.status.label(),
                result.name,
                result.summary
            ))
            .color(colour),
        )
        .id_salt(("check_result", index))
        .show(ui, |ui| {
            if let Some(request) = &result.request {
                ui.label(format!("Request: {request}"));
            }
            if let Some(status) = result.http_status {
                ui.label(format!("HTTP status: {status}"));
            }
            ui.label(format!("Took {} ms", result.duration_ms));
            if let Some(excerpt) = &result.excerpt {
                ui.label(RichText::new(excerpt).monospace());
            }
        });
        if let Some(hint) = result
            .hint
            .as_ref()
            .filter(|_| result.status != CheckStatus::Pass)
        {
            ui.label(RichText::new(hint).weak());
        }
    }
}

fn status_colour(ui: &Ui, status: CheckStatus) -> egui::Color32 {
    use crate::steps::StepStatus;
    match status {
        CheckStatus::Pass => theme::status_colour(ui, StepStatus::Done),
        CheckStatus::Warn | CheckStatus::Fail => {
            theme::status_colour(ui, StepStatus::NeedsAttention)
        }
        CheckStatus::Skipped => theme::status_colour(ui, StepStatus::NotStarted),
    }
}
