//! Where JumpCloud's API is and who asks: the API host (the console's, the EU one, or an
//! override for tests and other hosts), the organisation id a multi-tenant administrator must
//! send, and the network settings shared with the SCIM checks.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::scim::ClientSettings;
use crate::tenant_url::is_loopback;

/// The API host of a JumpCloud organisation (JumpCloud's v1 API specification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ApiHost {
    /// `https://console.jumpcloud.com`
    #[default]
    Console,
    /// `https://console.eu.jumpcloud.com`, for organisations in the EU.
    Eu,
}

impl ApiHost {
    pub const ALL: [ApiHost; 2] = [ApiHost::Console, ApiHost::Eu];

    /// Code used on the command line and in saved settings.
    pub fn code(self) -> &'static str {
        match self {
            ApiHost::Console => "console",
            ApiHost::Eu => "eu",
        }
    }

    /// Name shown in the window's picker.
    pub fn display_name(self) -> &'static str {
        match self {
            ApiHost::Console => "console.jumpcloud.com",
            ApiHost::Eu => "console.eu.jumpcloud.com (EU)",
        }
    }

    /// The host's origin, without a trailing slash; the API lives under `/api`.
    pub fn origin(self) -> &'static str {
        match self {
            ApiHost::Console => "https://console.jumpcloud.com",
            ApiHost::Eu => "https://console.eu.jumpcloud.com",
        }
    }

    pub fn from_code(code: &str) -> Option<ApiHost> {
        ApiHost::ALL
            .into_iter()
            .find(|host| host.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// Where requests go: an origin (plus any path prefix) under which `/api/...` is appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    url: Url,
}

/// Why an `--api-url` (or the window's API URL field) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiUrlProblem {
    #[error("The JumpCloud API URL is empty.")]
    Empty,
    #[error("The JumpCloud API URL '{0}' is not a URL: {1}.")]
    NotAUrl(String, String),
    #[error(
        "The JumpCloud API URL must start with https:// (plain http is allowed only to this \
         computer, 127.0.0.1 or localhost, for testing)."
    )]
    NotHttps,
    #[error("The JumpCloud API URL must not carry a user name, password, query or fragment.")]
    Extras,
}

impl ApiBase {
    /// The base of a JumpCloud API host.
    pub fn of_host(host: ApiHost) -> ApiBase {
        ApiBase {
            url: Url::parse(host.origin()).expect("the constant API origins parse"),
        }
    }

    /// Checks an API URL override with the rules of a Tenant URL: https, or plain http to a
    /// loopback address; no credentials, query or fragment. A trailing `/` or `/api` is
    /// dropped, since the request paths add `/api` themselves.
    pub fn parse(input: &str) -> Result<ApiBase, ApiUrlProblem> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ApiUrlProblem::Empty);
        }
        let url = Url::parse(trimmed)
            .map_err(|e| ApiUrlProblem::NotAUrl(trimmed.to_owned(), e.to_string()))?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            _ => return Err(ApiUrlProblem::NotHttps),
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ApiUrlProblem::NotAUrl(
                trimmed.to_owned(),
                "it has no host".to_owned(),
            ));
        }
        if !url.username().is_empty()
            || url.password().is_some()
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(ApiUrlProblem::Extras);
        }
        let mut url = url;
        let path = url.path().trim_end_matches('/');
        let path = path.strip_suffix("/api").unwrap_or(path).to_owned();
        url.set_path(&path);
        Ok(ApiBase { url })
    }

    /// The full URL of an API path such as `/api/applications`, with `query` encoded.
    pub fn join(&self, path: &str, query: &[(&str, &str)]) -> Url {
        let mut url = self.url.clone();
        let prefix = self.url.path().trim_end_matches('/');
        url.set_path(&format!("{prefix}{path}"));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// The host, for messages.
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// The origin and prefix as text, for messages (it holds no secret).
    pub fn as_str(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }
}

/// The organisation id a multi-tenant (MSP) administrator sends as `x-org-id`. Its format is
/// not documented: any short run of letters, digits, `-` and `_` is accepted, and the server
/// answers 400 to a malformed one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgId(String);

