//! Step: Import users. Compare the KnowBe4 tenant with the JumpCloud export, so the users
//! KnowBe4 would archive once sync is live are found and imported first.

use egui::{RichText, Ui};

use super::common;
use crate::keychain::TokenPresence;
use crate::steps::StepId;
use crate::ui::provisioning::reconcile_panel::Absent;
use crate::ui::state::AppState;
use crate::ui::theme;

pub fn show(ui: &mut Ui, state: &mut AppState) {
    common::guidance(ui, StepId::ImportUsers);
    common::section(ui, "Compare KnowBe4 with JumpCloud");
    ui.label(
        "Reads every user of the KnowBe4 tenant (read-only) and matches them against the \
         JumpCloud users chosen below (from the user export, or read from JumpCloud), by email \
         and by username, ignoring case.",
    );
    compare(ui, state);
    ui.add_space(theme::SECTION_GAP);
    common::ticks(ui, state, StepId::ImportUsers);
}

fn compare(ui: &mut Ui, state: &mut AppState) {
    let ctx = ui.ctx().clone();
    state.provisioning.export.show(ui);
    preflight_line(ui, state);
    let tenant = state.settings.values.tenant_url.url().cloned();
    if let Some(tenant) = &tenant {
        state.token.ensure_status(&ctx, tenant);
    }
    let token_absent = tenant
        .as_ref()
        .is_some_and(|t| state.token.presence_of(t) == Some(TokenPresence::Absent));
    // The keychain is asked about the JumpCloud key only once its scope is chosen.
    let reads_jumpcloud = !state.provisioning.reconcile.scope.mode.needs_export();
    if reads_jumpcloud {
        state.jumpcloud.key.ensure_status(&ctx, &());
    }
    let absent = Absent {
        token: token_absent,
        key: reads_jumpcloud && state.jumpcloud.key.presence_of(&()) == Some(TokenPresence::Absent),
    };
    let provisioning = &mut state.provisioning;
    provisioning.reconcile.show(
        ui,
        tenant.as_ref(),
        &provisioning.export,
        absent,
        &state.settings.values,
    );
}

/// One line on the export's pre-flight, whose details are on the Attribute mapping step.
fn preflight_line(ui: &mut Ui, state: &AppState) {
    let Some(checked) = &state.provisioning.preflight.checked else {
        return;
    };
    let report = &checked.report;
    if report.is_clean() {
        theme::message(ui, "Pre-flight: no problems in this export.", false);
    } else {
        ui.label(
            RichText::new(format!(
                "Pre-flight: {} of {} users have problems (details on the Attribute mapping step).",
                report.users_with_problems, report.rows
            ))
            .color(theme::warning_colour(ui)),
        );
    }
}
