//! The organisation's applications: listing them (v1, `limit` 100, `skip`, `sort=_id`),
//! telling which look like KnowBe4, and choosing one.
//!
//! An application is parsed into [`Application`], which names only the fields kb4-setup
//! reads. Everything else in the answer, the IdP private key a `config` may carry included,
//! is skipped by the parser and never stored.

use serde::{Deserialize, Serialize};

use super::client::JumpCloudClient;
use super::error::JumpCloudError;
use crate::region::Region;

/// The SAML part of an application's `config` and `sso`: only what the verification reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SamlConfig {
    pub acs_url: Option<String>,
    pub sp_entity_id: Option<String>,
    pub idp_entity_id: Option<String>,
    /// `config.idpCertificate.value`: PEM text or bare base64 (which one is not documented).
    pub idp_certificate: Option<String>,
    pub sign_assertion: Option<bool>,
    pub sign_response: Option<bool>,
    /// `sso.idpCertExpirationAt`, as sent.
    pub idp_cert_expiration_at: Option<String>,
}

/// A JumpCloud application, as far as kb4-setup reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Application {
    /// `_id` (or `id`).
    pub id: String,
    /// The catalog key (`name`).
    pub name: String,
    /// The administrator's label (`displayLabel`, else `displayName`, else `name`).
    pub label: String,
    /// The full IdP URL (`ssoUrl`).
    pub sso_url: Option<String>,
    /// The organisation id the application belongs to.
    pub organization: Option<String>,
    pub saml: SamlConfig,
}

/// Why an application looks like KnowBe4's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnowBe4Sign {
    /// Its label or display name holds "KnowBe4".
    Label,
    /// Its catalog name holds "KnowBe4".
    Name,
    /// Its ACS URL is on a knowbe4.com host.
    AcsUrl,
}

impl Application {
    /// What makes it look like the KnowBe4 application, strongest first; empty if nothing.
    pub fn knowbe4_signs(&self) -> Vec<KnowBe4Sign> {
        let mut signs = Vec::new();
        if self
            .saml
            .acs_url
            .as_deref()
            .is_some_and(acs_on_knowbe4_host)
        {
            signs.push(KnowBe4Sign::AcsUrl);
        }
        if mentions_knowbe4(&self.label) {
            signs.push(KnowBe4Sign::Label);
        }
        if mentions_knowbe4(&self.name) {
            signs.push(KnowBe4Sign::Name);
        }
        signs
    }

    pub fn looks_like_knowbe4(&self) -> bool {
        !self.knowbe4_signs().is_empty()
    }
}

fn mentions_knowbe4(text: &str) -> bool {
    text.to_ascii_lowercase().contains("knowbe4")
}

fn acs_on_knowbe4_host(acs: &str) -> bool {
    url::Url::parse(acs.trim())
        .ok()
        .and_then(|url| url.host_str().map(Region::is_knowbe4_host))
        .unwrap_or(false)
}

/// The outcome of looking for the KnowBe4 application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Exactly one candidate (or the one asked for by id).
    One(Application),
    /// Several look like KnowBe4: the operator picks (by id).
    Several(Vec<Application>),
    /// None looks like KnowBe4; `total` applications were read.
    None { total: usize },
    /// The id asked for is not among the applications.
    UnknownId {
        id: String,
        candidates: Vec<Application>,
    },
}

/// Chooses among `apps`: the one with `wanted_id` when given, else the only KnowBe4-looking
/// one, else the candidates to pick from.
pub fn choose(apps: Vec<Application>, wanted_id: Option<&str>) -> Choice {
    if let Some(id) = wanted_id.map(str::trim).filter(|id| !id.is_empty()) {
        let total = apps.len();
        let (mut found, others): (Vec<_>, Vec<_>) = apps.into_iter().partition(|a| a.id == id);
        return match found.pop() {
            Some(app) => Choice::One(app),
            None if total == 0 => Choice::None { total },
            None => Choice::UnknownId {
                id: id.to_owned(),
                candidates: candidates(others),
            },
        };
    }
    let total = apps.len();
    let mut found = candidates(apps);
    match found.len() {
        0 => Choice::None { total },
        1 => Choice::One(found.remove(0)),
        _ => Choice::Several(found),
    }
}

