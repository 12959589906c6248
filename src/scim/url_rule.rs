//! The tenant URL's format rules, checked before any network traffic.
//!
//! This is a stand-in for the shared tenant URL validation (the keychain issue); it lives in
//! this one file so that it can be swapped for the shared rule without touching the checks.

use std::net::IpAddr;

use url::Url;

/// What the rules found in a tenant URL. `url` is set when the URL can be used at all.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlRuleOutcome {
    /// The parsed URL, when no error stops its use.
    pub url: Option<Url>,
    /// Problems that make the URL unusable, written for the operator.
    pub errors: Vec<String>,
    /// Things that work but deserve a second look.
    pub warnings: Vec<String>,
}

/// Checks `input` against the tenant URL rules: https (plain http only on this computer's
/// loopback, with a warning), no trailing slash, no query or fragment, no surrounding
/// whitespace, no user name or password, and a knowbe4.com host (a warning otherwise).
pub fn check_tenant_url(input: &str) -> UrlRuleOutcome {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    if input.trim() != input {
        errors.push(
            "The tenant URL has spaces or line breaks around it; remove them (copy the URL \
             again from KnowBe4 without the surrounding blanks)."
                .to_owned(),
        );
    }
    let trimmed = input.trim();
    let url = match Url::parse(trimmed) {
        Ok(url) => url,
        Err(error) => {
            errors.push(format!(
                "'{trimmed}' is not a URL ({error}); copy the SCIM Tenant URL from KnowBe4's \
                 User Provisioning page."
            ));
            return UrlRuleOutcome {
                url: None,
                errors,
                warnings,
            };
        }
    };
    check_scheme(&url, &mut errors, &mut warnings);
    check_shape(trimmed, &url, &mut errors);
    check_host(&url, &mut warnings);
    let url = errors.is_empty().then_some(url);
    UrlRuleOutcome {
        url,
        errors,
        warnings,
    }
}

fn check_scheme(url: &Url, errors: &mut Vec<String>, warnings: &mut Vec<String>) {
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(url) => warnings.push(
            "Plain http is only accepted because the host is this computer (a test server); \
             KnowBe4's tenant URL always starts with https://."
                .to_owned(),
        ),
        "http" => errors.push(
            "The tenant URL uses http://; it must start with https:// so that the token is \
             never sent unencrypted."
                .to_owned(),
        ),
        other => errors.push(format!(
            "The tenant URL starts with '{other}:'; it must start with https://."
        )),
    }
}

fn check_shape(raw: &str, url: &Url, errors: &mut Vec<String>) {
    if raw.ends_with('/') {
        errors.push(
            "The tenant URL ends with '/'; remove the trailing slash (JumpCloud rejects it)."
                .to_owned(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        errors.push(
            "The tenant URL has a '?' or '#' part; remove everything from that character on."
                .to_owned(),
        );
    }
    if !url.username().is_empty() || url.password().is_some() {
        errors.push(
            "The tenant URL contains a user name or password before the host; remove it (the \
             token is sent separately)."
                .to_owned(),
        );
    }
    if url.host_str().is_none_or(str::is_empty) {
        errors.push("The tenant URL has no host name.".to_owned());
    }
}

fn check_host(url: &Url, warnings: &mut Vec<String>) {
    let Some(host) = url.host_str() else { return };
    let host = host.to_ascii_lowercase();
    if is_loopback(url) || host == "knowbe4.com" || host.ends_with(".knowbe4.com") {
        return;
    }
    warnings.push(format!(
        "The host '{host}' is not a knowbe4.com host; check that you copied the Tenant URL \
         from KnowBe4 and not another page."
    ));
}

/// True when the URL's host is this computer (127.0.0.0/8, ::1 or `localhost`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_knowbe4_https_url_passes_cleanly() {
        let outcome = check_tenant_url("https://training.knowbe4.com/scim/v2/abc");
        assert!(outcome.errors.is_empty(), "{outcome:?}");
        assert!(outcome.warnings.is_empty(), "{outcome:?}");
        assert!(outcome.url.is_some());
    }

    #[test]
    fn each_broken_rule_is_an_error() {
        for bad in [
            "http://eu.knowbe4.com/scim",
            "https://eu.knowbe4.com/scim/",
            "https://eu.knowbe4.com/scim?x=1",
            "https://eu.knowbe4.com/scim#top",
            " https://eu.knowbe4.com/scim",
            "https://eu.knowbe4.com/scim\n",
            "https://user:pw@eu.knowbe4.com/scim",
            "ftp://eu.knowbe4.com/scim",
            "eu.knowbe4.com/scim",
        ] {
            let outcome = check_tenant_url(bad);
            assert!(!outcome.errors.is_empty(), "{bad:?} should fail");
            assert!(outcome.url.is_none(), "{bad:?}");
        }
    }

    #[test]
    fn loopback_http_is_a_warning_and_other_hosts_are_warned_about() {
        let outcome = check_tenant_url("http://127.0.0.1:8080/scim/v2");
        assert!(outcome.errors.is_empty());
        assert_eq!(outcome.warnings.len(), 1);
        let outcome = check_tenant_url("https://scim.example.com/v2");
        assert!(outcome.errors.is_empty());
        assert!(outcome.warnings[0].contains("scim.example.com"));
    }
}
