//! The JumpCloud IdP URL the operator copies from JumpCloud's SSO tab and pastes into KnowBe4's
//! "IDP URL" field: `https://sso.jumpcloud.com/saml2/<label>`.
//!
//! JumpCloud fixes this URL when the application is created, so a wrong one is usually a
//! wrong copy (the JumpCloud Admin Portal's address, an `http` link, a stray space), which we
//! name.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use super::saml_id::describe_char;

const SSO_HOST: &str = "sso.jumpcloud.com";
const SSO_PATH: &str = "saml2";

/// A checked JumpCloud IdP URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdpUrl {
    url: String,
    label: String,
}

impl IdpUrl {
    /// The URL to paste into KnowBe4, exactly as JumpCloud shows it.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The application's IdP label: the last path segment.
    pub fn label(&self) -> &str {
        &self.label
    }
}

impl fmt::Display for IdpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdpUrlError {
    #[error(
        "The IdP URL is empty. Copy it from JumpCloud: SSO Applications > KnowBe4 > SSO tab > \
         IDP URL."
    )]
    Empty,
    #[error(
        "The IdP URL has a space or line break before or after it. Remove it before pasting it \
         into KnowBe4: whether KnowBe4 trims it is not documented."
    )]
    SurroundingWhitespace,
    #[error(
        "The IdP URL contains {description} at character {position}. A URL has no spaces: copy \
         it again from JumpCloud's SSO tab (IDP URL)."
    )]
    InnerWhitespace {
        position: usize,
        description: String,
    },
    #[error(
        "This is not a URL. The IdP URL looks like https://sso.jumpcloud.com/saml2/knowbe4: \
         copy it from JumpCloud's SSO tab (IDP URL)."
    )]
    NotAUrl,
    #[error(
        "The IdP URL must start with https://, not http://. Use \
         https://sso.jumpcloud.com/saml2/{label_hint} as JumpCloud shows it."
    )]
    Http { label_hint: String },
    #[error(
        "The IdP URL must start with https:// (it starts with {scheme}://). Copy it from \
         JumpCloud's SSO tab (IDP URL)."
    )]
    OtherScheme { scheme: String },
    #[error(
        "This is the JumpCloud Admin Portal's address, not the IdP URL. In the Admin Portal \
         open USER AUTHENTICATION > SSO Applications > KnowBe4 > SSO tab and copy the IDP URL \
         field (https://sso.jumpcloud.com/saml2/...)."
    )]
    AdminConsole,
    #[error(
        "This is the JumpCloud User Console's address, not the IdP URL. In the JumpCloud Admin \
         Portal open USER AUTHENTICATION > SSO Applications > KnowBe4 > SSO tab and copy the IDP \
         URL field."
    )]
    UserConsole,
    #[error(
        "The IdP URL must be on sso.jumpcloud.com, not {host}. Copy it from JumpCloud's SSO tab \
         (IDP URL)."
    )]
    WrongHost { host: String },
    #[error(
        "The IdP URL has no application label: it should look like \
         https://sso.jumpcloud.com/saml2/knowbe4. Copy the whole IDP URL from JumpCloud's SSO tab."
    )]
    MissingLabel,
    #[error(
        "The IdP URL's path must be /saml2/<label> (it is {path}). Copy the IDP URL from \
         JumpCloud's SSO tab."
    )]
    WrongPath { path: String },
    #[error(
        "The IdP URL must not end with '/'. Use https://sso.jumpcloud.com/saml2/{label} as \
         JumpCloud shows it."
    )]
    TrailingSlash { label: String },
    #[error(
        "The IdP URL must not have a '?' or '#' part. Use https://sso.jumpcloud.com/saml2/{label} \
         as JumpCloud shows it."
    )]
    QueryOrFragment { label: String },
}

