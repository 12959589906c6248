//! The window's logic, run once per frame before anything is drawn: the results of
//! background work (keychain calls, connection checks, the user export and members file
//! reads, the pre-flight, the reconciliation, CSV exports, file dialogs, the browser
//! launcher, report exports, the SAML response inspection, the JumpCloud requests) are
//! collected and recorded here, whatever step is on screen, so work finishes and counts on
//! every step. Drawing code only shows the state and starts work.

use time::format_description::well_known::Rfc3339;

use super::state::AppState;
use crate::keychain::TokenPresence;
use crate::provisioning::records::{PreflightRecord, ReconcileRecord};

/// Collects every finished background result into `state`.
pub fn collect(state: &mut AppState, ctx: &egui::Context) {
    follow_token(state, ctx);
    if let Some(report) = state.checks.advance(ctx, &mut state.token) {
        tracing::info!("SCIM checks finished: {} results", report.results.len());
        state.settings.last_check = Some(report);
    }
    provisioning_files(state, ctx);
    preflight(state, ctx);
    reconciliation(state, ctx);
    jumpcloud(state, ctx);
    state.certificate.poll_dialog(&mut state.settings.values);
    state.poll_new_certificate_dialog();
    state.report_export.poll();
    state.browser.poll();
    state.inspector.poll_dialog();
    state.inspector.poll();
    super::background::keep_polling(ctx, state.inspector.running() || state.jumpcloud.running());
}

/// Takes the API key's keychain answers and moves the JumpCloud requests along; a listing
/// that finds one KnowBe4 application remembers it in the settings.
fn jumpcloud(state: &mut AppState, ctx: &egui::Context) {
    let panel = &mut state.jumpcloud;
    panel.key.poll(ctx);
    panel
        .finder
        .advance(ctx, &mut panel.key, &mut state.settings.values.jumpcloud);
    panel.verification.advance(ctx, &mut panel.key);
}

/// Reads a requested user export or members file, and takes their dialogs' answers.
fn provisioning_files(state: &mut AppState, ctx: &egui::Context) {
    state.provisioning.export.poll(ctx);
    state.provisioning.reconcile.scope.poll(ctx);
}

/// Runs the pre-flight when the export or the allowed domains changed, and records a
/// finished one in the settings (counts only).
fn preflight(state: &mut AppState, ctx: &egui::Context) {
    let provisioning = &mut state.provisioning;
    let Some(checked) = provisioning.preflight.update(ctx, &provisioning.export) else {
        return;
    };
    let ran_at = state.now().format(&Rfc3339).unwrap_or_default();
    state.settings.last_preflight = Some(PreflightRecord::from_report(
        &checked.report,
        &checked.file_name,
        ran_at,
    ));
}

/// Moves a requested reconciliation along and records a finished one in the settings.
fn reconciliation(state: &mut AppState, ctx: &egui::Context) {
    let provisioning = &mut state.provisioning;
    let Some(done) = provisioning.reconcile.update(
        ctx,
        &mut state.token,
        &mut state.jumpcloud.key,
        &provisioning.export,
    ) else {
        return;
    };
    let ran_at = state.now().format(&Rfc3339).unwrap_or_default();
    state.settings.last_reconcile = Some(ReconcileRecord::from_report(
        &done.report,
        &done.tenant_url,
        &done.file_name,
        ran_at,
    ));
}

/// Records a token saved or removed (for staleness and the list of tenants with a token),
/// and keeps the keychain's answer for the Tenant URL entered now, so the token step's
/// status is true on every step.
fn follow_token(state: &mut AppState, ctx: &egui::Context) {
    state.token.poll(ctx);
    if let Some((tenant, stored)) = state.token.take_changed() {
        state
            .settings
            .token_changed_at
            .insert(tenant.clone(), crate::scim::check_results::now_rfc3339());
        if stored {
            state.settings.token_tenants.insert(tenant);
        } else {
            state.settings.token_tenants.remove(&tenant);
        }
    }
    if let Some(tenant) = state.settings.values.tenant_url.url().cloned() {
        state.token.ensure_status(ctx, &tenant);
        // What the keychain answered keeps the list of tenants with a token honest.
        let key = tenant.normalized().to_owned();
        match state.token.presence_of(&tenant) {
            Some(TokenPresence::Present) if !state.settings.token_tenants.contains(&key) => {
                state.settings.token_tenants.insert(key);
            }
            Some(TokenPresence::Absent) if state.settings.token_tenants.contains(&key) => {
                state.settings.token_tenants.remove(&key);
            }
            _ => {}
        }
    }
}
