//! The setup report as plain data: everything the Markdown and HTML renderings show, computed
//! once from the saved settings and the loaded certificate. Never the token, never key bytes.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::sections::{self, CertificateSection, CheckSection, ReportValue, StepLine};
use crate::certificate::CertificateInfo;
use crate::provisioning::records::{PreflightRecord, ReconcileRecord};
use crate::settings::Settings;
use crate::steps::attention;

/// Everything the report shows. Built by [`SetupReport::build`]; rendered by
/// [`super::render_markdown`] and [`super::render_html`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupReport {
    /// RFC 3339, UTC, to the second.
    pub generated_at: String,
    /// The same moment for people: `Saturday 28 November 2026, 20:52 UTC`.
    pub generated_at_human: String,
    /// `0.1.0 (commit abc1234)`. Tests replace it, so golden files do not change every commit.
    pub app_version: String,
    pub region_code: String,
    pub region_name: String,
    pub console_url: String,
    pub saml_id: ReportValue,
    pub entity_id: ReportValue,
    pub acs_url: ReportValue,
    pub relay_state: ReportValue,
    pub sign_in_url: ReportValue,
    pub admin_bypass_login_url: String,
    pub idp_url: ReportValue,
    pub idp_entity_id: ReportValue,
    /// What the operator confirmed before disabling KnowBe4's non-SAML logins.
    #[serde(default)]
    pub saml_lockout: crate::saml::lockout::LockoutGuard,
    pub certificate: CertificateSection,
    pub tenant_url: ReportValue,
    pub group_management: bool,
    pub last_check: Option<CheckSection>,
    pub preflight: Option<PreflightRecord>,
    pub reconcile: Option<ReconcileRecord>,
    /// Every step of the wizard, in order, with its status and ticks.
    pub steps: Vec<StepLine>,
    /// Things the reader should know about how the report was made (e.g. no saved progress).
    pub notes: Vec<String>,
}

impl SetupReport {
    /// The report of `settings` at `now`. `certificate` is the IdP certificate loaded from
    /// `settings.values.certificate_path`, if it could be loaded.
    pub fn build(
        settings: &Settings,
        certificate: Option<&CertificateInfo>,
        now: OffsetDateTime,
    ) -> SetupReport {
        Self::build_with_certificate_note(settings, certificate, None, now)
    }

    /// Like [`SetupReport::build`], with a sentence about the certificate file (vanished,
    /// changed since it was loaded, unreadable) that the report shows and that puts the
    /// certificate step in "Needs attention", as the window does.
    pub fn build_with_certificate_note(
        settings: &Settings,
        certificate: Option<&CertificateInfo>,
        note: Option<&str>,
        now: OffsetDateTime,
    ) -> SetupReport {
        let report = Self::assemble(settings, certificate, note, now);
        let userinfos = sections::url_userinfos(url_texts(settings));
        if userinfos.is_empty() {
            report
        } else {
            without_userinfos(report, &userinfos)
        }
    }

    fn assemble(
        settings: &Settings,
        certificate: Option<&CertificateInfo>,
        note: Option<&str>,
        now: OffsetDateTime,
    ) -> SetupReport {
        let values = &settings.values;
        let region = settings.region;
        let certificate = CertificateSection::build(values, certificate, note, now);
        let saml = saml_values(settings);
        SetupReport {
            generated_at: sections::rfc3339(now),
            generated_at_human: sections::human_date(now),
            app_version: default_app_version(),
            region_code: region.code().to_owned(),
            region_name: region.display_name().to_owned(),
            console_url: format!("{}/", region.base_url()),
            saml_id: saml.saml_id,
            entity_id: saml.entity_id,
            acs_url: saml.acs_url,
            relay_state: saml.relay_state,
            sign_in_url: saml.sign_in_url,
            admin_bypass_login_url: region.admin_bypass_login_url(),
            idp_url: idp_url(&values.idp_url),
            idp_entity_id: ReportValue::entered(&values.idp_entity_id),
            saml_lockout: values.saml_lockout,
            tenant_url: tenant_url(settings),
            group_management: values.group_management,
            // Only a run for the tenant this report is about, with the token in use now.
            last_check: crate::steps::consistency::current_check(settings)
                .map(CheckSection::from_report),
            preflight: settings.last_preflight.clone().map(clean_preflight),
            reconcile: settings.last_reconcile.clone().map(clean_reconcile),
            steps: sections::step_lines(settings, &certificate.problems),
            certificate,
            notes: Vec::new(),
        }
    }

    /// Replaces the version line, e.g. with a fixed one in golden-file tests.
    pub fn with_app_version(mut self, version: impl Into<String>) -> SetupReport {
        self.app_version = version.into();
        self
    }

    /// Adds a note shown at the top of the report.
    pub fn with_note(mut self, note: &str) -> SetupReport {
        self.notes.push(sections::clean(note));
        self
    }