/// Checks the JumpCloud IdP URL the operator pasted.
pub fn parse_idp_url(input: &str) -> Result<IdpUrl, IdpUrlError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(IdpUrlError::Empty);
    }
    if trimmed.len() != input.len() {
        return Err(IdpUrlError::SurroundingWhitespace);
    }
    if let Some((index, c)) = trimmed.chars().enumerate().find(|(_, c)| c.is_whitespace()) {
        return Err(IdpUrlError::InnerWhitespace {
            position: index + 1,
            description: describe_char(c),
        });
    }
    let url = parse_with_scheme(trimmed)?;
    check_host(&url)?;
    let label = label_of(&url)?;
    if url.scheme() != "https" {
        return Err(scheme_error(&url, &label));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(IdpUrlError::QueryOrFragment { label });
    }
    if url.port().is_some() || !url.username().is_empty() {
        return Err(IdpUrlError::WrongHost {
            host: url.authority().to_owned(),
        });
    }
    Ok(IdpUrl {
        url: format!("https://{SSO_HOST}/{SSO_PATH}/{label}"),
        label,
    })
}

fn parse_with_scheme(text: &str) -> Result<Url, IdpUrlError> {
    // "sso.jumpcloud.com/saml2/x" without a scheme still deserves the host/label checks.
    let candidate = if text.contains("://") {
        text.to_owned()
    } else {
        format!("no-scheme://{text}")
    };
    let url = Url::parse(&candidate).map_err(|_| IdpUrlError::NotAUrl)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(IdpUrlError::NotAUrl);
    }
    Ok(url)
}

fn check_host(url: &Url) -> Result<(), IdpUrlError> {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host == SSO_HOST {
        return Ok(());
    }
    let is_console = host == "console.jumpcloud.com" || host.starts_with("console.");
    if is_console && host.ends_with("jumpcloud.com") {
        let path = url.path().to_ascii_lowercase();
        let fragment = url.fragment().unwrap_or_default().to_ascii_lowercase();
        if path.starts_with("/userconsole") || fragment.starts_with("/userconsole") {
            return Err(IdpUrlError::UserConsole);
        }
        return Err(IdpUrlError::AdminConsole);
    }
    Err(IdpUrlError::WrongHost { host })
}

fn label_of(url: &Url) -> Result<String, IdpUrlError> {
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    match segments.as_slice() {
        [] | [""] => Err(IdpUrlError::MissingLabel),
        [first, rest @ ..] if first.eq_ignore_ascii_case(SSO_PATH) => match rest {
            [] | [""] => Err(IdpUrlError::MissingLabel),
            [label] => Ok((*label).to_owned()),
            [label, ""] => Err(IdpUrlError::TrailingSlash {
                label: (*label).to_owned(),
            }),
            _ => Err(IdpUrlError::WrongPath {
                path: url.path().to_owned(),
            }),
        },
        _ => Err(IdpUrlError::WrongPath {
            path: url.path().to_owned(),
        }),
    }
}

