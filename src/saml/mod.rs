//! The single sign-on values: the KnowBe4 SAML ID the operator pastes, the values computed from
//! it for JumpCloud, the JumpCloud IdP URL for KnowBe4, the lock-out guard of KnowBe4's SAML
//! options, and the fingerprint check used when a certificate is rotated.
//!
//! Every screen, the CLI and the report call these functions, so each value has one source.

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
