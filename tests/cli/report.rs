//! `kb4-setup report`, run as the built binary against settings in a temporary config folder.

use std::process::Output;

use kb4_setup::certificate::file_fingerprint_of_bytes;
use kb4_setup::settings::{Settings, SettingsStore};
use temp_home::TempHome;

use crate::support::fixed_certs;
use crate::support::report_fixture;
use crate::support::temp_home;

/// Saves the fixture's settings, with the fixed certificate written beside them.
fn save_full_settings(home: &TempHome) -> Settings {
    let pem = fixed_certs::idp_certificate_pem(
        "report golden",
        time::macros::datetime!(2026-01-01 00:00 UTC),
        time::macros::datetime!(2028-01-01 00:00 UTC),
    );
    let cert_path = home.path().join("certificate.pem");
    std::fs::write(&cert_path, &pem).unwrap();
    let mut settings = report_fixture::full_settings();
    settings.values.certificate_path = Some(cert_path);
    settings.values.certificate_file_sha256 = Some(file_fingerprint_of_bytes(pem.as_bytes()));
    SettingsStore::new(home.settings_file())
        .save(&settings)
        .unwrap();
    settings
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn markdown_report_holds_the_saved_setup_and_the_certificate() {
    let home = TempHome::new();
    save_full_settings(&home);
    let out = home.path().join("report.md");
    let output = home.run(
        &["report", "--format", "md", "--out", out.to_str().unwrap()],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("Wrote the setup report (md)"));
    let text = std::fs::read_to_string(&out).unwrap();
    let certificate = report_fixture::certificate();
    assert!(text.starts_with("# KnowBe4 and JumpCloud setup report\n"));
    assert!(text.contains(&format!(
        "| SHA-256 fingerprint | `{}` |",
        certificate.sha256
    )));
    assert!(text.contains(&format!("| SHA-1 fingerprint | `{}` |", certificate.sha1)));
    assert!(text.contains("`https://de.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback`"));
    assert!(text.contains(&format!("kb4-setup {}", env!("CARGO_PKG_VERSION"))));
    assert!(text.contains("| File | `certificate.pem` |"));
    assert!(!text.contains("Needs attention:** The file"), "{text}");
}

#[test]
fn html_report_is_well_formed() {
    let home = TempHome::new();
    save_full_settings(&home);
    let out = home.path().join("report.html");
    let output = home.run(
        &["report", "--format", "html", "--out", out.to_str().unwrap()],
        None,
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(&out).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&html, options).unwrap();
    assert!(
        document
            .descendants()
            .any(|n| n.has_tag_name("code")
                && n.text() == Some(&report_fixture::certificate().sha256))
    );
}

#[test]
fn the_format_follows_the_extension_and_dash_writes_to_stdout() {
    let home = TempHome::new();
    save_full_settings(&home);
    let output = home.run(&["report", "--out", "setup.HTM"], None, "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(home.path().join("setup.HTM")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let output = home.run(&["report", "--format", "markdown", "--out", "-"], None, "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("# KnowBe4"));
    let output = home.run(&["report", "--out", "-"], None, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format md or --format html"));
}

#[test]
fn a_bad_format_is_a_usage_error() {
    let home = TempHome::new();
    let output = home.run(&["report", "--format", "pdf", "--out", "x.pdf"], None, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("'pdf'"), "{}", stderr(&output));
    assert!(!home.path().join("x.pdf").exists());
}

#[test]
fn an_unwritable_output_is_refused_with_exit_2() {
    let home = TempHome::new();
    save_full_settings(&home);
    let missing = home.path().join("no-such-folder").join("r.md");
    let output = home.run(&["report", "--out", missing.to_str().unwrap()], None, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("does not exist"),
        "{}",
        stderr(&output)
    );
    let folder = home.path().to_str().unwrap().to_owned();
    let output = home.run(&["report", "--format", "md", "--out", &folder], None, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn no_saved_progress_gives_an_empty_report_with_a_note() {
    let home = TempHome::new();
    let output = home.run(&["report", "--out", "-", "--format", "md"], None, "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("**Note:** No saved progress was found"),
        "{text}"
    );
    assert!(text.contains("| SAML ID | *not entered* |"));
    assert!(stderr(&output).contains("No saved progress"));
}

#[test]
fn corrupt_settings_are_reported_and_left_in_place() {
    let home = TempHome::new();
    let file = home.settings_file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"{ not json").unwrap();
    let output = home.run(&["report", "--out", "r.md"], None, "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not valid settings"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"{ not json");
    assert!(!home.path().join("r.md").exists());
}

#[test]
fn a_vanished_or_changed_certificate_is_said_in_the_report() {
    let home = TempHome::new();
    let settings = save_full_settings(&home);
    let cert_path = settings.values.certificate_path.unwrap();
    std::fs::write(&cert_path, report_pem("another")).unwrap();
    let output = home.run(&["report", "--format", "md", "--out", "-"], None, "");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("certificate.pem has changed since it was loaded"),
        "{text}"
    );
    assert!(text.contains("IdP certificate (Single sign-on): Needs attention"));
    std::fs::remove_file(&cert_path).unwrap();
    let output = home.run(&["report", "--format", "md", "--out", "-"], None, "");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("certificate.pem, has vanished"), "{text}");
    assert!(text.contains("| Certificate | *not loaded* |"));
}

fn report_pem(label: &str) -> String {
    fixed_certs::idp_certificate_pem(
        label,
        time::macros::datetime!(2026-01-01 00:00 UTC),
        time::macros::datetime!(2028-01-01 00:00 UTC),
    )
}
