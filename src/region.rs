//! KnowBe4 regions and their hosts: the one place every screen, report and CLI reads them from.

use serde::{Deserialize, Serialize};

/// A KnowBe4 data-centre region. Each account lives in exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    #[default]
    Us,
    Eu,
    Ca,
    Uk,
    De,
}

impl Region {
    pub const ALL: [Region; 5] = [Region::Us, Region::Eu, Region::Ca, Region::Uk, Region::De];

    /// Short code used on the command line and in saved settings (`us`, `eu`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Ca => "ca",
            Region::Uk => "uk",
            Region::De => "de",
        }
    }

    /// Human name shown in the region picker.
    pub fn display_name(self) -> &'static str {
        match self {
            Region::Us => "United States (US)",
            Region::Eu => "European Union (EU)",
            Region::Ca => "Canada (CA)",
            Region::Uk => "United Kingdom (UK)",
            Region::De => "Germany (DE)",
        }
    }

    /// Console host of the region, from KnowBe4's SAML setup articles.
    pub fn host(self) -> &'static str {
        match self {
            Region::Us => "training.knowbe4.com",
            Region::Eu => "eu.knowbe4.com",
            Region::Ca => "ca.knowbe4.com",
            Region::Uk => "uk.knowbe4.com",
            Region::De => "de.knowbe4.com",
        }
    }

    /// Base URL of the region's console, without a trailing slash.
    pub fn base_url(self) -> String {
        format!("https://{}", self.host())
    }

    /// The login page admins with MFA use to bypass SAML: `{base}/ui/users/login`. The
    /// certificate rotation's safe order and the SAML values both name it.
    pub fn admin_bypass_login_url(self) -> String {
        format!("{}/ui/users/login", self.base_url())
    }

    /// The region whose console host is `host` or a parent of it, case-insensitive
    /// (`x.eu.knowbe4.com` is EU). The one host-to-region rule of the application.
    pub fn from_host(host: &str) -> Option<Region> {
        let host = host.to_ascii_lowercase();
        Region::ALL.into_iter().find(|region| {
            let region_host = region.host();
            host == region_host
                || host
                    .strip_suffix(region_host)
                    .is_some_and(|prefix| prefix.ends_with('.'))
        })
    }

    /// True for `knowbe4.com` or any host under it, case-insensitive: the one test of
    /// "this host is KnowBe4's" (console hosts such as `training.knowbe4.com`, and other
    /// hosts under the domain such as `{region}.api.knowbe4.com`).
    pub fn is_knowbe4_host(host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        host == "knowbe4.com" || host.ends_with(".knowbe4.com")
    }

    /// Parses a region code such as `us` or `EU`.
    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL
            .into_iter()
            .find(|region| region.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.display_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_has_a_distinct_knowbe4_host() {
        let mut hosts: Vec<_> = Region::ALL.iter().map(|r| r.host()).collect();
        hosts.sort_unstable();
        hosts.dedup();
        assert_eq!(hosts.len(), Region::ALL.len());
        for region in Region::ALL {
            assert!(region.host().ends_with(".knowbe4.com"), "{region:?}");
        }
    }

    #[test]
    fn base_urls_match_the_vendor_documentation() {
        assert_eq!(Region::Us.base_url(), "https://training.knowbe4.com");
        assert_eq!(Region::Eu.base_url(), "https://eu.knowbe4.com");
        assert_eq!(Region::Ca.base_url(), "https://ca.knowbe4.com");
        assert_eq!(Region::Uk.base_url(), "https://uk.knowbe4.com");
        assert_eq!(Region::De.base_url(), "https://de.knowbe4.com");
    }

    #[test]
    fn codes_and_hosts_round_trip() {
        for region in Region::ALL {
            assert_eq!(Region::from_code(region.code()), Some(region));
            assert_eq!(
                Region::from_code(&region.code().to_uppercase()),
                Some(region)
            );
            assert_eq!(Region::from_host(region.host()), Some(region));
        }
        assert_eq!(Region::from_code("mars"), None);
        assert_eq!(Region::from_host("knowbe4.com"), None);
    }

    #[test]
    fn hosts_under_a_console_host_belong_to_its_region() {
        assert_eq!(Region::from_host("scim.EU.knowbe4.com"), Some(Region::Eu));
        assert_eq!(Region::from_host("notEU.knowbe4.com"), None);
        assert_eq!(Region::from_host("eu.knowbe4.com.example"), None);
    }

    #[test]
    fn knowbe4_hosts_are_the_domain_and_everything_under_it() {
        for host in ["knowbe4.com", "KnowBe4.com", "eu.api.knowbe4.com"] {
            assert!(Region::is_knowbe4_host(host), "{host}");
        }
        for host in ["notknowbe4.com", "knowbe4.com.example", "example.com"] {
            assert!(!Region::is_knowbe4_host(host), "{host}");
        }
    }

    #[test]
    fn region_serializes_as_its_code() {
        let json = serde_json::to_string(&Region::Uk).unwrap();
        assert_eq!(json, "\"uk\"");
        let back: Region = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Region::Uk);
    }
}
