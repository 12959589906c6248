//! The setup report: Markdown compared with golden files, HTML parsed as XML, and no secret
//! (URL credentials, key material) in either.
//!
//! After an intended change of the report, regenerate the golden files with
//! `UPDATE_GOLDEN=1 cargo test --test domain domain::report_golden::`, then read the diff before committing.

use std::path::PathBuf;

use kb4_setup::report::{SetupReport, render_html, render_markdown};
use kb4_setup::settings::Settings;
use report_fixture::{FIXED_VERSION, NOW};

use crate::support::report_fixture;

fn full_report() -> SetupReport {
    let certificate = report_fixture::certificate();
    SetupReport::build(&report_fixture::full_settings(), Some(&certificate), NOW)
        .with_app_version(FIXED_VERSION)
}

fn empty_report() -> SetupReport {
    SetupReport::build(&Settings::default(), None, NOW).with_app_version(FIXED_VERSION)
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(name)
}

/// Compares `actual` with the golden file, or rewrites it when `UPDATE_GOLDEN` is set.
fn assert_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {} ({error}); create it with UPDATE_GOLDEN=1 cargo test --test \
             domain domain::report_golden::",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let first = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    panic!(
        "{name} differs from {} at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
         ({} lines expected, {} actual). If the change is intended, run \
         UPDATE_GOLDEN=1 cargo test --test domain domain::report_golden:: and review the diff.",
        path.display(),
        first + 1,
        expected_lines.get(first).unwrap_or(&"<end of file>"),
        actual_lines.get(first).unwrap_or(&"<end of file>"),
        expected_lines.len(),
        actual_lines.len(),
    );
}

#[test]
fn full_report_markdown_matches_the_golden_file() {
    assert_golden("report_full.md", &render_markdown(&full_report()));
}

#[test]
fn empty_report_markdown_matches_the_golden_file() {
    assert_golden("report_empty.md", &render_markdown(&empty_report()));
}

/// A reconciliation saved before scopes were recorded compared the whole export: the report
/// says so, with the assumption that holds it, and lists no members.
#[test]
fn a_reconciliation_saved_without_a_scope_reports_the_whole_export() {
    let mut settings = report_fixture::full_settings();
    if let Some(record) = settings.last_reconcile.as_mut() {
        record.scope = None;
    }
    let text = render_markdown(&SetupReport::build(&settings, None, NOW));
    assert!(
        text.contains(
            "| Compared | the whole JumpCloud export (120 users); the results hold if every user \
             in this export is in a group bound to the KnowBe4 application |"
        ),
        "{text}"
    );
    assert!(!text.contains("Members given"), "{text}");
    assert!(!text.contains("sync will create"), "{text}");
}

#[test]
fn the_version_comes_from_the_build_unless_replaced() {
    let report = SetupReport::build(&Settings::default(), None, NOW);
    assert!(
        report.app_version.starts_with(env!("CARGO_PKG_VERSION")),
        "{}",
        report.app_version
    );
    assert!(render_markdown(&report).contains(&report.app_version));
}

fn texts_of<'a>(document: &'a roxmltree::Document<'a>, tag: &str) -> Vec<String> {
    document
        .descendants()
        .filter(|node| node.has_tag_name(tag))
        .map(|node| {
            node.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect()
}

fn parse(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|error| panic!("the HTML is not well-formed: {error}"))
}

#[test]
fn html_is_well_formed_self_contained_and_complete() {
    let certificate = report_fixture::certificate();
    let html = render_html(&full_report());
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let document = parse(&html);
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(
        texts_of(&document, "title"),
        ["KnowBe4 and JumpCloud setup report"]
    );
    let head = root
        .children()
        .find(|n| n.has_tag_name("head"))
        .expect("a head");
    assert!(
        head.children()
            .any(|n| n.has_tag_name("meta") && n.attribute("charset") == Some("utf-8"))
    );
    let style = texts_of(&document, "style").concat();
    assert!(style.contains("@media print") && style.contains("@page"));
    // Self-contained: no script, nothing fetched.
    for tag in ["script", "link", "img", "iframe", "object"] {
        assert!(texts_of(&document, tag).is_empty(), "a <{tag}> element");
    }
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(!style.contains("url("), "no fetched resources");
    // Region, SSO, certificate, provisioning (facts, checks, pre-flight, reconcile), steps.
    let tables = texts_of(&document, "table");
    assert!(tables.len() >= 8, "{} tables", tables.len());
    let code = texts_of(&document, "code");
    for fingerprint in [&certificate.sha1, &certificate.sha256] {
        assert!(code.contains(fingerprint), "{fingerprint} in a <code>");
    }
    assert!(code.contains(&"https://de.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback".to_owned()));
    let headings = texts_of(&document, "h3");
    assert!(
        headings
            .iter()
            .any(|h| h == "1. Prerequisites (Prepare): Done"),
        "{headings:?}"
    );
    let ticks = texts_of(&document, "li").join("\n");
    assert!(
        ticks.contains("☑I have a JumpCloud Administrator account"),
        "{ticks}"
    );
    assert!(!ticks.contains("☐Clicked Generate SCIM Token"));
    assert!(ticks.contains("☑Clicked Generate SCIM Token"), "{ticks}");
    assert!(
        ticks.contains("☐Selected Enable User Provisioning"),
        "{ticks}"
    );
}

