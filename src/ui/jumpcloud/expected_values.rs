//! What the window's setup holds, as the verification compares it: the region and SAML ID,
//! the SP Entity ID, the IDP URL and IdP Entity ID, the loaded certificate and the fingerprint
//! pasted into KnowBe4. A value not entered yet is left out, and its finding says how to give it.

use crate::jumpcloud::verify::Expected;
use crate::saml::saml_id::parse_saml_id;
use crate::saml::values::sp_entity_id;
use crate::settings::Settings;
use crate::ui::certificate_slot::CertificateSlot;

/// The expected values of the setup as it is now: its settings, the loaded certificate and
/// the fingerprint pasted to check what KnowBe4 holds.
pub fn of_setup(
    settings: &Settings,
    certificate: &CertificateSlot,
    pasted_fingerprint: &str,
) -> Expected {
    let values = &settings.values;
    let saml_id = parse_saml_id(&values.saml_id).ok().map(|input| input.id);
    let custom = Some(values.custom_entity_id.as_str()).filter(|c| !c.trim().is_empty());
    let entity_id = sp_entity_id(custom).unwrap_or_else(|_| values.custom_entity_id.clone());
    let filled = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    Expected {
        region: saml_id.as_ref().map(|_| settings.region),
        saml_id,
        entity_id,
        idp_url: filled(&values.idp_url),
        idp_entity_id: filled(&values.idp_entity_id),
        certificate: certificate
            .current
            .as_ref()
            .map(|loaded| loaded.info().clone()),
        fingerprint: filled(pasted_fingerprint),
    }
}