/// The KnowBe4-looking applications, those with an ACS URL on a knowbe4.com host first.
pub fn candidates(apps: Vec<Application>) -> Vec<Application> {
    let mut found: Vec<Application> = apps
        .into_iter()
        .filter(Application::looks_like_knowbe4)
        .collect();
    found.sort_by_key(|app| !app.knowbe4_signs().contains(&KnowBe4Sign::AcsUrl));
    found
}

/// Every application of the organisation, page after page. No `fields` is sent: JumpCloud's
/// SDK documentation has called that list's separator both "comma separated" and "space
/// separated", so the whole application comes (its `config` may carry the IdP private key,
/// which the parser skips).
pub async fn list_applications(
    client: &JumpCloudClient,
) -> Result<Vec<Application>, JumpCloudError> {
    let raw: Vec<RawApplication> = client
        .get_all_v1("the applications", "/api/applications", &[])
        .await?;
    Ok(raw
        .into_iter()
        .filter_map(RawApplication::into_application)
        .collect())
}

/// One application by id. The id is checked first, so it cannot change the request's path.
pub async fn fetch_application(
    client: &JumpCloudClient,
    id: &str,
) -> Result<Application, JumpCloudError> {
    let id = check_application_id(id)?;
    let what = format!("the application {id}");
    let raw: RawApplication = client
        .get_object(&what, &format!("/api/applications/{id}"), &[])
        .await?;
    raw.into_application().ok_or(JumpCloudError::Malformed {
        what,
        detail: "it has no _id".to_owned(),
    })
}

/// An application id as it may go into a path: letters, digits, `-` and `_`.
pub fn check_application_id(id: &str) -> Result<&str, JumpCloudError> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(JumpCloudError::Setup(
            "The application id may hold only letters, digits, '-' and '_'. Copy it from the \
             list of applications (kb4-setup jumpcloud verify lists them)."
                .to_owned(),
        ))
    }
}

// What is read of an application. Field names are JumpCloud's; unknown fields are skipped.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawApplication {
    #[serde(rename = "_id")]
    underscore_id: Option<String>,
    id: Option<String>,
    name: Option<String>,
    display_label: Option<String>,
    display_name: Option<String>,
    sso_url: Option<String>,
    organization: Option<String>,
    config: Option<RawConfig>,
    sso: Option<RawSso>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    acs_url: Option<RawField>,
    sp_entity_id: Option<RawField>,
    idp_entity_id: Option<RawField>,
    idp_certificate: Option<RawField>,
    sign_assertion: Option<RawField>,
    sign_response: Option<RawField>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSso {
    idp_cert_expiration_at: Option<serde_json::Value>,
}

/// One `config` descriptor; only its `value` is read, in whatever JSON type it comes.
#[derive(Deserialize)]
struct RawField {
    value: Option<serde_json::Value>,
}

impl RawField {
    fn text(field: Option<RawField>) -> Option<String> {
        match field?.value? {
            serde_json::Value::String(text) => Some(text),
            _ => None,
        }
    }

