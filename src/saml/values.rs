//! The values the operator types into JumpCloud and KnowBe4, computed from region and SAML ID.
//!
//! One function per value: the UI, the CLI and the report all call these, so a value can never
//! differ between screens. URLs come from KnowBe4's SAML guides (see docs/sources.md). The admin
//! login page depends on the region alone: [`Region::admin_bypass_login_url`].

use serde::{Deserialize, Serialize};

use super::KNOWBE4_SAML_SETTINGS;
use super::saml_id::SamlId;
use crate::region::Region;

/// KnowBe4's SP Entity ID unless the admin clicked "Generate unique Entity ID".
pub const DEFAULT_SP_ENTITY_ID: &str = "KnowBe4";

/// JumpCloud's "ACS URL": `{base}/auth/saml/{id}/callback`.
pub fn acs_url(region: Region, id: &SamlId) -> String {
    format!("{}/auth/saml/{id}/callback", region.base_url())
}

/// What replaces `{SAML_ACCOUNT_ID}` in JumpCloud's Default RelayState field: the SAML ID itself.
pub fn relay_state(id: &SamlId) -> String {
    id.as_str().to_owned()
}

/// The SP-initiated sign-in URL users (and the final test) open: `{base}/auth/saml/{id}/`.
pub fn sp_sign_in_url(region: Region, id: &SamlId) -> String {
    format!("{}/auth/saml/{id}/", region.base_url())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntityIdError {
    #[error(
        "The unique SP Entity ID is empty. Leave the field off to use the default \"KnowBe4\", \
         or copy the one KnowBe4 generated ({KNOWBE4_SAML_SETTINGS})."
    )]
    Empty,
    #[error(
        "The unique SP Entity ID contains {description} at character {position}. Entity IDs \
         have no spaces: copy it again from KnowBe4's {KNOWBE4_SAML_SETTINGS}."
    )]
    Whitespace {
        position: usize,
        description: String,
    },
}

/// The SP Entity ID for JumpCloud: `KnowBe4`, or the unique one the operator generated.
///
/// Pass `None` when the operator did not generate one. Surrounding whitespace is trimmed.
pub fn sp_entity_id(custom: Option<&str>) -> Result<String, EntityIdError> {
    let Some(custom) = custom else {
        return Ok(DEFAULT_SP_ENTITY_ID.to_owned());
    };
    let trimmed = custom.trim();
    if trimmed.is_empty() {
        return Err(EntityIdError::Empty);
    }
    let bad = trimmed
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control());
    match bad {
        Some((index, c)) => Err(EntityIdError::Whitespace {
            position: index + 1,
            description: super::saml_id::describe_char(c),
        }),
        None => Ok(trimmed.to_owned()),
    }
}

/// Everything the Single sign-on steps show, computed once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlValues {
    pub region: Region,
    pub saml_id: SamlId,
    pub acs_url: String,
    pub relay_state: String,
    pub sign_in_url: String,
    pub entity_id: String,
    pub admin_bypass_login_url: String,
}

impl SamlValues {
    pub fn compute(
        region: Region,
        id: &SamlId,
        custom_entity: Option<&str>,
    ) -> Result<SamlValues, EntityIdError> {
        Ok(SamlValues {
            region,
            saml_id: id.clone(),
            acs_url: acs_url(region, id),
            relay_state: relay_state(id),
            sign_in_url: sp_sign_in_url(region, id),
            entity_id: sp_entity_id(custom_entity)?,
            admin_bypass_login_url: region.admin_bypass_login_url(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml::parse_saml_id;

    fn saml_id(text: &str) -> SamlId {
        parse_saml_id(text).unwrap().id
    }

    #[test]
    fn urls_follow_the_knowbe4_guides_for_every_region() {
        let id = saml_id("Ab12Cd34Ef5");
        assert_eq!(
            acs_url(Region::Us, &id),
            "https://training.knowbe4.com/auth/saml/Ab12Cd34Ef5/callback"
        );
        assert_eq!(
            sp_sign_in_url(Region::De, &id),
            "https://de.knowbe4.com/auth/saml/Ab12Cd34Ef5/"
        );
        assert_eq!(
            Region::Uk.admin_bypass_login_url(),
            "https://uk.knowbe4.com/ui/users/login"
        );
        for region in Region::ALL {
            let acs = acs_url(region, &id);
            assert!(acs.starts_with(&region.base_url()), "{acs}");
            assert!(!acs.contains('{'), "{acs}");
        }
    }

    #[test]
    fn relay_state_is_the_saml_id() {
        assert_eq!(relay_state(&saml_id("Zz9")), "Zz9");
    }

    #[test]
    fn entity_id_defaults_to_knowbe4_and_validates_a_custom_one() {
        assert_eq!(sp_entity_id(None).unwrap(), "KnowBe4");
        assert_eq!(
            sp_entity_id(Some("  KnowBe4-abc123 \n")).unwrap(),
            "KnowBe4-abc123"
        );
        assert_eq!(sp_entity_id(Some("   ")), Err(EntityIdError::Empty));
        let error = sp_entity_id(Some("Know Be4")).unwrap_err();
        assert!(
            error.to_string().contains("a space at character 5"),
            "{error}"
        );
    }

    #[test]
    fn compute_fills_every_field_from_the_single_functions() {
        let id = saml_id("Q1w2E3");
        let values = SamlValues::compute(Region::Ca, &id, Some("unique-entity")).unwrap();
        assert_eq!(values.acs_url, acs_url(Region::Ca, &id));
        assert_eq!(values.sign_in_url, sp_sign_in_url(Region::Ca, &id));
        assert_eq!(values.relay_state, "Q1w2E3");
        assert_eq!(values.entity_id, "unique-entity");
        let json = serde_json::to_value(&values).unwrap();
        assert_eq!(json["region"], "ca");
        assert_eq!(json["saml_id"], "Q1w2E3");
        assert!(SamlValues::compute(Region::Ca, &id, Some("")).is_err());
    }
}
