//! The Report step's preview, rebuilt only when what it shows changes. Building the report
//! sanitises every field and lays it out; doing that on every repaint (ten a second while a
//! check runs on the same step) would be wasted work.

use time::OffsetDateTime;

use crate::certificate::CertificateInfo;
use crate::report::{SetupReport, render_markdown};
use crate::settings::Settings;

/// Everything the report is built from; the clock counts by the minute.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    settings: Settings,
    certificate: Option<CertificateInfo>,
    note: Option<String>,
    version: Option<String>,
    minute: i64,
}

#[derive(Debug, Default)]
pub struct ReportPreview {
    inputs: Option<Inputs>,
    markdown: String,
    /// How many times the report was built (for tests).
    pub builds: u64,
}

impl ReportPreview {
    /// The preview's Markdown, built again only if an input changed since the last call.
    pub fn markdown(
        &mut self,
        settings: &Settings,
        certificate: Option<&CertificateInfo>,
        note: Option<&str>,
        version: Option<&str>,
        now: OffsetDateTime,
    ) -> &str {
        let inputs = Inputs {
            settings: settings.clone(),
            certificate: certificate.cloned(),
            note: note.map(str::to_owned),
            version: version.map(str::to_owned),
            minute: now.unix_timestamp().div_euclid(60),
        };
        if self.inputs.as_ref() != Some(&inputs) {
            let report = build(settings, certificate, note, version, now);
            self.markdown = render_markdown(&report);
            self.inputs = Some(inputs);
            self.builds += 1;
        }
        &self.markdown
    }
}

/// The report of the setup as it stands, with the certificate the window has loaded.
pub fn build(
    settings: &Settings,
    certificate: Option<&CertificateInfo>,
    note: Option<&str>,
    version: Option<&str>,
    now: OffsetDateTime,
) -> SetupReport {
    let report = SetupReport::build_with_certificate_note(settings, certificate, note, now);
    match version {
        Some(version) => report.with_app_version(version.to_owned()),
        None => report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilt_only_when_an_input_changes() {
        let mut preview = ReportPreview::default();
        let mut settings = Settings::default();
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let first = preview
            .markdown(&settings, None, None, None, now)
            .to_owned();
        let _ = preview.markdown(
            &settings,
            None,
            None,
            None,
            now + time::Duration::seconds(5),
        );
        assert_eq!(preview.builds, 1, "same inputs, same minute");
        settings.values.saml_id = "abc123".into();
        let second = preview
            .markdown(&settings, None, None, None, now)
            .to_owned();
        assert_eq!(preview.builds, 2);
        assert_ne!(first, second);
        let _ = preview.markdown(
            &settings,
            None,
            None,
            None,
            now + time::Duration::minutes(1),
        );
        assert_eq!(preview.builds, 3, "a new minute");
    }
}
