//! What the window knows: the saved settings plus things that live only while it is open.

use std::path::Path;

use time::OffsetDateTime;

use super::certificate_slot::CertificateSlot;
use super::check_run::CheckRun;
use super::jumpcloud::JumpCloudPanel;
use super::provisioning::Provisioning;
use super::report_export::ReportExport;
use super::report_preview::ReportPreview;
use super::saml_inspector::SamlInspector;
use super::token_vault::TokenVault;
use crate::paths::AppPaths;
use crate::settings::{Settings, SetupValues};
use crate::steps::{StepId, StepStatus, consistency, step_status};
use crate::verdict::Verdict;

/// State shared by every step. Steps read it, draw it and change it through plain calls.
pub struct AppState {
    pub settings: Settings,
    pub paths: AppPaths,
    /// Something to tell the operator at the top of the window (e.g. settings were reset).
    pub notice: Option<String>,
    /// The notice confirms something that worked (shown as a confirmation, not a warning).
    pub notice_is_confirmation: bool,
    /// The last failure to save settings, shown until a save works again.
    pub save_error: Option<String>,
    /// The loaded IdP certificate.
    pub certificate: CertificateSlot,
    /// The next IdP certificate, loaded beside the current one during a rotation.
    pub new_certificate: CertificateSlot,
    /// The fingerprint KnowBe4 holds during a rotation, to tell which certificate it has.
    pub rotation_fingerprint: String,
    /// The operator asked to forget every saved setting and has not confirmed yet.
    pub confirm_forget: bool,
    /// Confirmed: the window deletes the settings file and starts afresh after this frame.
    pub forget_requested: bool,
    /// Said once after the SAML ID was taken out of a pasted URL.
    pub saml_id_note: Option<String>,
    /// Text pasted into the certificate box, kept while the window is open.
    pub pasted_certificate: String,
    /// The fingerprint the operator says KnowBe4 holds now.
    pub fingerprint_to_check: String,
    /// The SCIM token's keychain calls and masked draft.
    pub token: TokenVault,
    /// The SCIM connection checks.
    pub checks: CheckRun,
    /// The optional JumpCloud connection: API key, application and verification.
    pub jumpcloud: JumpCloudPanel,
    /// The attribute-mapping preview, the loaded JumpCloud export, pre-flight and reconciliation.
    pub provisioning: Provisioning,
    /// The offline SAML response inspector on the Validate SSO step.
    pub inspector: SamlInspector,
    /// Opening console pages in the browser, and what became of the last one.
    pub browser: super::browser::Browser,
    /// Saving the setup report from the Report step.
    pub report_export: ReportExport,
    /// The Report step's preview, rebuilt only when what it shows changes.
    pub report_preview: ReportPreview,
    /// A fixed version line for the report (tests and snapshots); this build's otherwise.
    pub fixed_version: Option<String>,
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
        let new_certificate = restore_new_certificate(&mut settings.values);
        AppState {
            settings,
            paths,
            notice,
            notice_is_confirmation: false,
            save_error: None,
            certificate,
            new_certificate,
            rotation_fingerprint: String::new(),
            confirm_forget: false,
            forget_requested: false,
            saml_id_note: None,
            pasted_certificate: String::new(),
            fingerprint_to_check: String::new(),
            token: TokenVault::default(),
            checks: CheckRun::default(),
            jumpcloud: JumpCloudPanel::default(),
            provisioning: Provisioning::default(),
            inspector: SamlInspector::default(),
            browser: super::browser::Browser::default(),
            report_export: ReportExport::default(),
            report_preview: ReportPreview::default(),
            fixed_version: None,
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
        match step {
            StepId::IdpCertificate => problems.extend(self.certificate_problems()),
            StepId::KnowBe4Saml => problems.extend(consistency::fingerprint_mismatch(
                &self.fingerprint_to_check,
                self.certificate
                    .current
                    .as_ref()
                    .map(|loaded| loaded.info()),
            )),
            StepId::ScimToken => problems.extend(consistency::missing_token(
                &self.settings,
                self.token_stored(),
            )),
            _ => {}
        }
        problems.extend(self.jumpcloud_failures(step));
        problems
    }

