//! The KnowBe4 SCIM Tenant URL that the operator copies from the console into JumpCloud's
//! Base URL field.
//!
//! The URL's format is not documented, so it is never built, only checked: https, no trailing
//! slash (JumpCloud rejects it), no query or fragment, no surrounding whitespace. Plain http is
//! allowed for loopback hosts only, for local testing. Where a problem has an obvious fix the
//! refusal carries the corrected URL, so the UI can offer it as one click.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::region::Region;

mod input;
mod problems;

pub use input::TenantUrlInput;
pub use problems::{TenantUrlProblem, TenantUrlWarning, warnings_text};

/// A Tenant URL that passed [`check_tenant_url`]. Holds the text exactly as the operator gave
/// it (it is what JumpCloud will receive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantUrl {
    text: String,
    normalized: String,
    /// The host, lowercased, as the url crate gives it.
    host: String,
    plain_http: bool,
    loopback: bool,
}

impl TenantUrl {
    /// Checks `input` with no region in mind and returns the URL or the refusal. Warnings are
    /// dropped: callers that show them use [`check_tenant_url`].
    pub fn parse(input: &str) -> Result<TenantUrl, TenantUrlRefusal> {
        match check_tenant_url(input, None) {
            TenantUrlCheck::Ok { url, .. } => Ok(url),
            TenantUrlCheck::Refused(refusal) => Err(refusal),
        }
    }

    /// The URL as the operator entered it (after it passed the checks).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Scheme and host lowercased, port and path kept as they are. Two spellings of the same
    /// tenant (`HTTPS://EU.KnowBe4.com/x` and `https://eu.knowbe4.com/x`) give the same value,
    /// so it names the tenant's keychain entry.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// True when the host is 127.0.0.0/8, ::1 or localhost (local test servers).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The KnowBe4 region whose console host is this URL's host or a parent of it
    /// ([`Region::from_host`]).
    pub fn region(&self) -> Option<Region> {
        Region::from_host(&self.host)
    }

    /// What to show next to this URL when `region` is the KnowBe4 region chosen (if any): plain
    /// http to this computer, a host that is not KnowBe4's, a host of another region. The same
    /// warnings [`check_tenant_url`] gives, without reading the text again.
    pub fn warnings(&self, region: Option<Region>) -> Vec<TenantUrlWarning> {
        let mut warnings = Vec::new();
        if self.plain_http {
            warnings.push(TenantUrlWarning::PlainHttpLoopback {
                host: self.host.clone(),
            });
        }
        if !self.loopback {
            warnings.extend(host_warnings(&self.host, region));
        }
        warnings
    }

    /// The URL with `/{path}` appended, for requests under the tenant (`/Users`).
    pub fn join(&self, path: &str) -> Result<url::Url, url::ParseError> {
        url::Url::parse(&format!("{}/{}", self.text, path.trim_start_matches('/')))
    }
}

impl std::fmt::Display for TenantUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl TryFrom<String> for TenantUrl {
    type Error = TenantUrlRefusal;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        TenantUrl::parse(&value)
    }
}

impl From<TenantUrl> for String {
    fn from(url: TenantUrl) -> String {
        url.text
    }
}

/// Result of checking a pasted Tenant URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TenantUrlCheck {
    /// Usable; the warnings should still be shown next to the field.
    Ok {
        url: TenantUrl,
        warnings: Vec<TenantUrlWarning>,
    },
    /// Not usable as it is.
    Refused(TenantUrlRefusal),
}

/// Why a Tenant URL was refused, and the corrected URL when the fix is obvious.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{}", self.message())]
pub struct TenantUrlRefusal {
    /// Every problem found, in the order of the text (never empty).
    pub problems: Vec<TenantUrlProblem>,
    /// The URL with every problem fixed, when that is possible without guessing. It passes
    /// [`check_tenant_url`] itself (it may still have warnings).
    pub fixed: Option<String>,
}

impl TenantUrlRefusal {
    /// The problems, one sentence each: the words every refusal of a Tenant URL uses (the
    /// field, the connection checks, the reconciliation and the CLI).
    pub fn problems_text(&self) -> String {
        self.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// One paragraph for the operator: the problems, then the corrected URL if there is one.
    pub fn message(&self) -> String {
        let mut message = self.problems_text();
        if let Some(fixed) = &self.fixed {
            message.push_str(&format!(" Corrected URL: {fixed}"));
        }
        message
    }
}

/// Checks a pasted Tenant URL. `region` is the KnowBe4 region the operator chose, if any: a
/// host that belongs to another region gets a warning naming both.
pub fn check_tenant_url(input: &str, region: Option<Region>) -> TenantUrlCheck {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return refused(vec![TenantUrlProblem::Empty], None);
    }
    let mut fixable = Vec::new();
    if trimmed.len() != input.len() {
        fixable.push(TenantUrlProblem::SurroundingWhitespace);
    }
    let (base, extras) = split_off_query_and_fragment(trimmed);
    if let Some(extras) = extras {
        fixable.push(extras);
    }
    // "https://" alone is not a URL with a trailing slash; keep it whole for the parser.
    let stripped = base.trim_end_matches('/');
    let without_slash = if stripped.len() != base.len() && stripped.contains("://") {
        fixable.push(TenantUrlProblem::TrailingSlash);
        stripped
    } else {
        base
    };
    match analyse(without_slash, region) {
        Ok((url, warnings)) if fixable.is_empty() => TenantUrlCheck::Ok { url, warnings },
        Ok(_) => refused(fixable, Some(without_slash.to_string())),
        Err(mut hard) => {
            let fixed = upgrade_to_https(without_slash, &hard, region);
            fixable.append(&mut hard);
            refused(fixable, fixed)
        }
    }
}

