//! One file per wizard step (a folder for a step with parts of its own). Each reads the
//! shared state, draws it and turns clicks into calls of the domain code.

mod attribute_mapping;
mod authorize_access;
pub mod common;
pub mod create_application;
mod identity_management;
mod idp_certificate;
mod import_users;
mod jumpcloud_sso;
mod knowbe4_saml;
mod prerequisites;
mod region;
mod remove_integration;
mod renew_token;
pub mod report;
mod rotate_certificate;
mod saml_id;
mod scim_token;
mod test_mode;
mod validate_sso;

use egui::Ui;

use super::state::AppState;
use crate::steps::StepId;

/// Draws the body of `step` (the heading is drawn by [`common::header`]).
pub fn show(ui: &mut Ui, state: &mut AppState, step: StepId) {
    match step {
        StepId::Prerequisites => prerequisites::show(ui, state),
        StepId::Region => region::show(ui, state),
        StepId::CreateApplication => create_application::show(ui, state),
        StepId::SamlId => saml_id::show(ui, state),
        StepId::JumpCloudSso => jumpcloud_sso::show(ui, state),
        StepId::IdpCertificate => idp_certificate::show(ui, state),
        StepId::KnowBe4Saml => knowbe4_saml::show(ui, state),
        StepId::AuthorizeAccess => authorize_access::show(ui, state),
        StepId::ValidateSso => validate_sso::show(ui, state),
        StepId::ScimToken => scim_token::show(ui, state),
        StepId::IdentityManagement => identity_management::show(ui, state),
        StepId::AttributeMapping => attribute_mapping::show(ui, state),
        StepId::TestMode => test_mode::show(ui, state),
        StepId::ImportUsers => import_users::show(ui, state),
        StepId::RenewToken => renew_token::show(ui, state),
        StepId::RotateCertificate => rotate_certificate::show(ui, state),
        StepId::RemoveIntegration => remove_integration::show(ui, state),
        StepId::Report => report::show(ui, state),
    }
}
