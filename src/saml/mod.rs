//! The single sign-on values: the KnowBe4 SAML ID the operator pastes, the values computed from
//! it for JumpCloud, the JumpCloud IdP URL for KnowBe4, the lock-out guard of KnowBe4's SAML
//! options, and the fingerprint check used when a certificate is rotated.
//!
//! Every screen, the CLI and the report call these functions, so each value has one source.

/// Where KnowBe4 keeps its SAML settings, as KnowBe4 KB 360041935913 gives the path. The
/// article's own words are "Go to Account Settings. In the SAML section". Every message that
/// names the page uses this path.
pub const KNOWBE4_SAML_SETTINGS: &str = "Account Settings > Account Integrations > SAML";

pub mod fingerprint_check;
pub mod fingerprint_diff;
pub mod idp_url;
pub mod lockout;
pub mod saml_id;
pub mod values;

pub use fingerprint_check::{
    FingerprintMatch, check_fingerprint, normalise_fingerprint, prefix_note,
};
pub use idp_url::{IdpUrl, IdpUrlError, parse_idp_url};
pub use saml_id::{SamlId, SamlIdError, SamlIdInput, parse_saml_id};
pub use values::{
    DEFAULT_SP_ENTITY_ID, EntityIdError, SamlValues, acs_url, relay_state, sp_entity_id,
    sp_sign_in_url,
};
