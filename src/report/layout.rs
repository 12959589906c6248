//! The report's content laid out once as headings, tables and lists, so the Markdown and HTML
//! renderings cannot say different things: each renderer only turns these blocks into markup.

use super::model::SetupReport;
use super::sections::{CertificateSection, CheckSection, ReportValue, StepLine};
use crate::provisioning::preflight::ProblemKind;
use crate::provisioning::records::{PreflightRecord, ReconcileRecord};
use crate::provisioning::scope::{ScopeApplication, ScopeKind};

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    Text(String),
    /// A value to copy exactly: URLs, IDs, fingerprints. Monospace, wraps anywhere.
    Code(String),
    Emphasis(String),
    Strong(String),
}

pub(crate) type Line = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Paragraph(Line),
    /// A two-column table: what, and its value.
    Facts(Vec<(String, Line)>),
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<Line>>,
    },
    Bullets(Vec<Line>),
    /// A step's ticks: ticked or not, and the action's label.
    Ticks(Vec<(bool, String)>),
    /// Problems the operator must act on.
    Attention(Vec<String>),
}

fn text(value: &str) -> Inline {
    Inline::Text(value.to_owned())
}

fn plain(value: &str) -> Line {
    vec![text(value)]
}

fn code(value: &str) -> Line {
    vec![Inline::Code(value.to_owned())]
}

/// How a value shows: copyable values in monospace; missing and wrong ones say so.
fn value_line(value: &ReportValue) -> Line {
    match value {
        ReportValue::Value { text } => code(text),
        ReportValue::NotEntered => vec![Inline::Emphasis("not entered".to_owned())],
        ReportValue::Invalid {
            text: entered,
            problem,
        } => vec![
            Inline::Code(entered.clone()),
            text(" "),
            Inline::Strong("Invalid:".to_owned()),
            text(&format!(" {problem}")),
        ],
        ReportValue::Unavailable { reason } => {
            vec![Inline::Emphasis(format!("not available: {reason}"))]
        }
    }
}

fn fact(name: &str, line: Line) -> (String, Line) {
    (name.to_owned(), line)
}

/// The whole report, in order.
pub(crate) fn layout(report: &SetupReport) -> Vec<Block> {
    let mut blocks = vec![
        Block::Title(report.title()),
        Block::Facts(vec![
            fact(
                "Generated",
                vec![
                    text(&report.generated_at_human),
                    text(" ("),
                    Inline::Code(report.generated_at.clone()),
                    text(")"),
                ],
            ),
            fact("By", plain(&format!("kb4-setup {}", report.app_version))),
        ]),
        Block::Paragraph(plain(
            "This report never contains the SCIM token, a password or any private key. Values \
             not yet entered are marked as such.",
        )),
    ];
    if !report.notes.is_empty() {
        blocks.push(Block::Bullets(
            report
                .notes
                .iter()
                .map(|note| {
                    vec![
                        Inline::Strong("Note:".to_owned()),
                        text(&format!(" {note}")),
                    ]
                })
                .collect(),
        ));
    }
    blocks.extend(single_sign_on(report));
    blocks.extend(certificate(&report.certificate));
    blocks.extend(provisioning(report));
    blocks.extend(steps(&report.steps));
    blocks
}

fn single_sign_on(report: &SetupReport) -> Vec<Block> {
    vec![
        Block::Heading("KnowBe4 region and single sign-on".to_owned()),
        Block::Facts(vec![
            fact(
                "KnowBe4 region",
                vec![
                    text(&format!("{}, console ", report.region_name)),
                    Inline::Code(report.console_url.clone()),
                ],
            ),
            fact("SAML ID", value_line(&report.saml_id)),
            fact("SP Entity ID", value_line(&report.entity_id)),
            fact("ACS URL (JumpCloud)", value_line(&report.acs_url)),
            fact(
                "Default RelayState (JumpCloud)",
                value_line(&report.relay_state),
            ),
            fact("SP-initiated sign-in URL", value_line(&report.sign_in_url)),
            fact(
                "Admin bypass login URL",
                code(&report.admin_bypass_login_url),
            ),
            fact(
                "JumpCloud IdP URL (KnowBe4's IDP URL field)",
                value_line(&report.idp_url),
            ),
            fact("JumpCloud IdP Entity ID", value_line(&report.idp_entity_id)),
            fact(
                "Admin with MFA and admin bypass (before disabling non-SAML logins)",
                plain(report.saml_lockout.admin_mfa_text()),
            ),
            fact(
                "Non-SAML logins",
                plain(report.saml_lockout.non_saml_text()),
            ),
        ]),
    ]
}