fn refused(problems: Vec<TenantUrlProblem>, fixed: Option<String>) -> TenantUrlCheck {
    TenantUrlCheck::Refused(TenantUrlRefusal { problems, fixed })
}

/// Splits `text` at the first `?` or `#`. The problem names what was found.
fn split_off_query_and_fragment(text: &str) -> (&str, Option<TenantUrlProblem>) {
    let Some(cut) = text.find(['?', '#']) else {
        return (text, None);
    };
    let rest = &text[cut..];
    let problem = TenantUrlProblem::QueryOrFragment {
        query: rest.starts_with('?'),
        fragment: rest.contains('#'),
    };
    (&text[..cut], Some(problem))
}

/// A plain http URL on a public host is fixed by switching to https, when that is the only
/// hard problem.
fn upgrade_to_https(
    text: &str,
    hard: &[TenantUrlProblem],
    region: Option<Region>,
) -> Option<String> {
    if !matches!(hard, [TenantUrlProblem::PlainHttp { .. }]) {
        return None;
    }
    let rest = text.get("http://".len()..)?;
    let candidate = format!("https://{rest}");
    analyse(&candidate, region).ok().map(|_| candidate)
}

/// The checks that need the URL parsed. `text` has no query, fragment or trailing slash.
fn analyse(
    text: &str,
    region: Option<Region>,
) -> Result<(TenantUrl, Vec<TenantUrlWarning>), Vec<TenantUrlProblem>> {
    if let Some(position) = text.chars().position(char::is_whitespace) {
        return Err(vec![TenantUrlProblem::InnerWhitespace {
            position: position + 1,
        }]);
    }
    let parsed = url::Url::parse(text).map_err(|error| {
        vec![TenantUrlProblem::NotAUrl {
            reason: error.to_string(),
        }]
    })?;
    let host = match parsed.host_str() {
        Some(host) if !host.is_empty() => host.to_ascii_lowercase(),
        _ => return Err(vec![TenantUrlProblem::NoHost]),
    };
    let loopback = is_loopback(&parsed);
    let mut problems = Vec::new();
    match parsed.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => problems.push(TenantUrlProblem::PlainHttp { host: host.clone() }),
        other => problems.push(TenantUrlProblem::UnsupportedScheme {
            scheme: other.to_string(),
        }),
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        problems.push(TenantUrlProblem::Credentials);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let url = TenantUrl {
        text: text.to_string(),
        normalized: normalize(text, &parsed),
        plain_http: parsed.scheme() == "http",
        host,
        loopback,
    };
    let warnings = url.warnings(region);
    Ok((url, warnings))
}

/// True when the URL's host is this computer (127.0.0.0/8, ::1 or `localhost`): the one
/// loopback rule, for URLs that were already parsed elsewhere.
pub fn is_loopback(parsed: &url::Url) -> bool {
    match parsed.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Warnings about the host: not KnowBe4's, or another region's.
fn host_warnings(host: &str, chosen: Option<Region>) -> Vec<TenantUrlWarning> {
    if !Region::is_knowbe4_host(host) {
        return vec![TenantUrlWarning::NotKnowBe4Host {
            host: host.to_string(),
        }];
    }
    let (Some(chosen), Some(found)) = (chosen, Region::from_host(host)) else {
        return Vec::new();
    };
    if chosen == found {
        return Vec::new();
    }
    vec![TenantUrlWarning::RegionMismatch {
        host: host.to_string(),
        chosen,
        host_region: found,
    }]
}

/// Lowercased scheme and host (as the url crate prints them, with any non-default port), then
/// the path exactly as typed.
fn normalize(text: &str, parsed: &url::Url) -> String {
    let after_scheme = text.find("://").map_or(0, |index| index + 3);
    let path = text[after_scheme..]
        .find('/')
        .map_or("", |index| &text[after_scheme + index..]);
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    match parsed.port() {
        Some(port) => format!("{}://{host}:{port}{path}", parsed.scheme()),
        None => format!("{}://{host}{path}", parsed.scheme()),
    }
}

#[cfg(test)]
mod tests;
