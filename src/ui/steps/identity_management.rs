//! Step: JumpCloud Identity Management. Run connection checks modelled on the requests a SCIM
//! client such as JumpCloud sends, before switching it on, and read a diagnosis for every
//! failure.

use egui::{RichText, Ui};

use super::common;
use crate::keychain::TokenPresence;
use crate::local_time;
use crate::scim::TestUser;
use crate::scim::check_results::{CheckReport, CheckResult};
use crate::scim::run_verdict::{self, Freshness};
use crate::steps::{StepId, consistency};
use crate::tenant_url::TenantUrl;
use crate::ui::check_result_line;
use crate::ui::check_run::RunChoice;
use crate::ui::fields;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::IdentityManagement);
    ui.checkbox(
        &mut state.settings.values.group_management,
        "Enable management of User Groups and Group Membership (as ticked in JumpCloud)",
    );
    values_for_jumpcloud(ui, state);
    common::section(ui, "Connection checks");
    network_options(ui, state);
    checks(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::IdentityManagement);
}

/// The two values pasted into JumpCloud's Identity Management tab, each with a Copy button.
/// The token is copied from the keychain and never shown.
fn values_for_jumpcloud(ui: &mut Ui, state: &mut AppState) {
    common::section(ui, "Values for JumpCloud's Identity Management tab");
    let Some(tenant) = state.settings.values.tenant_url.url().cloned() else {
        ui.label("Enter a valid Tenant URL on the KnowBe4 SCIM token step to copy it from here.");
        return;
    };
    fields::copy_field(ui, "Base URL (the Tenant URL)", tenant.as_str());
    ui.horizontal_top(|ui| {
        let label = fields::field_label(ui, "Token Key (the SCIM token)");
        let stored = state.token.presence_of(&tenant) == Some(TokenPresence::Present);
        let button = ui
            .add_enabled(
                stored && !state.token.busy(),
                egui::Button::new("Copy token from the keychain"),
            )
            .on_hover_text(
                "Copies the stored token for JumpCloud's Token Key field; it is never shown",
            )
            .on_disabled_hover_text(
                "No token is stored for this Tenant URL: save it on the KnowBe4 SCIM token step",
            )
            .labelled_by(label.id);
        if button.clicked() {
            state.token.copy_to_clipboard(ui.ctx(), &tenant);
        }
        // "Copied" only once the keychain has handed the token over.
        if state.token.take_copied() {
            fields::mark_copied(ui, button.id);
        }
        fields::copied_note(ui, button.id);
    });
    match state.token.presence_of(&tenant) {
        Some(TokenPresence::Absent) => theme::message(
            ui,
            "No SCIM token is stored for this Tenant URL: save it on the KnowBe4 SCIM token step.",
            true,
        ),
        None if !state.token.busy() => {
            if let Some(error) = &state.token.error {
                theme::message(ui, &error.to_string(), true);
            }
        }
        _ => {}
    }
    ui.add_space(theme::ITEM_GAP);
}

/// A proxy and an extra CA, for networks where a corporate proxy inspects TLS.
fn network_options(ui: &mut Ui, state: &mut AppState) {
    egui::CollapsingHeader::new("Proxy and extra CA certificate (optional)").show(ui, |ui| {
        let values = &mut state.settings.values;
        fields::text_input(
            ui,
            "Proxy",
            &mut values.proxy_url,
            "http://proxy.example:3128 (empty: HTTPS_PROXY / NO_PROXY)",
        );
        fields::text_input(
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
    let Some(tenant) = state.settings.values.tenant_url.url().cloned() else {
        ui.label(
            "Enter a valid Tenant URL and store the token on the KnowBe4 SCIM token step first.",
        );
        return;
    };
    lifecycle_opt_in(ui, state);
    run_controls(ui, state, &ctx, &tenant);
    if let Some(problem) = &state.checks.problem {
        theme::message(ui, problem, true);
    }
    if state.checks.running() {
        results(ui, &state.checks.live);
    } else if let Some(report) = state.settings.last_check.clone() {
        let freshness = run_verdict::freshness(
            &report,
            &state.settings.values.tenant_url,
            consistency::token_changed_at(&state.settings),
        );
        last_report(ui, &report, &freshness);
    }
}

fn lifecycle_opt_in(ui: &mut Ui, state: &mut AppState) {
    let panel = &mut state.checks;
    ui.checkbox(
        &mut panel.lifecycle_opt_in,
        "Also run the lifecycle checks (they create a real test user in KnowBe4, then delete it)",
    );
    if panel.lifecycle_opt_in {
        fields::text_input(
            ui,
            "Test user email",
            &mut panel.test_email,
            "a new, unique address, e.g. kb4-test@example.com",
        );
        if let Err(problem) = lifecycle_email(panel) {
            theme::message(ui, &problem, true);
        }
    }
}

/// The lifecycle test email, checked before anything runs: an empty or malformed address is
/// refused here, not after every network check has run.
fn lifecycle_email(panel: &crate::ui::check_run::CheckRun) -> Result<String, String> {
    if panel.test_email.trim().is_empty() {
        return Err(
            "Enter the test user's email first: the lifecycle checks create a user with it."
                .to_owned(),
        );
    }
    TestUser::Email(panel.test_email.clone()).user_name()
}

fn run_controls(ui: &mut Ui, state: &mut AppState, ctx: &egui::Context, tenant: &TenantUrl) {
    if state.checks.confirm_lifecycle {
        confirm_lifecycle(ui, state, ctx, tenant);
        return;
    }
    ui.horizontal(|ui| {
        let running = state.checks.running();
        let email_ok = !state.checks.lifecycle_opt_in || lifecycle_email(&state.checks).is_ok();
        if ui
            .add_enabled(!running && email_ok, egui::Button::new("Run checks"))
            .on_disabled_hover_text("Enter a valid test user email, or untick the lifecycle checks")
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
        {
            let button = ui.button("Copy results as text");
            if button.clicked() {
                ui.ctx().copy_text(report.to_text());
                fields::mark_copied(ui, button.id);
            }
            fields::copied_note(ui, button.id);
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
    let values = &state.settings.values;
    let choice = RunChoice {
        groups: values.group_management,
        proxy_url: values.proxy(),
        extra_ca_file: values.extra_ca(),
        lifecycle_email,
    };
    state.checks.request(ctx, &mut state.token, tenant, choice);
}

fn last_report(ui: &mut Ui, report: &CheckReport, freshness: &Freshness) {
    // The verdict first, as the inspector gives it, then whose results these are and when.
    let failed = report.has_failures();
    theme::message(ui, &run_verdict::verdict(report), failed);
    ui.label(
        RichText::new(format!(
            "Checked {} · finished {}",
            report.tenant_url,
            local_time::describe(&report.finished_at)
        ))
        .weak(),
    );
    if let Some(reason) = freshness.reason() {
        theme::message(ui, &reason, true);
    }
    results(ui, &report.results);
    for leftover in &report.leftovers {
        theme::message(
            ui,
            &format!("Test {leftover} was left in KnowBe4: delete it there."),
            true,
        );
    }
}

fn results(ui: &mut Ui, results: &[CheckResult]) {
    for (index, result) in results.iter().enumerate() {
        check_result_line::show(ui, index, result);
    }
}