fn certificate(section: &CertificateSection) -> Vec<Block> {
    let mut facts = vec![fact("File", value_line(&section.file))];
    match &section.details {
        Some(details) => facts.extend([
            fact("Subject", plain(&details.subject)),
            fact("Issuer", plain(&details.issuer)),
            fact("Serial number", code(&details.serial)),
            fact("Valid from", plain(&details.not_before)),
            fact("Valid until", plain(&details.not_after)),
            fact("Validity when reported", plain(&details.validity)),
            fact("Key", plain(&details.key)),
            fact("Signature algorithm", plain(&details.signature_algorithm)),
            fact(
                "Self-signed",
                plain(if details.self_signed { "yes" } else { "no" }),
            ),
            fact("SHA-1 fingerprint", code(&details.sha1)),
            fact("SHA-256 fingerprint", code(&details.sha256)),
        ]),
        None => facts.push(fact(
            "Certificate",
            vec![Inline::Emphasis("not loaded".to_owned())],
        )),
    }
    let mut blocks = vec![
        Block::Heading("IdP certificate".to_owned()),
        Block::Facts(facts),
    ];
    if section.details.is_some() {
        blocks.push(Block::Paragraph(plain(
            "The article's route is the SHA-1 fingerprint; SHA-256 is the other kind KnowBe4 \
             offers. Its IdP Cert Fingerprint selector must be set to the kind pasted.",
        )));
    }
    let warnings = section.details.iter().flat_map(|d| d.warnings.iter());
    let attention: Vec<String> = section.problems.iter().chain(warnings).cloned().collect();
    if !attention.is_empty() {
        blocks.push(Block::Attention(attention));
    }
    blocks
}

fn provisioning(report: &SetupReport) -> Vec<Block> {
    let group_management = if report.group_management {
        "on (JumpCloud creates and syncs groups in KnowBe4)"
    } else {
        "off"
    };
    let mut blocks = vec![
        Block::Heading("SCIM provisioning".to_owned()),
        Block::Facts(vec![
            fact("Tenant URL", value_line(&report.tenant_url)),
            fact("Group management", plain(group_management)),
        ]),
        Block::Subheading("Last connection check".to_owned()),
    ];
    match &report.last_check {
        Some(check) => blocks.extend(check_blocks(check)),
        None => blocks.push(not_run()),
    }
    blocks.push(Block::Subheading(
        "Pre-flight of the JumpCloud export".to_owned(),
    ));
    blocks.push(match &report.preflight {
        Some(record) => preflight_facts(record),
        None => not_run(),
    });
    blocks.push(Block::Subheading(
        "Reconciliation with the KnowBe4 tenant".to_owned(),
    ));
    blocks.push(match &report.reconcile {
        Some(record) => reconcile_facts(record),
        None => not_run(),
    });
    blocks
}

fn not_run() -> Block {
    Block::Paragraph(vec![Inline::Emphasis("Not run yet.".to_owned())])
}

fn check_blocks(check: &CheckSection) -> Vec<Block> {
    let mut blocks = vec![
        Block::Facts(vec![
            fact("Tenant URL", code(&check.tenant_url)),
            fact("Started", plain(&check.started_at)),
            fact("Finished", plain(&check.finished_at)),
            fact("Result", vec![Inline::Strong(check.verdict.clone())]),
        ]),
        Block::Table {
            headers: ["Check", "Result", "HTTP", "Summary"]
                .map(str::to_owned)
                .to_vec(),
            rows: check
                .results
                .iter()
                .map(|line| {
                    let http = line.http_status.map(|s| s.to_string()).unwrap_or_default();
                    vec![
                        plain(&line.name),
                        vec![Inline::Strong(line.status.clone())],
                        plain(&http),
                        plain(&line.summary),
                    ]
                })
                .collect(),
        },
    ];
    let hints: Vec<Line> = check
        .results
        .iter()
        .filter_map(|line| {
            let hint = line.hint.as_ref()?;
            Some(vec![
                Inline::Strong(format!("{}:", line.name)),
                text(&format!(" {hint}")),
            ])
        })
        .collect();
    if !hints.is_empty() {
        blocks.push(Block::Bullets(hints));
    }
    if !check.leftovers.is_empty() {
        blocks.push(Block::Attention(check.leftovers.clone()));
    }
    blocks
}

