//! The tenant URL's format rules, checked before any network traffic.
//!
//! The rules themselves live in `crate::tenant_url`; this adapts their result to the checks.

use crate::tenant_url::{TenantUrl, TenantUrlCheck};

/// What the rules found in a tenant URL. `url` is set when the URL can be used at all.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlRuleOutcome {
    /// The checked URL, when no error stops its use.
    pub url: Option<TenantUrl>,
    /// Problems that make the URL unusable, written for the operator.
    pub errors: Vec<String>,
    /// Things that work but deserve a second look.
    pub warnings: Vec<String>,
}

/// Checks `input` against the tenant URL rules, through the one shared rule set in
/// `crate::tenant_url` (the same the Tenant URL field and `kb4-setup token` use): https (plain
/// http only on this computer's loopback, with a warning), no trailing slash, no query or
/// fragment, no surrounding whitespace, no user name or password, and a knowbe4.com host (a
/// warning otherwise).
pub fn tenant_url_outcome(input: &str) -> UrlRuleOutcome {
    match crate::tenant_url::check_tenant_url(input, None) {
        TenantUrlCheck::Ok { url, warnings } => UrlRuleOutcome {
            url: Some(url),
            errors: Vec::new(),
            warnings: warnings.iter().map(ToString::to_string).collect(),
        },
        TenantUrlCheck::Refused(refusal) => UrlRuleOutcome {
            url: None,
            errors: vec![refusal.problems_text()],
            warnings: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_knowbe4_https_url_passes_cleanly() {
        let outcome = tenant_url_outcome("https://training.knowbe4.com/scim/v2/abc");
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
            let outcome = tenant_url_outcome(bad);
            assert!(!outcome.errors.is_empty(), "{bad:?} should fail");
            assert!(outcome.url.is_none(), "{bad:?}");
        }
    }

    #[test]
    fn loopback_http_is_a_warning_and_other_hosts_are_warned_about() {
        let outcome = tenant_url_outcome("http://127.0.0.1:8080/scim/v2");
        assert!(outcome.errors.is_empty());
        assert_eq!(outcome.warnings.len(), 1);
        let outcome = tenant_url_outcome("https://scim.example.com/v2");
        assert!(outcome.errors.is_empty());
        assert!(outcome.warnings[0].contains("scim.example.com"));
    }
}
