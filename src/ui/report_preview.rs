//! The Report step's preview, rebuilt only when what it shows changes. Building the report
//! sanitises every field and lays it out; doing that on every repaint (ten a second while a
//! check runs on the same step) would be wasted work.

use time::OffsetDateTime;

use crate::certificate::CertificateInfo;
use crate::report::{SetupReport, render_markdown};
use crate::settings::Settings;

/// Everything the report is built from, borrowed from the window's state.
#[derive(Debug, Clone, Copy)]
pub struct ReportSources<'a> {
    pub settings: &'a Settings,
    pub certificate: Option<&'a CertificateInfo>,
    /// Why the certificate file could not be read, if it could not.
    pub note: Option<&'a str>,
    /// A fixed version line (tests and snapshots); this build's otherwise.
    pub version: Option<&'a str>,
    pub now: OffsetDateTime,
}

impl ReportSources<'_> {
    /// The report of the setup as it stands.
    pub fn build(&self) -> SetupReport {
        let report = SetupReport::build_with_certificate_note(
            self.settings,
            self.certificate,
            self.note,
            self.now,
        );
        match self.version {
            Some(version) => report.with_app_version(version.to_owned()),
            None => report,
        }
    }

    /// An owned copy to compare with next time; the clock counts by the minute.
    fn key(&self) -> Key {
        Key {
            settings: self.settings.clone(),
            certificate: self.certificate.cloned(),
            note: self.note.map(str::to_owned),
            version: self.version.map(str::to_owned),
            minute: self.now.unix_timestamp().div_euclid(60),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Key {
    settings: Settings,
    certificate: Option<CertificateInfo>,
    note: Option<String>,
    version: Option<String>,
    minute: i64,
}

#[derive(Debug, Default)]
pub struct ReportPreview {
    key: Option<Key>,
    markdown: String,
    /// How many times the report was built (for tests).
    pub builds: u64,
}

impl ReportPreview {
    /// The preview's Markdown, built again only if a source changed since the last call.
    pub fn markdown(&mut self, sources: &ReportSources<'_>) -> &str {
        let key = sources.key();
        if self.key.as_ref() != Some(&key) {
            self.markdown = render_markdown(&sources.build());
            self.key = Some(key);
            self.builds += 1;
        }
        &self.markdown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(settings: &Settings, now: OffsetDateTime) -> ReportSources<'_> {
        ReportSources {
            settings,
            certificate: None,
            note: None,
            version: None,
            now,
        }
    }

    #[test]
    fn rebuilt_only_when_an_input_changes() {
        let mut preview = ReportPreview::default();
        let mut settings = Settings::default();
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let first = preview.markdown(&sources(&settings, now)).to_owned();
        let _ = preview.markdown(&sources(&settings, now + time::Duration::seconds(5)));
        assert_eq!(preview.builds, 1, "same inputs, same minute");
        settings.values.saml_id = "abc123".into();
        let second = preview.markdown(&sources(&settings, now)).to_owned();
        assert_eq!(preview.builds, 2);
        assert_ne!(first, second);
        let _ = preview.markdown(&sources(&settings, now + time::Duration::minutes(1)));
        assert_eq!(preview.builds, 3, "a new minute");
    }
}