fn count(name: &str, value: impl ToString) -> (String, Line) {
    fact(name, plain(&value.to_string()))
}

fn preflight_facts(record: &PreflightRecord) -> Block {
    let mut facts = vec![
        fact("Ran at", plain(&record.ran_at)),
        fact("File", code(&record.file_name)),
        count("Users in the file", record.rows),
        count("Users with problems", record.users_with_problems),
    ];
    for kind in ProblemKind::ALL {
        let found = record.counts.get(&kind).copied().unwrap_or(0);
        if found > 0 {
            facts.push(count(kind.label(), found));
        }
    }
    if record.usernames_not_email > 0 {
        facts.push(count(
            "Usernames that are not email addresses (may create duplicates)",
            record.usernames_not_email,
        ));
    }
    if let Some(error) = &record.read_error {
        facts.push(fact("Stopped reading", vec![Inline::Strong(error.clone())]));
    }
    Block::Facts(facts)
}

fn reconcile_facts(record: &ReconcileRecord) -> Block {
    let summary = &record.summary;
    let scope = record.scope();
    let source = match &scope.application {
        Some(application) if scope.kind == ScopeKind::Jumpcloud => fact(
            "JumpCloud application",
            code(&application_name(application)),
        ),
        _ => fact("JumpCloud export", code(&record.file_name)),
    };
    let mut facts = vec![
        fact("Ran at", plain(&record.ran_at)),
        fact("Tenant URL", code(&record.tenant_url)),
        source,
        fact("Compared", plain(&scope.description)),
        count(
            "Only in KnowBe4 (archived once sync is live, unless JumpCloud provisions them or they are excluded from SCIM management)",
            summary.only_in_knowbe4,
        ),
        count("In both", summary.matched),
        count(
            "Only in JumpCloud (not in KnowBe4)",
            summary.only_in_jumpcloud,
        ),
        count("Conflicts", summary.conflicts),
    ];
    if scope.kind == ScopeKind::Members {
        facts.push(count(
            "Members given but not in the export (not compared)",
            scope.members_not_in_export,
        ));
    }
    if scope.kind == ScopeKind::Jumpcloud {
        let groups: Vec<&str> = scope.groups.iter().map(|g| g.id.as_str()).collect();
        facts.push(fact("Bound user groups (ids)", code(&groups.join(", "))));
        facts.push(count(
            "STAGED or SUSPENDED in JumpCloud (listed apart: JumpCloud may or may not push them)",
            scope.staged_or_suspended,
        ));
    } else {
        facts.push(count("JumpCloud users in the export", scope.export_rows));
    }
    facts.extend([
        count("KnowBe4 users read", summary.knowbe4_users),
        count("JumpCloud users compared", summary.jumpcloud_users),
        count("Duplicate rows skipped", summary.duplicate_rows_skipped),
        fact(
            "Tenant read completely",
            plain(if record.complete {
                "yes"
            } else {
                "no: the counts may be incomplete"
            }),
        ),
    ]);
    Block::Facts(facts)
}

/// The application's label and id, as the comparison recorded them.
fn application_name(application: &ScopeApplication) -> String {
    match application.label.trim() {
        "" => application.id.clone(),
        label => format!("{label} ({})", application.id),
    }
}

fn steps(steps: &[StepLine]) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading("Steps".to_owned()),
        Block::Table {
            headers: ["#", "Step", "Group", "Status", "Ticked"]
                .map(str::to_owned)
                .to_vec(),
            rows: steps
                .iter()
                .map(|step| {
                    let ticked = step.ticks.iter().filter(|t| t.ticked).count();
                    vec![
                        plain(&step.number.to_string()),
                        plain(&step.title),
                        plain(&step.group),
                        vec![Inline::Strong(step.status.clone())],
                        plain(&format!("{ticked} of {}", step.ticks.len())),
                    ]
                })
                .collect(),
        },
    ];
    for step in steps {
        blocks.push(Block::Subheading(format!(
            "{}. {} ({}): {}",
            step.number, step.title, step.group, step.status
        )));
        blocks.push(Block::Ticks(
            step.ticks
                .iter()
                .map(|tick| (tick.ticked, tick.label.clone()))
                .collect(),
        ));
        if !step.problems.is_empty() {
            blocks.push(Block::Attention(step.problems.clone()));
        }
    }
    blocks
}
