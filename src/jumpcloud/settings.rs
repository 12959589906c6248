//! The JumpCloud part of the saved setup values. Never the key: it lives in the keychain.

use serde::{Deserialize, Serialize};

use super::connection::{ApiBase, ApiHost, Connection, OrgId};

/// What the operator chose for JumpCloud; saved with the other setup values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct JumpCloudSettings {
    /// The organisation's API host (console or EU).
    pub api_host: ApiHost,
    /// An API URL that replaces the host (tests, other hosts); empty: `api_host`.
    pub api_url: String,
    /// The organisation id of a multi-tenant administrator, as typed; empty: none.
    pub org_id: String,
    /// The KnowBe4 application chosen in JumpCloud (its `_id`); empty: not chosen yet.
    pub application_id: String,
    /// That application's label when it was chosen, to name it before the list is read again.
    pub application_label: String,
}

impl JumpCloudSettings {
    /// The API base: the override when one is set, else the host.
    pub fn api_base(&self) -> Result<ApiBase, super::connection::ApiUrlProblem> {
        if self.api_url.trim().is_empty() {
            Ok(ApiBase::of_host(self.api_host))
        } else {
            ApiBase::parse(&self.api_url)
        }
    }

    /// The organisation id, when one is typed and well-formed.
    pub fn org_id(&self) -> Result<Option<OrgId>, super::connection::OrgIdProblem> {
        OrgId::parse_optional(&self.org_id)
    }

    /// Whether the operator has set anything for JumpCloud (a host, an address, an
    /// organisation id or a chosen application): the window then opens its part at once.
    pub fn in_use(&self) -> bool {
        self.api_host != ApiHost::default()
            || [&self.api_url, &self.org_id, &self.application_id]
                .iter()
                .any(|text| !text.trim().is_empty())
    }

    /// The chosen application's id, if any.
    pub fn application_id(&self) -> Option<&str> {
        Some(self.application_id.trim()).filter(|id| !id.is_empty())
    }

    /// A connection with these choices and default network settings (the caller sets
    /// `client` from the proxy and CA fields).
    pub fn connection(&self) -> Result<Connection, String> {
        let base = self.api_base().map_err(|e| e.to_string())?;
        let org_id = self.org_id().map_err(|e| e.to_string())?;
        Ok(Connection {
            org_id,
            ..Connection::new(base)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_console_host_and_round_trips() {
        let settings = JumpCloudSettings::default();
        assert_eq!(
            settings.api_base().unwrap(),
            ApiBase::of_host(ApiHost::Console)
        );
        assert_eq!(settings.application_id(), None);
        let chosen = JumpCloudSettings {
            api_host: ApiHost::Eu,
            org_id: "abc".into(),
            application_id: "app1".into(),
            application_label: "KnowBe4".into(),
            ..JumpCloudSettings::default()
        };
        let json = serde_json::to_string(&chosen).unwrap();
        assert!(json.contains("\"api_host\":\"eu\""), "{json}");
        let back: JumpCloudSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, chosen);
        assert_eq!(back.connection().unwrap().org_id.unwrap().as_str(), "abc");
        let old: JumpCloudSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(old, JumpCloudSettings::default());
    }
}
