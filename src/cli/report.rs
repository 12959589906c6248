//! `kb4-setup report --format md|html --out FILE`: the setup report from the progress the
//! window saved, for records and audits. `--out -` writes to standard output.

use std::io::Write as _;

use time::OffsetDateTime;

use super::ReportArgs;
use super::failure::{self, Failure, Finished, Outcome};
use crate::paths::AppPaths;
use crate::report::{ReportFormat, SavedCertificate, SetupReport, write_report};
use crate::settings::{Settings, SettingsStore};

const NO_SETTINGS_NOTE: &str = "No saved progress was found on this computer, so this report \
    shows an empty setup. Open kb4-setup's window and work through the steps first.";

pub fn run(args: &ReportArgs) -> Outcome {
    let to_stdout = args.out.as_os_str() == "-";
    let format = args
        .format
        .or_else(|| ReportFormat::from_path(&args.out))
        .ok_or_else(|| {
            Failure::input(format!(
                "say which format to write with --format md or --format html (the name {} does \
                 not end in .md or .html).",
                args.out.display()
            ))
        })?;
    let paths = AppPaths::from_os().ok_or_else(|| {
        Failure::input("the system gives no home folder, so there are no saved settings to read.")
    })?;
    let store = SettingsStore::new(paths.settings_file());
    let (settings, found) = match store.read_existing() {
        Ok(Some(settings)) => (settings, true),
        Ok(None) => (Settings::default(), false),
        Err(error) => return Err(Failure::input(error.to_string())),
    };
    let report = build(&settings, found);
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(format.render(&report).as_bytes())
            .map_err(|error| {
                Failure::input(format!(
                    "could not write the report to standard output: {error}"
                ))
            })?;
        return Ok(Finished::Clean);
    }
    write_report(&report, format, &args.out).map_err(|error| Failure::input(error.to_string()))?;
    eprintln!(
        "Wrote the setup report ({}) to {}.",
        format.extension(),
        args.out.display()
    );
    Ok(Finished::Clean)
}

/// The report, with notes on stderr for anything the operator should know straight away.
fn build(settings: &Settings, found: bool) -> SetupReport {
    let certificate = SavedCertificate::load(&settings.values);
    if let Some(note) = &certificate.note {
        failure::note(note);
    }
    let report = SetupReport::build_with_certificate_note(
        settings,
        certificate.info.as_ref(),
        certificate.note.as_deref(),
        OffsetDateTime::now_utc(),
    );
    if found {
        report
    } else {
        failure::note(NO_SETTINGS_NOTE);
        report.with_note(NO_SETTINGS_NOTE)
    }
}