    /// The document title, shared by both renderings.
    pub fn title(&self) -> String {
        "KnowBe4 and JumpCloud setup report".to_owned()
    }
}

/// Every saved text that may hold a URL with credentials.
fn url_texts(settings: &Settings) -> Vec<&str> {
    let values = &settings.values;
    let mut texts = vec![
        values.saml_id.as_str(),
        values.custom_entity_id.as_str(),
        values.idp_url.as_str(),
        values.idp_entity_id.as_str(),
        values.tenant_url.text(),
        values.proxy_url.as_str(),
    ];
    if let Some(check) = &settings.last_check {
        texts.push(check.tenant_url.text());
    }
    if let Some(record) = &settings.last_reconcile {
        texts.push(&record.tenant_url);
    }
    texts
}

/// `report` with URL credentials removed from every text in it, wherever a message quoted
/// them: every string of the model is visited through its serde form.
fn without_userinfos(report: SetupReport, userinfos: &[String]) -> SetupReport {
    fn visit(value: &mut serde_json::Value, userinfos: &[String]) {
        match value {
            serde_json::Value::String(text) => *text = sections::remove_userinfos(text, userinfos),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| visit(v, userinfos)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| visit(v, userinfos)),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&report) else {
        return report;
    };
    visit(&mut value, userinfos);
    serde_json::from_value(value).unwrap_or(report)
}

/// This build's version and commit, as `kb4-setup --version` prints them.
pub fn default_app_version() -> String {
    crate::build_info::VERSION_LINE.to_owned()
}

struct SamlLines {
    saml_id: ReportValue,
    entity_id: ReportValue,
    acs_url: ReportValue,
    relay_state: ReportValue,
    sign_in_url: ReportValue,
}

/// The SAML ID, the entity ID and the values computed from them, through the same functions
/// the steps use; a missing or invalid SAML ID makes the computed ones unavailable, with why.
fn saml_values(settings: &Settings) -> SamlLines {
    let raw = settings.values.saml_id.as_str();
    let (saml_id, missing) = if raw.trim().is_empty() {
        (ReportValue::NotEntered, "needs the SAML ID")
    } else {
        match crate::saml::parse_saml_id(raw) {
            Ok(input) => (ReportValue::value(input.id.as_str()), ""),
            Err(error) => (
                ReportValue::invalid(raw, &error.to_string()),
                "needs a valid SAML ID",
            ),
        }
    };
    let entity_id = match attention::entity_id(settings) {
        Ok(entity) => ReportValue::value(&entity),
        Err(error) => ReportValue::invalid(&settings.values.custom_entity_id, &error.to_string()),
    };
    let computed = attention::saml_values(settings);
    let pick = |get: fn(&crate::saml::SamlValues) -> &str| match &computed {
        Some(values) => ReportValue::value(get(values)),
        None if !missing.is_empty() => ReportValue::unavailable(missing),
        None => ReportValue::unavailable("needs a valid SP Entity ID"),
    };
    SamlLines {
        acs_url: pick(|v| &v.acs_url),
        relay_state: pick(|v| &v.relay_state),
        sign_in_url: pick(|v| &v.sign_in_url),
        saml_id,
        entity_id,
    }
}

fn idp_url(raw: &str) -> ReportValue {
    if raw.trim().is_empty() {
        return ReportValue::NotEntered;
    }
    match crate::saml::parse_idp_url(raw) {
        Ok(url) => ReportValue::value(url.as_str()),
        Err(error) => ReportValue::invalid(raw, &error.to_string()),
    }
}

fn tenant_url(settings: &Settings) -> ReportValue {
    let raw = settings.values.tenant_url.text();
    if raw.trim().is_empty() {
        return ReportValue::NotEntered;
    }
    let problems = attention::settings_problems(crate::steps::StepId::ScimToken, settings);
    if problems.is_empty() {
        ReportValue::value(raw)
    } else {
        ReportValue::invalid(raw, &problems.join(" "))
    }
}

fn clean_preflight(mut record: PreflightRecord) -> PreflightRecord {
    record.file_name = sections::clean(&record.file_name);
    record.read_error = record.read_error.as_deref().map(sections::clean);
    record
}