    /// What the JumpCloud verification compares with: the setup as it is now.
    pub fn jumpcloud_expected(&self) -> crate::jumpcloud::verify::Expected {
        super::jumpcloud::expected_values::of_setup(
            &self.settings,
            &self.certificate,
            &self.fingerprint_to_check,
        )
    }

    /// The failed findings about `step` of the last JumpCloud verification, while it still
    /// describes the setup (the application, the setup values and the certificate it was
    /// run with): a step is not Done while JumpCloud says its value is wrong.
    fn jumpcloud_failures(&self, step: StepId) -> Vec<String> {
        let run = &self.jumpcloud.verification;
        let Some(last) = run.last.as_ref() else {
            return Vec::new();
        };
        // The sidebar asks every step each frame: the setup is compared with the results only
        // for a step that has a failed finding.
        let failed: Vec<String> = last
            .verification
            .findings
            .iter()
            .filter(|f| f.status == Verdict::Fail && f.step() == step)
            .map(|f| {
                format!(
                    "JumpCloud's {} does not match this setup. {}",
                    f.field, f.fix
                )
            })
            .collect();
        if failed.is_empty()
            || run
                .staleness(&self.jumpcloud_expected(), &self.settings.values.jumpcloud)
                .is_some()
        {
            return Vec::new();
        }
        failed
    }

    /// Whether the keychain holds a token for the Tenant URL entered now; `None` until it said.
    pub fn token_stored(&self) -> Option<bool> {
        let tenant = self.settings.values.tenant_url.url()?;
        self.token
            .presence_of(tenant)
            .map(|presence| presence == crate::keychain::TokenPresence::Present)
    }

    fn certificate_problems(&self) -> Vec<String> {
        let slot = &self.certificate;
        let mut problems = Vec::new();
        if let Some(notice) = &slot.notice {
            problems.push(notice.clone());
        }
        let ticked = crate::steps::content(StepId::IdpCertificate)
            .ticks
            .iter()
            .any(|tick| self.settings.is_ticked(StepId::IdpCertificate, tick.id));
        if slot.current.is_none() && slot.notice.is_none() && ticked {
            // Never Done about a certificate the app no longer has (e.g. pasted last session).
            problems.push(
                "No IdP certificate is loaded now: load certificate.pem again to see its \
                 fingerprints."
                    .to_owned(),
            );
        }
        if let Some(loaded) = &slot.current {
            let validity = loaded.info().validity(self.now());
            if validity.is_problem() {
                problems.push(format!("The IdP certificate: {}", validity.message()));
            }
        }
        problems
    }

    /// Loads the next IdP certificate from `path`; only its path is remembered.
    pub fn load_new_certificate(&mut self, path: &Path) {
        let mut scratch = SetupValues::default();
        self.new_certificate.load_file(path, &mut scratch);
        if scratch.certificate_path.is_some() {
            self.settings.values.new_certificate_path = scratch.certificate_path;
        }
    }

    /// Takes the file chosen in the rotation step's dialog, if it has closed.
    pub fn poll_new_certificate_dialog(&mut self) {
        let mut scratch = SetupValues::default();
        self.new_certificate.poll_dialog(&mut scratch);
        if scratch.certificate_path.is_some() {
            self.settings.values.new_certificate_path = scratch.certificate_path;
        }
    }

    /// After a rotation: the new certificate becomes the current one, read again from its file.
    pub fn promote_new_certificate(&mut self) {
        let Some(path) = self.settings.values.new_certificate_path.take() else {
            return;
        };
        self.certificate.load_file(&path, &mut self.settings.values);
        self.new_certificate = CertificateSlot::default();
        self.rotation_fingerprint.clear();
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

/// The rotation step's certificate, reloaded from the path saved last time.
fn restore_new_certificate(values: &mut SetupValues) -> CertificateSlot {
    let mut scratch = SetupValues {
        certificate_path: values.new_certificate_path.clone(),
        ..SetupValues::default()
    };
    let slot = CertificateSlot::restore(&mut scratch);
    values.new_certificate_path = scratch.certificate_path;
    slot
}
