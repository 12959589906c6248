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
        StepId::SamlId => {
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
        StepId::ScimToken => {
            if !values.tenant_url.is_empty()
                && let crate::tenant_url::TenantUrlCheck::Refused(refusal) =
                    crate::tenant_url::check_tenant_url(&values.tenant_url, Some(settings.region))
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
