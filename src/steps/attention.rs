//! Problems with values saved on a step, which turn its status to "needs attention".

use super::StepId;
use crate::saml;
use crate::settings::Settings;

/// Problems with the values saved for `step`, worded for the operator. Empty when all is well
/// or nothing has been entered yet.
pub fn settings_problems(step: StepId, settings: &Settings) -> Vec<String> {
    let values = &settings.values;
    let mut problems = Vec::new();
    match step {
        StepId::Region => problems.extend(super::consistency::region_mismatch(settings)),
        StepId::IdentityManagement => problems.extend(super::consistency::failed_check(settings)),
        StepId::SamlId => {
            problems.extend(super::consistency::region_mismatch(settings));
            if !values.saml_id.trim().is_empty()
                && let Err(error) = saml::parse_saml_id(&values.saml_id)
            {
                problems.push(error.to_string());
            }
            if let Err(error) = entity_id(settings) {
                problems.push(error.to_string());
            }
        }
        StepId::JumpCloudSso => {
            if !values.idp_url.is_empty()
                && let Err(error) = saml::parse_idp_url(&values.idp_url)
            {
                problems.push(error.to_string());
            }
        }
        StepId::KnowBe4Saml => {
            if let Some(problem) = values.saml_lockout.problem() {
                problems.push(problem.to_owned());
            }
        }
        StepId::ScimToken => {
            if !values.tenant_url.text().is_empty()
                && let Some(refusal) = values.tenant_url.refusal()
            {
                problems.push(refusal.message());
            }
        }
        _ => {}
    }
    problems
}

/// The SP Entity ID in force: the unique one entered, or `KnowBe4`.
pub fn entity_id(settings: &Settings) -> Result<String, saml::EntityIdError> {
    let custom = settings.values.custom_entity_id.as_str();
    saml::sp_entity_id((!custom.is_empty()).then_some(custom))
}

/// The computed SAML values, when the saved SAML ID and entity ID are valid.
pub fn saml_values(settings: &Settings) -> Option<saml::SamlValues> {
    let input = saml::parse_saml_id(&settings.values.saml_id).ok()?;
    let custom = settings.values.custom_entity_id.as_str();
    saml::SamlValues::compute(
        settings.region,
        &input.id,
        (!custom.is_empty()).then_some(custom),
    )
    .ok()
}

/// What a SAML response must say for KnowBe4 to accept it, from what the operator has set up:
/// the ACS URL (when the SAML ID is valid), the entity ID, JumpCloud's IdP entity ID (if
/// entered), the loaded IdP certificate and the fingerprint KnowBe4 was said to hold.
pub fn response_expectations(
    settings: &Settings,
    idp_cert_der: Option<Vec<u8>>,
    configured_fingerprint: Option<&str>,
) -> crate::saml_response::Expectations {
    let acs_url = saml::parse_saml_id(&settings.values.saml_id)
        .ok()
        .map(|input| saml::acs_url(settings.region, &input.id));
    let idp_entity_id = settings.values.idp_entity_id.trim();
    crate::saml_response::Expectations {
        acs_url,
        // An invalid custom entity ID is reported on its own step; judge against the default.
        entity_id: entity_id(settings)
            .unwrap_or_else(|_| crate::saml_response::DEFAULT_ENTITY_ID.to_owned()),
        idp_entity_id: (!idp_entity_id.is_empty()).then(|| idp_entity_id.to_owned()),
        idp_cert_der,
        configured_fingerprint: configured_fingerprint
            .map(str::trim)
            .filter(|fingerprint| !fingerprint.is_empty())
            .map(str::to_owned),
    }
}

#[cfg(test)]
mod expectation_tests {
    use super::*;
    use crate::region::Region;

    #[test]
    fn expectations_follow_the_saved_setup() {
        let mut settings = Settings {
            region: Region::Eu,
            ..Settings::default()
        };
        settings.values.saml_id = "a1b2c3d4e5f".to_owned();
        settings.values.custom_entity_id = "KnowBe4-abc123".to_owned();
        settings.values.idp_entity_id = "  https://sso.jumpcloud.com/saml2/knowbe4 ".to_owned();
        let expected = response_expectations(&settings, Some(vec![1, 2]), Some(" AB:CD "));
        assert_eq!(
            expected.acs_url.as_deref(),
            Some("https://eu.knowbe4.com/auth/saml/a1b2c3d4e5f/callback")
        );
        assert_eq!(expected.entity_id, "KnowBe4-abc123");
        assert_eq!(
            expected.idp_entity_id.as_deref(),
            Some("https://sso.jumpcloud.com/saml2/knowbe4")
        );
        assert_eq!(expected.idp_cert_der, Some(vec![1, 2]));
        assert_eq!(expected.configured_fingerprint.as_deref(), Some("AB:CD"));
    }

    #[test]
    fn nothing_entered_means_nothing_but_the_default_audience_is_expected() {
        let expected = response_expectations(&Settings::default(), None, Some("   "));
        assert_eq!(expected, crate::saml_response::Expectations::default());
    }
}
