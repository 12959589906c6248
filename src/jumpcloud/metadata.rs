//! The organisation's IdP metadata for an application
//! (`GET /api/organizations/{orgId}/applications/{appId}/metadata.xml`): its entity ID, signing
//! certificate and sign-on location. Parsed with the SAML inspector's hardened XML rules.

use serde::Deserialize;

use super::applications::check_application_id;
use super::client::JumpCloudClient;
use super::connection::OrgId;
use super::error::JumpCloudError;
use crate::saml_response::parse::parse_document;

const METADATA_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// What kb4-setup reads from an IdP metadata document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdpMetadata {
    /// `EntityDescriptor/@entityID`.
    pub entity_id: Option<String>,
    /// The first signing `X509Certificate` (base64 DER, as in the document).
    pub certificate_base64: Option<String>,
    /// `SingleSignOnService/@Location` (the first one).
    pub sso_location: Option<String>,
}

/// Reads the parts of an IdP metadata document kb4-setup uses. A document that is not XML,
/// or too large or deep for the inspector's rules, is refused with the reason.
pub fn parse_metadata(xml: &str) -> Result<IdpMetadata, String> {
    let document = parse_document(xml).map_err(|e| e.to_string())?;
    let root = document.root_element();
    if !root.has_tag_name((METADATA_NS, "EntityDescriptor")) {
        return Err("it is not SAML metadata (no EntityDescriptor)".to_owned());
    }
    let idp = root
        .children()
        .find(|n| n.has_tag_name((METADATA_NS, "IDPSSODescriptor")));
    let Some(idp) = idp else {
        return Ok(IdpMetadata {
            entity_id: root.attribute("entityID").map(str::to_owned),
            ..IdpMetadata::default()
        });
    };
    let signing_key = idp
        .children()
        .filter(|n| n.has_tag_name((METADATA_NS, "KeyDescriptor")))
        .find(|n| matches!(n.attribute("use"), None | Some("signing")));
    let certificate_base64 = signing_key
        .and_then(|key| {
            key.descendants()
                .find(|n| n.has_tag_name((DSIG_NS, "X509Certificate")))
        })
        .and_then(|n| n.text())
        .map(|text| text.split_whitespace().collect::<String>())
        .filter(|text| !text.is_empty());
    let sso_location = idp
        .children()
        .find(|n| n.has_tag_name((METADATA_NS, "SingleSignOnService")))
        .and_then(|n| n.attribute("Location"))
        .map(str::to_owned);
    Ok(IdpMetadata {
        entity_id: root.attribute("entityID").map(str::to_owned),
        certificate_base64,
        sso_location,
    })
}

/// The organisation id for the metadata path: the client's `x-org-id` when set, else the
/// application's `organization`, else the first of `GET /api/organizations`.
pub async fn organisation_id(
    client: &JumpCloudClient,
    application_org: Option<&str>,
) -> Result<Option<String>, JumpCloudError> {
    if let Some(org) = client.org_id() {
        return Ok(Some(org.as_str().to_owned()));
    }
    if let Some(org) = application_org.map(str::trim).filter(|o| !o.is_empty()) {
        return Ok(Some(org.to_owned()));
    }
    #[derive(Deserialize)]
    struct Organisation {
        #[serde(rename = "_id")]
        underscore_id: Option<String>,
        id: Option<String>,
    }
    let page = client
        .get_v1_page::<Organisation>("the organisation", "/api/organizations", &[], 0)
        .await?;
    Ok(page
        .results
        .into_iter()
        .find_map(|org| org.underscore_id.or(org.id)))
}

/// The application's IdP metadata from the organisation `org_id`.
pub async fn fetch_metadata(
    client: &JumpCloudClient,
    org_id: &str,
    app_id: &str,
) -> Result<IdpMetadata, JumpCloudError> {
    let app_id = check_application_id(app_id)?;
    let org_id = OrgId::parse(org_id).map_err(|e| JumpCloudError::Setup(e.to_string()))?;
    let what = format!("the metadata.xml of the application {app_id}");
    let path = format!("/api/organizations/{org_id}/applications/{app_id}/metadata.xml");
    let xml = client.get_text(&what, &path).await?;
    parse_metadata(&xml).map_err(|detail| JumpCloudError::Malformed { what, detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    const METADATA: &str = r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="JumpCloud">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>ENC</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
      MIIB AAAA
    </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="x" Location="https://sso.jumpcloud.com/saml2/knowbe4"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#;

    #[test]
    fn entity_signing_certificate_and_location_are_read() {
        let metadata = parse_metadata(METADATA).unwrap();
        assert_eq!(metadata.entity_id.as_deref(), Some("JumpCloud"));
        assert_eq!(metadata.certificate_base64.as_deref(), Some("MIIBAAAA"));
        assert_eq!(
            metadata.sso_location.as_deref(),
            Some("https://sso.jumpcloud.com/saml2/knowbe4")
        );
    }

    #[test]
    fn hostile_or_wrong_documents_are_refused() {
        assert!(parse_metadata("<html>").is_err());
        assert!(
            parse_metadata("<a/>")
                .unwrap_err()
                .contains("EntityDescriptor")
        );
        let dtd = "<!DOCTYPE x [<!ENTITY a 'b'>]><x/>";
        assert!(parse_metadata(dtd).is_err());
    }
}