#[test]
fn empty_html_is_well_formed_and_says_not_entered() {
    let html = render_html(&empty_report());
    let document = parse(&html);
    let cells = texts_of(&document, "td");
    assert!(cells.iter().any(|c| c == "not entered"), "{cells:?}");
    assert!(
        cells
            .iter()
            .any(|c| c == "not available: needs the SAML ID")
    );
}

const HOSTILE: &str = "</td><script>alert(1)</script>|`*x*`\n<!--";

/// Settings whose every free-text field holds a distinct marker, with credentials in URLs.
fn marked_settings() -> Settings {
    let mut settings = report_fixture::full_settings();
    let values = &mut settings.values;
    values.saml_id = "Marker1SamlId".into();
    values.custom_entity_id = "marker-entity-2".into();
    values.idp_url = "https://user3:pass3@sso.jumpcloud.com/saml2/marker4".into();
    values.idp_entity_id = format!("marker-idp-entity-5 {HOSTILE}");
    values.certificate_path = Some(PathBuf::from("/private-folder6/marker7.pem"));
    values.certificate_file_sha256 = Some("marker8filehash".into());
    values.tenant_url = "https://user9:pass10@de.knowbe4.com/scim/marker11".into();
    values.proxy_url = "http://proxyuser12:proxypass13@proxy.example:8080".into();
    values.extra_ca_file = "/etc/marker14-ca.pem".into();
    if let Some(check) = settings.last_check.as_mut() {
        // The report shows only a run for the tenant it reports, so the run names the same
        // tenant, credentials and all.
        check.tenant_url = "https://user9:pass10@de.knowbe4.com/scim/marker11".into();
        check.results[0].summary = format!("marker18 {HOSTILE}");
        check.results[0].excerpt = Some("marker19-excerpt".into());
    }
    if let Some(record) = settings.last_reconcile.as_mut() {
        record.tenant_url = "https://user20:pass21@de.knowbe4.com/scim/marker22".into();
        if let Some(scope) = record.scope.as_mut() {
            scope.description =
                format!("the export's 'https://user23:pass24@groups.example' column {HOSTILE}");
        }
    }
    settings
}

#[test]
fn no_url_credentials_paths_or_key_material_reach_the_report() {
    let certificate = report_fixture::certificate();
    let report = SetupReport::build(&marked_settings(), Some(&certificate), NOW);
    for (format, text) in [
        ("markdown", render_markdown(&report)),
        ("html", render_html(&report)),
    ] {
        for absent in [
            "user3",
            "pass3",
            "user9",
            "pass10",
            "proxyuser12",
            "proxypass13",
            "user20",
            "pass21",
            "user23",
            "pass24",
            "private-folder6",
            "marker8filehash",
            "marker19-excerpt",
            "BEGIN",
            "PRIVATE",
        ] {
            assert!(!text.contains(absent), "{format} report contains {absent}");
        }
        for present in [
            "Marker1SamlId",
            "marker-entity-2",
            "sso.jumpcloud.com/saml2/marker4",
            "marker-idp-entity-5",
            "marker7.pem",
            "de.knowbe4.com/scim/marker11",
            "marker18",
            "marker22",
        ] {
            assert!(text.contains(present), "{format} report lacks {present}");
        }
    }
    let json = serde_json::to_string(&report).expect("the model serialises");
    assert!(!json.contains("pass10") && !json.contains("pass3"));
}

#[test]
fn hostile_values_are_escaped_in_both_formats() {
    let certificate = report_fixture::certificate();
    let report = SetupReport::build(&marked_settings(), Some(&certificate), NOW);
    let html = render_html(&report);
    let document = parse(&html);
    let raw_text: String = document
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(
        raw_text.contains("</td><script>alert(1)</script>"),
        "kept as text"
    );
    assert!(!html.contains("<script>") && !html.contains("<!--"));
    let markdown = render_markdown(&report);
    // In a value (a code span) the text is literal; everywhere else it is backslash-escaped.
    let code_span = "``marker-idp-entity-5 </td><script>alert(1)</script>\\|`*x*` <!--``";
    assert!(markdown.contains(code_span), "{markdown}");
    let outside_code = markdown.replace(code_span, "");
    assert!(
        !outside_code.replace("\\<", "").contains('<'),
        "every < outside code spans is escaped"
    );
    assert!(markdown.contains("\\</td>\\<script>alert(1)\\</script>\\|\\`\\*x\\*\\`"));
    for line in markdown.lines().filter(|line| line.starts_with('|')) {
        // The hostile line break and pipe never add a row or a column.
        let unescaped_pipes = line
            .char_indices()
            .filter(|(i, c)| *c == '|' && (*i == 0 || line.as_bytes()[i - 1] != b'\\'))
            .count();
        let columns = unescaped_pipes - 1;
        assert!(columns == 2 || columns == 4 || columns == 5, "{line}");
    }
}
