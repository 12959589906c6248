//! Pre-flight of a JumpCloud user export: per-user problems that may make KnowBe4 skip,
//! reject or duplicate a user once SCIM sync runs. They are risks, not verdicts: what KnowBe4
//! does with such a user, and how it matches incoming users to existing ones, is not
//! documented (only `userName` is listed as filterable).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::csv_export::{ExportError, write_rows};
use super::email::{email_domain, is_valid_email};
use super::users_csv::{CsvReadError, CsvUser, UsersCsv};

/// The kinds of problem the pre-flight reports, one per user and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    MissingEmail,
    InvalidEmail,
    DuplicateEmail,
    MissingUsername,
    DuplicateUsername,
    MissingFirstName,
    MissingLastName,
    DomainNotAllowed,
    SurroundingSpaces,
}

impl ProblemKind {
    /// Every kind, in report order.
    pub const ALL: [ProblemKind; 9] = [
        Self::MissingEmail,
        Self::InvalidEmail,
        Self::DuplicateEmail,
        Self::MissingUsername,
        Self::DuplicateUsername,
        Self::MissingFirstName,
        Self::MissingLastName,
        Self::DomainNotAllowed,
        Self::SurroundingSpaces,
    ];

    /// The stable machine name, as in JSON and CSV exports.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingEmail => "missing_email",
            Self::InvalidEmail => "invalid_email",
            Self::DuplicateEmail => "duplicate_email",
            Self::MissingUsername => "missing_username",
            Self::DuplicateUsername => "duplicate_username",
            Self::MissingFirstName => "missing_first_name",
            Self::MissingLastName => "missing_last_name",
            Self::DomainNotAllowed => "domain_not_allowed",
            Self::SurroundingSpaces => "surrounding_spaces",
        }
    }

    /// The kind in words, for the window's summary and filter and for the setup report.
    pub fn label(self) -> &'static str {
        match self {
            Self::MissingEmail => "Missing email",
            Self::InvalidEmail => "Invalid email",
            Self::DuplicateEmail => "Duplicate email",
            Self::MissingUsername => "Missing username",
            Self::DuplicateUsername => "Duplicate username",
            Self::MissingFirstName => "Missing first name",
            Self::MissingLastName => "Missing last name",
            Self::DomainNotAllowed => "Email domain not allowed",
            Self::SurroundingSpaces => "Spaces around a value",
        }
    }
}

/// One problem with one user row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    pub username: String,
    pub email: String,
    pub kind: ProblemKind,
    /// What is wrong and what to do, for the operator.
    pub detail: String,
}

/// The result of a pre-flight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightReport {
    /// User rows read from the file.
    pub rows: usize,
    /// How many problems of each kind (every kind present, zero included).
    pub counts: BTreeMap<ProblemKind, usize>,
    /// Rows with at least one problem.
    pub users_with_problems: usize,
    pub problems: Vec<Problem>,
    /// Set when reading stopped early; the rows before it were checked.
    pub read_error: Option<CsvReadError>,
    /// Users whose username is not an email address: a risk of duplicates, not a problem.
    #[serde(default)]
    pub usernames_not_email: usize,
}

/// The risk of usernames that are not email addresses, when there are any. JumpCloud sends the
/// username as `userName` (the only user attribute KnowBe4 lists as filterable) and the email
/// apart; how KnowBe4 matches incoming users to existing ones is not documented.
pub fn username_risk(usernames_not_email: usize) -> Option<String> {
    let who = match usernames_not_email {
        0 => return None,
        1 => "1 username is not an email address".to_owned(),
        n => format!("{n} usernames are not email addresses"),
    };
    Some(format!(
        "{who}. JumpCloud sends the username as userName, the only user attribute KnowBe4 lists \
         as filterable; how KnowBe4 matches incoming users to the users it already has is not \
         documented, so these users may be created as duplicates of existing KnowBe4 users."
    ))
}

/// Operator settings for the pre-flight.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightOptions {
    /// Email domains users may have (`example.com`); empty means any domain is fine.
    /// Compared exactly and ignoring case: a subdomain must be listed on its own.
    pub allowed_domains: Vec<String>,
}