    fn flag(field: Option<RawField>) -> Option<bool> {
        match field?.value? {
            serde_json::Value::Bool(flag) => Some(flag),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
            serde_json::Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
}

impl RawApplication {
    fn into_application(self) -> Option<Application> {
        let id = self
            .underscore_id
            .or(self.id)
            .filter(|id| !id.trim().is_empty())?;
        let name = self.name.unwrap_or_default();
        let label = [self.display_label, self.display_name]
            .into_iter()
            .flatten()
            .find(|text| !text.trim().is_empty())
            .unwrap_or_else(|| name.clone());
        let config = self.config;
        let (acs_url, sp_entity_id, idp_entity_id, idp_certificate, sign_assertion, sign_response) =
            match config {
                Some(c) => (
                    RawField::text(c.acs_url),
                    RawField::text(c.sp_entity_id),
                    RawField::text(c.idp_entity_id),
                    RawField::text(c.idp_certificate),
                    RawField::flag(c.sign_assertion),
                    RawField::flag(c.sign_response),
                ),
                None => (None, None, None, None, None, None),
            };
        let idp_cert_expiration_at = self
            .sso
            .and_then(|sso| sso.idp_cert_expiration_at)
            .and_then(|value| match value {
                serde_json::Value::String(text) => Some(text),
                serde_json::Value::Number(number) => Some(number.to_string()),
                _ => None,
            });
        Some(Application {
            id,
            name,
            label,
            sso_url: self.sso_url,
            organization: self.organization,
            saml: SamlConfig {
                acs_url,
                sp_entity_id,
                idp_entity_id,
                idp_certificate,
                sign_assertion,
                sign_response,
                idp_cert_expiration_at,
            },
        })
    }
}

/// Parses one application from a JSON body (for tests and the fuzz-like tests of hostile
/// answers): the same path as the client's.
pub fn parse_application(body: &[u8]) -> Result<Application, String> {
    let raw: RawApplication = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    raw.into_application().ok_or_else(|| "no _id".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, name: &str, label: &str, acs: Option<&str>) -> Application {
        Application {
            id: id.into(),
            name: name.into(),
            label: label.into(),
            sso_url: None,
            organization: None,
            saml: SamlConfig {
                acs_url: acs.map(Into::into),
                ..SamlConfig::default()
            },
        }
    }

    #[test]
    fn knowbe4_is_recognised_by_label_name_or_acs_host() {
        assert_eq!(
            app("1", "x", "KnowBe4 SSO", None).knowbe4_signs(),
            vec![KnowBe4Sign::Label]
        );
        assert_eq!(
            app("1", "knowbe4", "Training", None).knowbe4_signs(),
            vec![KnowBe4Sign::Name]
        );
        let by_acs = app(
            "1",
            "custom",
            "Phishing",
            Some("https://eu.knowbe4.com/auth/saml/x/callback"),
        );
        assert_eq!(by_acs.knowbe4_signs(), vec![KnowBe4Sign::AcsUrl]);
        assert!(
            !app(
                "1",
                "slack",
                "Slack",
                Some("https://knowbe4.com.example/acs")
            )
            .looks_like_knowbe4()
        );
    }

    #[test]
    fn choosing_one_several_none_or_by_id() {
        let slack = app("s", "slack", "Slack", None);
        let kb4 = app("k", "knowbe4", "KnowBe4", None);
        let kb4_acs = app(
            "a",
            "custom",
            "Training",
            Some("https://training.knowbe4.com/auth/saml/x/callback"),
        );
        assert_eq!(
            choose(vec![slack.clone(), kb4.clone()], None),
            Choice::One(kb4.clone())
        );
        assert_eq!(
            choose(vec![kb4.clone(), slack.clone(), kb4_acs.clone()], None),
            Choice::Several(vec![kb4_acs.clone(), kb4.clone()])
        );
        assert_eq!(choose(vec![slack.clone()], None), Choice::None { total: 1 });
        assert_eq!(
            choose(vec![slack.clone(), kb4.clone()], Some("s")),
            Choice::One(slack.clone())
        );
        assert_eq!(
            choose(vec![slack, kb4.clone()], Some("zz")),
            Choice::UnknownId {
                id: "zz".into(),
                candidates: vec![kb4]
            }
        );
    }

    #[test]
    fn the_private_key_is_not_kept_and_odd_shapes_are_tolerated() {
        let body = br#"{"_id": "a1", "name": "knowbe4", "displayLabel": "",
            "displayName": "KnowBe4", "ssoUrl": "https://sso.jumpcloud.com/saml2/knowbe4",
            "config": {"acsUrl": {"value": "https://training.knowbe4.com/auth/saml/x/callback"},
                       "idpPrivateKey": {"value": "PRIVATE-KEY-MARKER"},
                       "signAssertion": {"value": "true"}, "signResponse": {"value": 3},
                       "idpCertificate": {"value": null}},
            "sso": {"idpCertExpirationAt": "2030-01-01T00:00:00Z"}, "extra": [1, 2]}"#;
        let parsed = parse_application(body).unwrap();
        assert_eq!(parsed.label, "KnowBe4");
        assert_eq!(parsed.saml.sign_assertion, Some(true));
        assert_eq!(parsed.saml.sign_response, None);
        assert_eq!(parsed.saml.idp_certificate, None);
        let everything = format!("{parsed:?} {}", serde_json::to_string(&parsed).unwrap());
        assert!(!everything.contains("PRIVATE-KEY-MARKER"), "{everything}");
        assert!(parse_application(br#"{"name": "no id"}"#).is_err());
    }

    #[test]
    fn application_ids_cannot_change_the_path() {
        assert!(check_application_id("5f0c1a2b").is_ok());
        for bad in ["", "../organizations", "a/b", "a?b", "a b"] {
            assert!(check_application_id(bad).is_err(), "{bad}");
        }
    }
}
