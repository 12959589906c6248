//! What each step says and asks, taken from the vendor article (JumpCloud's "Integrate with
//! KnowBe4"), in the app's own grouping and order (see `StepId`); where a step adds to the
//! article, its text says so. Wording is for the operator; console paths are spelled as the
//! consoles show them.

use super::StepId;
use super::catalog_scim::*;
use super::catalog_sso::*;
pub use super::step_content::{ConsoleLink, StepContent, Tick};

/// The content of `step`.
pub fn content(step: StepId) -> StepContent {
    match step {
        StepId::Prerequisites => PREREQUISITES,
        StepId::Region => REGION,
        StepId::CreateApplication => CREATE_APPLICATION,
        StepId::SamlId => SAML_ID,
        StepId::JumpCloudSso => JUMPCLOUD_SSO,
        StepId::IdpCertificate => IDP_CERTIFICATE,
        StepId::KnowBe4Saml => KNOWBE4_SAML,
        StepId::AuthorizeAccess => AUTHORIZE_ACCESS,
        StepId::ValidateSso => VALIDATE_SSO,
        StepId::ScimToken => SCIM_TOKEN,
        StepId::IdentityManagement => IDENTITY_MANAGEMENT,
        StepId::AttributeMapping => ATTRIBUTE_MAPPING,
        StepId::TestMode => TEST_MODE,
        StepId::ImportUsers => IMPORT_USERS,
        StepId::RenewToken => RENEW_TOKEN,
        StepId::RotateCertificate => ROTATE_CERTIFICATE,
        StepId::RemoveIntegration => REMOVE_INTEGRATION,
        StepId::Report => REPORT,
    }
}

#[cfg(test)]
mod tests {
    use super::super::step_content::SAVE_CHANGES_TICK;
    use super::*;
    use crate::certificate::rotation::ROTATE_SSO_CERTS_ARTICLE;
    use crate::region::Region;

    #[test]
    fn every_step_has_guidance_ticks_and_unique_tick_ids() {
        for step in StepId::ALL {
            let content = content(step);
            assert!(!content.title.is_empty(), "{step:?}");
            assert!(!content.summary.is_empty(), "{step:?}");
            assert!(!content.guidance.is_empty(), "{step:?}");
            assert!(!content.ticks.is_empty(), "{step:?}");
            let mut ids: Vec<_> = content.ticks.iter().map(|t| t.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                content.ticks.len(),
                "duplicate tick id in {step:?}"
            );
        }
    }

    #[test]
    fn users_are_imported_before_the_test_mode_tick() {
        assert!(StepId::ImportUsers.index() < StepId::TestMode.index());
        let ticks: Vec<_> = content(StepId::TestMode)
            .ticks
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(ticks.last(), Some(&SAVE_CHANGES_TICK));
        assert!(
            content(StepId::TestMode)
                .guidance
                .iter()
                .any(|g| g.contains("Import users"))
        );
    }

    #[test]
    fn every_step_that_changes_a_knowbe4_setting_ends_with_save_changes() {
        for step in [
            StepId::KnowBe4Saml,
            StepId::ScimToken,
            StepId::TestMode,
            StepId::RotateCertificate,
        ] {
            assert!(
                content(step)
                    .ticks
                    .iter()
                    .any(|t| t.id == SAVE_CHANGES_TICK),
                "{step:?}"
            );
        }
    }

    #[test]
    fn renewal_ticks_are_the_articles_three_steps_with_the_apps_paste_between() {
        let ids: Vec<_> = content(StepId::RenewToken)
            .ticks
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(
            ids,
            [
                "deactivated",
                "regenerated",
                "replaced",
                "pasted",
                "reactivated"
            ]
        );
        let guidance = content(StepId::RenewToken).guidance.join(" ");
        assert!(
            guidance.contains("The article gives three steps")
                && guidance.contains("this app's addition"),
            "{guidance}"
        );
        assert!(
            guidance.contains("Provisioning stops while Identity Management is deactivated"),
            "{guidance}"
        );
        assert!(
            !content(StepId::RenewToken)
                .summary
                .contains("without breaking")
        );
    }

    #[test]
    fn the_rotation_step_names_both_ways_in() {
        let guidance = content(StepId::RotateCertificate).guidance.join(" ");
        let at = |text: &str| guidance.find(text).unwrap_or(usize::MAX);
        assert!(at("admin login page") < at("Disable non-SAML Logins"));
        assert!(at("Disable non-SAML Logins") < at("Allow Admins w/MFA"));
        assert!(guidance.contains("what you recorded"), "{guidance}");
    }

    #[test]
    fn the_rotation_step_links_jumpclouds_article() {
        assert!(
            content(StepId::RotateCertificate)
                .extra_links
                .contains(&ConsoleLink::JumpCloudRotateArticle)
        );
        assert_eq!(
            ConsoleLink::JumpCloudRotateArticle.url(Region::Us),
            ROTATE_SSO_CERTS_ARTICLE
        );
    }

    #[test]
    fn knowbe4_console_link_follows_the_region() {
        assert_eq!(
            ConsoleLink::KnowBe4Console.url(Region::Eu),
            "https://eu.knowbe4.com/"
        );
        assert_eq!(
            ConsoleLink::KnowBe4Console.url(Region::Us),
            "https://training.knowbe4.com/"
        );
        assert_eq!(
            ConsoleLink::JumpCloudAdminPortal.url(Region::De),
            "https://console.jumpcloud.com/"
        );
    }

    #[test]
    fn console_paths_use_the_consoles_own_words() {
        assert_eq!(
            content(StepId::CreateApplication).console_path,
            Some("JumpCloud Admin Portal: USER AUTHENTICATION > SSO Applications")
        );
        assert!(
            content(StepId::ScimToken)
                .console_path
                .unwrap_or("")
                .contains("User Provisioning")
        );
    }
}
