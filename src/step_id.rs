//! The steps of the procedure by name and order, and the groups of the step list. Settings
//! save a step and its ticks by these names; what each step says and when it is done live in
//! `steps`, above.

use serde::{Deserialize, Serialize};

/// The groups the step list is divided into, in order. The groups are this app's own: the
/// article has sections, not these groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepGroup {
    Prepare,
    SingleSignOn,
    Provisioning,
    Maintain,
    Report,
}

impl StepGroup {
    pub const ALL: [StepGroup; 5] = [
        StepGroup::Prepare,
        StepGroup::SingleSignOn,
        StepGroup::Provisioning,
        StepGroup::Maintain,
        StepGroup::Report,
    ];

    pub fn title(self) -> &'static str {
        match self {
            StepGroup::Prepare => "Prepare",
            StepGroup::SingleSignOn => "Single sign-on",
            StepGroup::Provisioning => "Provisioning",
            StepGroup::Maintain => "Maintain",
            StepGroup::Report => "Report",
        }
    }

    /// The steps of this group, in procedure order.
    pub fn steps(self) -> impl Iterator<Item = StepId> {
        StepId::ALL
            .into_iter()
            .filter(move |step| step.group() == self)
    }
}

/// One step of the procedure. The order of `ALL` is the order of the wizard, which is the app's
/// own where it departs from the article: the article puts Verify in Test Mode before Attribute
/// Mappings and Importing Users; the wizard imports users before Verify in Test Mode, because
/// once syncing is live KnowBe4 archives users not present in JumpCloud.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    #[default]
    Prerequisites,
    Region,
    CreateApplication,
    SamlId,
    #[serde(rename = "jumpcloud_sso")]
    JumpCloudSso,
    IdpCertificate,
    #[serde(rename = "knowbe4_saml")]
    KnowBe4Saml,
    AuthorizeAccess,
    ValidateSso,
    ScimToken,
    IdentityManagement,
    AttributeMapping,
    ImportUsers,
    TestMode,
    RenewToken,
    RotateCertificate,
    RemoveIntegration,
    Report,
}

impl StepId {
    pub const ALL: [StepId; 18] = [
        StepId::Prerequisites,
        StepId::Region,
        StepId::CreateApplication,
        StepId::SamlId,
        StepId::JumpCloudSso,
        StepId::IdpCertificate,
        StepId::KnowBe4Saml,
        StepId::AuthorizeAccess,
        StepId::ValidateSso,
        StepId::ScimToken,
        StepId::IdentityManagement,
        StepId::AttributeMapping,
        StepId::ImportUsers,
        StepId::TestMode,
        StepId::RenewToken,
        StepId::RotateCertificate,
        StepId::RemoveIntegration,
        StepId::Report,
    ];

    pub fn group(self) -> StepGroup {
        use StepId::*;
        match self {
            Prerequisites | Region => StepGroup::Prepare,
            CreateApplication | SamlId | JumpCloudSso | IdpCertificate | KnowBe4Saml
            | AuthorizeAccess | ValidateSso => StepGroup::SingleSignOn,
            ScimToken | IdentityManagement | AttributeMapping | ImportUsers | TestMode => {
                StepGroup::Provisioning
            }
            RenewToken | RotateCertificate | RemoveIntegration => StepGroup::Maintain,
            Report => StepGroup::Report,
        }
    }

    /// Position in the wizard, from 0.
    pub fn index(self) -> usize {
        StepId::ALL
            .iter()
            .position(|step| *step == self)
            .unwrap_or(0)
    }

    pub fn next(self) -> Option<StepId> {
        StepId::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<StepId> {
        self.index()
            .checked_sub(1)
            .and_then(|i| StepId::ALL.get(i).copied())
    }

    /// Stable key used in saved settings and in tick ids.
    pub fn key(self) -> &'static str {
        use StepId::*;
        match self {
            Prerequisites => "prerequisites",
            Region => "region",
            CreateApplication => "create_application",
            SamlId => "saml_id",
            JumpCloudSso => "jumpcloud_sso",
            IdpCertificate => "idp_certificate",
            KnowBe4Saml => "knowbe4_saml",
            AuthorizeAccess => "authorize_access",
            ValidateSso => "validate_sso",
            ScimToken => "scim_token",
            IdentityManagement => "identity_management",
            AttributeMapping => "attribute_mapping",
            TestMode => "test_mode",
            ImportUsers => "import_users",
            RenewToken => "renew_token",
            RotateCertificate => "rotate_certificate",
            RemoveIntegration => "remove_integration",
            Report => "report",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_and_previous_walk_every_step_once() {
        let mut forward = vec![StepId::ALL[0]];
        while let Some(next) = forward.last().and_then(|s| s.next()) {
            forward.push(next);
        }
        assert_eq!(forward, StepId::ALL.to_vec());
        let mut backward = vec![StepId::Report];
        while let Some(previous) = backward.last().and_then(|s| s.previous()) {
            backward.push(previous);
        }
        backward.reverse();
        assert_eq!(backward, StepId::ALL.to_vec());
    }

    #[test]
    fn groups_cover_every_step_in_order() {
        let grouped: Vec<StepId> = StepGroup::ALL.iter().flat_map(|g| g.steps()).collect();
        assert_eq!(grouped, StepId::ALL.to_vec());
        assert_eq!(StepGroup::Prepare.steps().count(), 2);
        assert_eq!(StepGroup::SingleSignOn.steps().count(), 7);
        assert_eq!(StepGroup::Provisioning.steps().count(), 5);
        assert_eq!(StepGroup::Maintain.steps().count(), 3);
        assert_eq!(StepGroup::Report.steps().count(), 1);
    }

    #[test]
    fn keys_are_unique_and_match_serde_names() {
        let mut keys: Vec<_> = StepId::ALL.iter().map(|s| s.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), StepId::ALL.len());
        for step in StepId::ALL {
            let json = serde_json::to_string(&step).unwrap();
            assert_eq!(json, format!("\"{}\"", step.key()));
        }
    }
}