/// The longest organisation id accepted.
pub const MAX_ORG_ID_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgIdProblem {
    #[error("The organisation id is empty.")]
    Empty,
    #[error(
        "The organisation id may hold only letters, digits, '-' and '_' (at most {MAX_ORG_ID_CHARS}). \
         Copy it again, in one piece."
    )]
    Malformed,
}

impl OrgId {
    /// Checks a typed organisation id (trimmed).
    pub fn parse(input: &str) -> Result<OrgId, OrgIdProblem> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(OrgIdProblem::Empty);
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if trimmed.len() > MAX_ORG_ID_CHARS || !trimmed.chars().all(allowed) {
            return Err(OrgIdProblem::Malformed);
        }
        Ok(OrgId(trimmed.to_owned()))
    }

    /// An optional field: empty means no organisation id.
    pub fn parse_optional(input: &str) -> Result<Option<OrgId>, OrgIdProblem> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            OrgId::parse(input).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrgId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgId {
    type Error = OrgIdProblem;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OrgId::parse(&value)
    }
}

impl From<OrgId> for String {
    fn from(id: OrgId) -> String {
        id.0
    }
}

/// Everything needed to reach the API except the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub base: ApiBase,
    pub org_id: Option<OrgId>,
    /// Timeout, proxy and extra CA file, as the SCIM checks take them.
    pub client: ClientSettings,
}

impl Connection {
    /// The console host, no organisation id, default network settings.
    pub fn new(base: ApiBase) -> Connection {
        Connection {
            base,
            org_id: None,
            client: ClientSettings::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_the_documented_ones() {
        assert_eq!(
            ApiBase::of_host(ApiHost::Console)
                .join("/api/applications", &[])
                .as_str(),
            "https://console.jumpcloud.com/api/applications"
        );
        assert_eq!(
            ApiBase::of_host(ApiHost::Eu)
                .join("/api/v2/x", &[("limit", "100")])
                .as_str(),
            "https://console.eu.jumpcloud.com/api/v2/x?limit=100"
        );
        for host in ApiHost::ALL {
            assert_eq!(ApiHost::from_code(host.code()), Some(host));
        }
    }

    #[test]
    fn an_override_follows_the_tenant_url_rules() {
        let local = ApiBase::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(
            local.join("/api/organizations", &[]).as_str(),
            "http://127.0.0.1:8080/api/organizations"
        );
        let with_api = ApiBase::parse("https://jc.example.com/prefix/api").unwrap();
        assert_eq!(
            with_api.join("/api/applications", &[]).as_str(),
            "https://jc.example.com/prefix/api/applications"
        );
        assert_eq!(
            ApiBase::parse("http://console.jumpcloud.com").unwrap_err(),
            ApiUrlProblem::NotHttps
        );
        assert_eq!(
            ApiBase::parse("https://console.jumpcloud.com/?x=1").unwrap_err(),
            ApiUrlProblem::Extras
        );
        assert_eq!(
            ApiBase::parse("https://u:p@console.jumpcloud.com").unwrap_err(),
            ApiUrlProblem::Extras
        );
        assert_eq!(ApiBase::parse("  ").unwrap_err(), ApiUrlProblem::Empty);
        assert!(matches!(
            ApiBase::parse("not a url"),
            Err(ApiUrlProblem::NotAUrl(..))
        ));
    }

    #[test]
    fn organisation_ids_are_checked() {
        assert_eq!(OrgId::parse(" 5f0c1a2b ").unwrap().as_str(), "5f0c1a2b");
        assert_eq!(OrgId::parse_optional(" ").unwrap(), None);
        assert_eq!(OrgId::parse("a b").unwrap_err(), OrgIdProblem::Malformed);
        assert_eq!(
            OrgId::parse("a\r\nx-y: z").unwrap_err(),
            OrgIdProblem::Malformed
        );
        assert_eq!(OrgId::parse("").unwrap_err(), OrgIdProblem::Empty);
        assert!(OrgId::parse(&"a".repeat(MAX_ORG_ID_CHARS + 1)).is_err());
    }
}