fn scheme_error(url: &Url, label: &str) -> IdpUrlError {
    match url.scheme() {
        "http" => IdpUrlError::Http {
            label_hint: label.to_owned(),
        },
        "no-scheme" => IdpUrlError::OtherScheme {
            scheme: "no scheme".to_owned(),
        },
        other => IdpUrlError::OtherScheme {
            scheme: other.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_url_is_accepted_and_its_label_exposed() {
        let url = parse_idp_url("https://sso.jumpcloud.com/saml2/knowbe4").unwrap();
        assert_eq!(url.as_str(), "https://sso.jumpcloud.com/saml2/knowbe4");
        assert_eq!(url.label(), "knowbe4");
        let custom = parse_idp_url("https://SSO.JumpCloud.com/saml2/kb4-prod_2").unwrap();
        assert_eq!(
            custom.as_str(),
            "https://sso.jumpcloud.com/saml2/kb4-prod_2"
        );
        assert_eq!(custom.label(), "kb4-prod_2");
    }

    #[test]
    fn http_is_refused_with_the_https_form() {
        let error = parse_idp_url("http://sso.jumpcloud.com/saml2/knowbe4").unwrap_err();
        assert_eq!(
            error,
            IdpUrlError::Http {
                label_hint: "knowbe4".to_owned()
            }
        );
        assert!(
            error
                .to_string()
                .contains("https://sso.jumpcloud.com/saml2/knowbe4")
        );
    }

    #[test]
    fn a_missing_scheme_is_refused() {
        let error = parse_idp_url("sso.jumpcloud.com/saml2/knowbe4").unwrap_err();
        assert!(
            matches!(error, IdpUrlError::OtherScheme { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("https://"), "{error}");
    }

    #[test]
    fn other_hosts_are_named() {
        let error = parse_idp_url("https://sso.example.com/saml2/knowbe4").unwrap_err();
        assert_eq!(
            error,
            IdpUrlError::WrongHost {
                host: "sso.example.com".to_owned()
            }
        );
        assert!(matches!(
            parse_idp_url("https://sso.jumpcloud.com:8443/saml2/knowbe4"),
            Err(IdpUrlError::WrongHost { .. })
        ));
    }

    #[test]
    fn a_missing_label_is_named() {
        for input in [
            "https://sso.jumpcloud.com/saml2",
            "https://sso.jumpcloud.com/saml2/",
            "https://sso.jumpcloud.com/",
            "https://sso.jumpcloud.com",
        ] {
            assert_eq!(
                parse_idp_url(input),
                Err(IdpUrlError::MissingLabel),
                "{input}"
            );
        }
        assert!(matches!(
            parse_idp_url("https://sso.jumpcloud.com/saml2/a/b"),
            Err(IdpUrlError::WrongPath { .. })
        ));
        assert!(matches!(
            parse_idp_url("https://sso.jumpcloud.com/oauth/knowbe4"),
            Err(IdpUrlError::WrongPath { .. })
        ));
    }

    #[test]
    fn whitespace_is_named_where_it_is() {
        assert_eq!(
            parse_idp_url(" https://sso.jumpcloud.com/saml2/knowbe4\n"),
            Err(IdpUrlError::SurroundingWhitespace)
        );
        assert_eq!(parse_idp_url("  "), Err(IdpUrlError::Empty));
        let error = parse_idp_url("https://sso.jumpcloud.com/saml2/know be4").unwrap_err();
        assert!(
            error.to_string().contains("a space at character 37"),
            "{error}"
        );
    }

    #[test]
    fn the_admin_and_user_consoles_are_recognised() {
        for input in [
            "https://console.jumpcloud.com/#/sso/5f1a2b3c4d5e6f",
            "https://console.jumpcloud.com/login/admin",
            "console.jumpcloud.com",
        ] {
            assert_eq!(
                parse_idp_url(input),
                Err(IdpUrlError::AdminConsole),
                "{input}"
            );
        }
        assert_eq!(
            parse_idp_url("https://console.jumpcloud.com/userconsole#/"),
            Err(IdpUrlError::UserConsole)
        );
        assert!(IdpUrlError::AdminConsole.to_string().contains("SSO tab"));
        for error in [IdpUrlError::AdminConsole, IdpUrlError::UserConsole] {
            let message = error.to_string();
            assert!(message.contains("JumpCloud Admin Portal"), "{message}");
            assert!(!message.contains("admin console"), "{message}");
        }
    }

    #[test]
    fn trailing_slash_query_and_fragment_are_refused() {
        assert_eq!(
            parse_idp_url("https://sso.jumpcloud.com/saml2/knowbe4/"),
            Err(IdpUrlError::TrailingSlash {
                label: "knowbe4".to_owned()
            })
        );
        assert_eq!(
            parse_idp_url("https://sso.jumpcloud.com/saml2/knowbe4?RelayState=x"),
            Err(IdpUrlError::QueryOrFragment {
                label: "knowbe4".to_owned()
            })
        );
        assert!(matches!(
            parse_idp_url("https://sso.jumpcloud.com/saml2/knowbe4#top"),
            Err(IdpUrlError::QueryOrFragment { .. })
        ));
    }

    #[test]
    fn garbage_is_not_a_url() {
        assert_eq!(parse_idp_url("://"), Err(IdpUrlError::NotAUrl));
        assert_eq!(parse_idp_url("https://"), Err(IdpUrlError::NotAUrl));
    }
}
