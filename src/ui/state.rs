//! What the window knows: the saved settings plus things that live only while it is open.

use time::OffsetDateTime;

use super::certificate_slot::CertificateSlot;
use super::check_panel::CheckPanel;
use super::saml_inspector::SamlInspector;
use super::token_vault::TokenVault;
use crate::paths::AppPaths;
use crate::settings::Settings;
use crate::steps::{StepId, StepStatus, step_status};

/// State shared by every step. Steps read it, draw it and change it through plain calls.
pub struct AppState {
    pub settings: Settings,
    pub paths: AppPaths,
    /// Something to tell the operator at the top of the window (e.g. settings were reset).
    pub notice: Option<String>,
    /// The last failure to save settings, shown until a save works again.
    pub save_error: Option<String>,
    /// The loaded IdP certificate.
    pub certificate: CertificateSlot,
    /// Said once after the SAML ID was taken out of a pasted URL.
    pub saml_id_note: Option<String>,
    /// Text pasted into the certificate box, kept while the window is open.
    pub pasted_certificate: String,
    /// The fingerprint the operator says KnowBe4 holds now.
    pub fingerprint_to_check: String,
    /// The SCIM token's keychain calls and masked draft.
    pub token: TokenVault,
    /// The SCIM connection checks.
    pub checks: CheckPanel,
    /// The offline SAML response inspector on the Validate SSO step.
    pub inspector: SamlInspector,
    /// A fixed clock for tests and snapshots; the system clock otherwise.
    fixed_now: Option<OffsetDateTime>,
}

impl AppState {
    pub fn new(
        mut settings: Settings,
        paths: AppPaths,
        notice: Option<String>,
        fixed_now: Option<OffsetDateTime>,
    ) -> AppState {
        let certificate = CertificateSlot::restore(&mut settings.values);
        AppState {
            settings,
            paths,
            notice,
            save_error: None,
            certificate,
            saml_id_note: None,
            pasted_certificate: String::new(),
            fingerprint_to_check: String::new(),
            token: TokenVault::default(),
            checks: CheckPanel::default(),
            inspector: SamlInspector::default(),
            fixed_now,
        }
    }

    /// The time certificates and responses are judged against.
    pub fn now(&self) -> OffsetDateTime {
        self.fixed_now.unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// Problems with what was entered on `step`, worded for the operator.
    pub fn attention(&self, step: StepId) -> Vec<String> {
        let mut problems = crate::steps::attention::settings_problems(step, &self.settings);
        if step == StepId::IdpCertificate {
            problems.extend(self.certificate_problems());
        }
        problems
    }

    fn certificate_problems(&self) -> Vec<String> {
        let slot = &self.certificate;
        let mut problems = Vec::new();
        if let Some(notice) = &slot.notice {
            problems.push(notice.clone());
        }
        if let Some(loaded) = &slot.current {
            let validity = loaded.info.validity(self.now());
            if validity.is_problem() {
                problems.push(format!("The IdP certificate: {}", validity.message()));
            }
        }
        problems
    }

    pub fn status(&self, step: StepId) -> StepStatus {
        step_status(step, &self.settings, &self.attention(step))
    }

    pub fn current_step(&self) -> StepId {
        self.settings.current_step
    }

    pub fn go_to(&mut self, step: StepId) {
        self.settings.current_step = step;
    }
}
