//! The operator's progress: current step, region, ticks and the values entered. Saved as JSON
//! in the OS config directory. Never holds a secret: the SCIM token lives in the keychain.

mod store;

pub use store::{ForgetOutcome, LoadOutcome, SettingsError, SettingsStore};

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::region::Region;
use crate::step_id::StepId;

/// Everything that survives a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    /// Bumped when the file's meaning changes, so old files can be migrated.
    pub format_version: u32,
    pub current_step: StepId,
    pub region: Region,
    /// Ticked actions, as `step_key.tick_id`.
    pub ticked: BTreeSet<String>,
    pub values: SetupValues,
    /// The last SCIM connection check results (never the token), with their timestamps.
    pub last_check: Option<crate::scim::check_results::CheckReport>,
    /// Counts from the last pre-flight of a JumpCloud user export (never the users).
    pub last_preflight: Option<crate::provisioning::records::PreflightRecord>,
    /// Counts from the last reconciliation against the tenant (never the users).
    pub last_reconcile: Option<crate::provisioning::records::ReconcileRecord>,
    /// When each tenant's SCIM token was last saved or removed here (RFC 3339), by normalised
    /// Tenant URL, so that tenant's check results from before then are marked out of date.
    /// Never the token itself.
    pub token_changed_at: std::collections::BTreeMap<String, String>,
    /// Tenant URLs this app has stored a token for (public addresses, never tokens), so removing
    /// one can say which others still have one.
    pub token_tenants: BTreeSet<String>,
}

/// Values the operator typed or chose. None of them is secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SetupValues {
    /// As pasted; validated where it is used.
    pub saml_id: String,
    /// The region of the KnowBe4 URL the SAML ID was taken from, when one was pasted; compared
    /// with the region chosen, so a URL of another region is noticed until one of them changes.
    pub saml_url_region: Option<Region>,
    /// The unique SP Entity ID, if one was generated in KnowBe4; empty means `KnowBe4`.
    pub custom_entity_id: String,
    pub idp_url: String,
    /// JumpCloud's IdP Entity ID, if the operator wants responses checked against it.
    pub idp_entity_id: String,
    /// Path of the loaded IdP certificate (never its content).
    pub certificate_path: Option<PathBuf>,
    /// SHA-256 of the certificate file's bytes when it was loaded, to notice a changed file.
    pub certificate_file_sha256: Option<String>,
    /// Path of the next IdP certificate, loaded on the rotation step (never its content).
    pub new_certificate_path: Option<PathBuf>,
    /// As typed, with the URL it gives (saved as the text).
    pub tenant_url: crate::tenant_url::TenantUrlInput,
    /// JumpCloud's "Enable management of User Groups and Group Membership" checkbox.
    pub group_management: bool,
    /// A proxy for the connection checks (`http://host:port`); empty: `HTTPS_PROXY`/`NO_PROXY`.
    pub proxy_url: String,
    /// An extra CA certificate (PEM) the checks trust, for TLS-inspecting corporate proxies.
    pub extra_ca_file: String,
    /// What the operator confirmed before disabling KnowBe4's non-SAML logins.
    pub saml_lockout: crate::saml::lockout::LockoutGuard,
    /// The JumpCloud API host, organisation id and chosen application (never the key).
    pub jumpcloud: crate::jumpcloud::JumpCloudSettings,
}

impl SetupValues {
    /// The proxy field, when filled in.
    pub fn proxy(&self) -> Option<String> {
        Some(self.proxy_url.trim().to_owned()).filter(|p| !p.is_empty())
    }

    /// The extra CA file field, when filled in.
    pub fn extra_ca(&self) -> Option<PathBuf> {
        Some(self.extra_ca_file.trim())
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }
}

impl Settings {
    pub const FORMAT_VERSION: u32 = 1;

    fn tick_key(step: StepId, tick_id: &str) -> String {
        format!("{}.{}", step.key(), tick_id)
    }

    pub fn is_ticked(&self, step: StepId, tick_id: &str) -> bool {
        self.ticked.contains(&Self::tick_key(step, tick_id))
    }

    pub fn set_ticked(&mut self, step: StepId, tick_id: &str, ticked: bool) {
        let key = Self::tick_key(step, tick_id);
        if ticked {
            self.ticked.insert(key);
        } else {
            self.ticked.remove(&key);
        }
    }
}
