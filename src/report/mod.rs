//! The setup report: a record of what was configured and what was proven, as Markdown or as
//! a self-contained HTML page that prints well to PDF. It never holds the SCIM token (nothing
//! it is built from holds it) nor key material (only a certificate's public facts), and URLs
//! in it lose any `user:password@` part.
//!
//! The window's Report step and `kb4-setup report` both call [`SetupReport::build`], then
//! [`write_report`] (or a renderer, for the preview).

mod certificate_file;
mod html;
mod layout;
mod markdown;
mod model;
mod sections;

pub use certificate_file::SavedCertificate;
pub use html::{escape_html, render_html};
pub use markdown::{escape_markdown, render_markdown};
pub use model::{SetupReport, default_app_version};
pub use sections::{
    CertificateDetails, CertificateSection, CheckLine, CheckSection, ReportValue, StepLine,
    TickLine, clean, strip_url_credentials,
};

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The two formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Markdown,
    Html,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 2] = [ReportFormat::Markdown, ReportFormat::Html];

    /// The format a file extension names (`md`, `markdown`, `html`, `htm`; any case).
    pub fn from_extension(extension: &str) -> Option<ReportFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "html" | "htm" => Some(ReportFormat::Html),
            _ => None,
        }
    }

    /// The format the extension of `path` names, if any.
    pub fn from_path(path: &Path) -> Option<ReportFormat> {
        path.extension()
            .and_then(|extension| extension.to_str())
            .and_then(ReportFormat::from_extension)
    }

    /// The extension a save dialog should propose.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
        }
    }

    /// The name a save dialog's filter shows.
    pub fn label(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "Markdown",
            ReportFormat::Html => "HTML (opens in a browser, prints to PDF)",
        }
    }

    /// The report rendered in this format.
    pub fn render(self, report: &SetupReport) -> String {
        match self {
            ReportFormat::Markdown => render_markdown(report),
            ReportFormat::Html => render_html(report),
        }
    }
}

impl FromStr for ReportFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ReportFormat::from_extension(text.trim())
            .ok_or_else(|| format!("unknown report format '{text}': use md or html"))
    }
}

/// Why a report could not be written, worded for the operator.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "The folder {} does not exist. Choose an existing folder for the report.",
        folder.display()
    )]
    NoFolder { folder: PathBuf },
    #[error(
        "{} is a folder. Give the report a file name, for example {}.",
        path.display(),
        path.join(format!("setup-report.{extension}")).display()
    )]
    IsFolder {
        path: PathBuf,
        extension: &'static str,
    },
    #[error(
        "Could not write the report to {}: {source}. Choose a folder you can write to.",
        path.display()
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Renders `report` as `format` and writes it to `path` atomically: a temporary file in the
/// same folder, flushed, then renamed over `path`, so a failed write never leaves half a
/// report (nor destroys an older one). Call it off the UI thread.
pub fn write_report(
    report: &SetupReport,
    format: ReportFormat,
    path: &Path,
) -> Result<(), ReportError> {
    write_atomic(path, format.render(report).as_bytes(), format.extension())
}

fn write_atomic(path: &Path, bytes: &[u8], extension: &'static str) -> Result<(), ReportError> {
    if path.is_dir() {
        return Err(ReportError::IsFolder {
            path: path.to_path_buf(),
            extension,
        });
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ReportError::NoFolder {
            folder: folder.to_path_buf(),
        });
    }
    let write_error = |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(write_error)?;
    file.write_all(bytes).map_err(write_error)?;
    file.as_file().sync_all().map_err(write_error)?;
    file.persist(path)
        .map_err(|error| write_error(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use time::macros::datetime;

    fn report() -> SetupReport {
        SetupReport::build(
            &Settings::default(),
            None,
            datetime!(2026-01-02 03:04:05 UTC),
        )
    }

    #[test]
    fn formats_come_from_names_and_extensions() {
        assert_eq!("md".parse(), Ok(ReportFormat::Markdown));
        assert_eq!("Markdown".parse(), Ok(ReportFormat::Markdown));
        assert_eq!("HTM".parse(), Ok(ReportFormat::Html));
        assert_eq!("html".parse(), Ok(ReportFormat::Html));
        let error = "pdf".parse::<ReportFormat>().unwrap_err();
        assert!(
            error.contains("'pdf'") && error.contains("md or html"),
            "{error}"
        );
        assert_eq!(
            ReportFormat::from_path(Path::new("/x/report.HTML")),
            Some(ReportFormat::Html)
        );
        assert_eq!(ReportFormat::from_path(Path::new("report")), None);
        for format in ReportFormat::ALL {
            assert_eq!(
                ReportFormat::from_extension(format.extension()),
                Some(format)
            );
        }
    }

    #[test]
    fn write_replaces_the_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        std::fs::write(&path, "old").unwrap();
        write_report(&report(), ReportFormat::Markdown, &path).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, render_markdown(&report()));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
        write_report(&report(), ReportFormat::Html, &path).unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
    }

    #[test]
    fn write_errors_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope").join("report.md");
        let error = write_report(&report(), ReportFormat::Markdown, &missing).unwrap_err();
        assert!(matches!(error, ReportError::NoFolder { .. }), "{error}");
        assert!(error.to_string().contains("does not exist"), "{error}");
        let error = write_report(&report(), ReportFormat::Html, dir.path()).unwrap_err();
        assert!(error.to_string().contains("setup-report.html"), "{error}");
        let existing_file = dir.path().join("file");
        std::fs::write(&existing_file, "x").unwrap();
        let under_a_file = existing_file.join("report.md");
        let error = write_report(&report(), ReportFormat::Markdown, &under_a_file).unwrap_err();
        assert!(error.to_string().contains("Choose"), "{error}");
    }
}