fn clean_reconcile(mut record: ReconcileRecord) -> ReconcileRecord {
    record.tenant_url = sections::clean(&record.tenant_url);
    record.file_name = sections::clean(&record.file_name);
    if let Some(scope) = record.scope.as_mut() {
        // The description names the members file and a column the operator typed.
        scope.description = sections::clean(&scope.description);
        // The application's label and the group ids come from JumpCloud's answers.
        if let Some(application) = scope.application.as_mut() {
            application.id = sections::clean(&application.id);
            application.label = sections::clean(&application.label);
        }
        for group in &mut scope.groups {
            group.id = sections::clean(&group.id);
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::{StepId, content};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-05-01 10:00 UTC);

    fn certificate(not_after_unix: i64) -> CertificateInfo {
        let mut info = CertificateInfo::for_fingerprint_tests("AA:BB", "CC:DD");
        info.not_before_unix = 0;
        info.not_after_unix = not_after_unix;
        info
    }

    fn step(report: &SetupReport, id: StepId) -> &sections::StepLine {
        &report.steps[id.index()]
    }

    #[test]
    fn an_invalid_saml_id_shows_its_problem_and_blocks_the_computed_values() {
        let mut settings = Settings::default();
        settings.values.saml_id = "abc def".into();
        let report = SetupReport::build(&settings, None, NOW);
        let ReportValue::Invalid { text, problem } = &report.saml_id else {
            panic!("{:?}", report.saml_id);
        };
        assert_eq!(text, "abc def");
        assert!(!problem.is_empty());
        assert_eq!(
            report.acs_url,
            ReportValue::unavailable("needs a valid SAML ID")
        );
        assert_eq!(step(&report, StepId::SamlId).status, "Needs attention");
        assert_eq!(step(&report, StepId::SamlId).problems.len(), 1);
    }

    #[test]
    fn values_come_from_the_shared_saml_functions() {
        let mut settings = Settings {
            region: crate::region::Region::Uk,
            ..Settings::default()
        };
        settings.values.saml_id = "Zz9".into();
        settings.values.custom_entity_id = "KnowBe4-unique".into();
        let report = SetupReport::build(&settings, None, NOW);
        let values = attention::saml_values(&settings).unwrap();
        assert_eq!(report.acs_url, ReportValue::value(&values.acs_url));
        assert_eq!(report.relay_state, ReportValue::value("Zz9"));
        assert_eq!(report.entity_id, ReportValue::value("KnowBe4-unique"));
        assert_eq!(report.console_url, "https://uk.knowbe4.com/");
        assert_eq!(report.idp_url, ReportValue::NotEntered);
    }

    #[test]
    fn an_expired_certificate_or_a_file_note_needs_attention() {
        let expired = certificate(NOW.unix_timestamp() - 86_400 * 3);
        let report = SetupReport::build(&Settings::default(), Some(&expired), NOW);
        assert_eq!(report.certificate.problems.len(), 1);
        assert!(report.certificate.problems[0].contains("EXPIRED 3 days ago"));
        assert_eq!(
            step(&report, StepId::IdpCertificate).status,
            "Needs attention"
        );
        let fine = certificate(NOW.unix_timestamp() + 86_400 * 400);
        let report = SetupReport::build(&Settings::default(), Some(&fine), NOW);
        assert!(report.certificate.problems.is_empty());
        let details = report.certificate.details.as_ref().unwrap();
        assert_eq!(
            (details.sha1.as_str(), details.sha256.as_str()),
            ("AA:BB", "CC:DD")
        );
        let noted = SetupReport::build_with_certificate_note(
            &Settings::default(),
            None,
            Some("The file has vanished."),
            NOW,
        );
        assert_eq!(noted.certificate.problems, ["The file has vanished."]);
        assert_eq!(
            step(&noted, StepId::IdpCertificate).status,
            "Needs attention"
        );
    }

    #[test]
    fn every_step_is_listed_with_its_ticks() {
        let mut settings = Settings::default();
        settings.set_ticked(StepId::TestMode, "provisioning_tab", true);
        let report = SetupReport::build(&settings, None, NOW);
        assert_eq!(report.steps.len(), StepId::ALL.len());
        for (line, id) in report.steps.iter().zip(StepId::ALL) {
            assert_eq!(line.title, id.title());
            assert_eq!(line.ticks.len(), content(id).ticks.len());
        }
        let test_mode = step(&report, StepId::TestMode);
        assert_eq!(test_mode.status, "In progress");
        assert_eq!(
            test_mode.ticks.iter().filter(|t| t.ticked).count(),
            1,
            "{test_mode:?}"
        );
    }

    #[test]
    fn a_tenant_url_with_credentials_is_shown_without_them_and_flagged() {
        let mut settings = Settings::default();
        settings.values.tenant_url = "https://ann:s3cret@training.knowbe4.com/scim/v2/x".into();
        let report = SetupReport::build(&settings, None, NOW);
        let ReportValue::Invalid { text, problem } = &report.tenant_url else {
            panic!("{:?}", report.tenant_url);
        };
        assert_eq!(text, "https://training.knowbe4.com/scim/v2/x");
        assert!(problem.contains("user name or password"), "{problem}");
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("s3cret") && !json.contains("ann:"), "{json}");
    }

    #[test]
    fn notes_and_version_can_be_set() {
        let report = SetupReport::build(&Settings::default(), None, NOW)
            .with_app_version("9.9.9")
            .with_note("line one\u{1}");
        assert_eq!(report.app_version, "9.9.9");
        assert_eq!(report.notes, ["line one "]);
        assert_eq!(report.generated_at, "2026-05-01T10:00:00Z");
    }
}