impl PreflightOptions {
    /// Parses a comma-separated list such as `a.com, @b.com`.
    pub fn with_domains_list(list: &str) -> Self {
        let allowed_domains = list
            .split(',')
            .map(|d| d.trim().trim_start_matches('@').to_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        Self { allowed_domains }
    }
}

/// Checks every user of `csv` and returns the problems found.
pub fn run_preflight(csv: &UsersCsv, options: &PreflightOptions) -> PreflightReport {
    let mut problems = Vec::new();
    let mut first_email_line: HashMap<String, u64> = HashMap::new();
    let mut first_username_line: HashMap<String, u64> = HashMap::new();
    for user in &csv.users {
        check_user(user, options, &mut problems);
        check_duplicate(
            user,
            &user.email,
            ProblemKind::DuplicateEmail,
            &mut first_email_line,
            &mut problems,
        );
        check_duplicate(
            user,
            &user.username,
            ProblemKind::DuplicateUsername,
            &mut first_username_line,
            &mut problems,
        );
    }
    problems.sort_by_key(|p| (p.line, p.kind));
    let mut counts: BTreeMap<ProblemKind, usize> =
        ProblemKind::ALL.iter().map(|k| (*k, 0)).collect();
    for problem in &problems {
        *counts.entry(problem.kind).or_default() += 1;
    }
    let mut lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    lines.dedup();
    let usernames_not_email = csv
        .users
        .iter()
        .filter(|u| !u.username.trim().is_empty() && !is_valid_email(u.username.trim()))
        .count();
    PreflightReport {
        rows: csv.users.len(),
        counts,
        users_with_problems: lines.len(),
        problems,
        read_error: csv.read_error.clone(),
        usernames_not_email,
    }
}

fn problem(user: &CsvUser, kind: ProblemKind, detail: String) -> Problem {
    Problem {
        line: user.line,
        username: user.username.clone(),
        email: user.email.clone(),
        kind,
        detail,
    }
}

fn check_user(user: &CsvUser, options: &PreflightOptions, out: &mut Vec<Problem>) {
    use ProblemKind as K;
    let email = user.email.trim();
    if email.is_empty() {
        out.push(problem(
            user,
            K::MissingEmail,
            "no email: KnowBe4 may skip this user; add a Company Email in JumpCloud".into(),
        ));
    } else if !is_valid_email(email) {
        out.push(problem(user, K::InvalidEmail, format!("'{email}' is not a valid email address: KnowBe4 may reject or skip this user; correct it in JumpCloud")));
    } else if let Some(domain) = email_domain(email)
        .filter(|d| !options.allowed_domains.is_empty() && !options.allowed_domains.contains(d))
    {
        out.push(problem(
            user,
            K::DomainNotAllowed,
            format!("domain '{domain}' is not in the allowed list ({}); fix the email or add the domain", options.allowed_domains.join(", ")),
        ));
    }
    if user.username.trim().is_empty() {
        out.push(problem(
            user,
            K::MissingUsername,
            "no username: JumpCloud sends it as the SCIM userName, and this user may be skipped; add one in JumpCloud".into(),
        ));
    }
    for (kind, label, value) in [
        (K::MissingFirstName, "first name", &user.first_name),
        (K::MissingLastName, "last name", &user.last_name),
    ] {
        if value.trim().is_empty() {
            out.push(problem(
                user,
                kind,
                format!("no {label}: KnowBe4 may skip the user; fill it in JumpCloud"),
            ));
        }
    }
    let spaced: Vec<&str> = [
        ("email", &user.email),
        ("username", &user.username),
        ("first name", &user.first_name),
        ("last name", &user.last_name),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim() != v.as_str())
    .map(|(label, _)| label)
    .collect();
    if !spaced.is_empty() {
        out.push(problem(
            user,
            K::SurroundingSpaces,
            format!("leading or trailing spaces in {}: they may be sent as typed and break matching; remove them in JumpCloud", spaced.join(", ")),
        ));
    }
}

/// Reports every occurrence after the first of a value, naming the line of the first.
fn check_duplicate(
    user: &CsvUser,
    value: &str,
    kind: ProblemKind,
    first_line: &mut HashMap<String, u64>,
    out: &mut Vec<Problem>,
) {
    let key = value.trim().to_lowercase();
    if key.is_empty() {
        return;
    }
    match first_line.get(&key) {
        Some(first) => {
            let what = if kind == ProblemKind::DuplicateEmail {
                "email"
            } else {
                "username"
            };
            out.push(problem(
                user,
                kind,
                format!("the {what} '{}' is also on line {first} (compared ignoring case); each user needs a unique {what}", value.trim()),
            ));
        }
        None => {
            first_line.insert(key, user.line);
        }
    }
}

impl PreflightReport {
    /// True when no problem was found and the whole file was read.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && self.read_error.is_none()
    }

    /// The problems of `kind` (all kinds when `None`) whose username or email contains
    /// `text` ignoring case, or whose line number is `text`; empty text matches all.
    /// For the UI's filterable table.
    pub fn filtered(&self, kind: Option<ProblemKind>, text: &str) -> Vec<&Problem> {
        let needle = text.trim().to_lowercase();
        self.problems
            .iter()
            .filter(|p| kind.is_none_or(|k| p.kind == k))
            .filter(|p| {
                needle.is_empty()
                    || p.line.to_string() == needle
                    || [&p.username, &p.email]
                        .iter()
                        .any(|f| f.to_lowercase().contains(&needle))
            })
            .collect()
    }
}

/// Writes `problems` as CSV: line, username, email, kind, detail.
pub fn write_problems_csv<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
    writer: impl std::io::Write,
) -> Result<(), ExportError> {
    let rows = problems.into_iter().map(|p| {
        vec![
            p.line.to_string(),
            p.username.clone(),
            p.email.clone(),
            p.kind.code().to_owned(),
            p.detail.clone(),
        ]
    });
    write_rows(
        writer,
        &["line", "username", "email", "kind", "detail"],
        rows,
    )
}

#[cfg(test)]
#[path = "preflight_tests.rs"]
mod tests;
