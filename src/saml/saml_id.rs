//! The KnowBe4 SAML ID: what the operator pastes from KnowBe4's Account Settings > Account
//! Integrations > SAML (the article: Account Settings, SAML section).
//!
//! KnowBe4 only says it is "a mixed string of alpha-numeric characters"; its length is unknown,
//! so we check the characters and never the length. Operators often paste a whole KnowBe4 URL
//! (the ACS or sign-in URL) instead: we take the ID out of it and say that we did.

use std::fmt;

use serde::{Deserialize, Serialize};
use url::Url;

use super::KNOWBE4_SAML_SETTINGS;
use crate::region::Region;

/// The placeholder JumpCloud shows in its ACS URL and Default RelayState fields.
pub const SAML_ID_PLACEHOLDER: &str = "{SAML_ACCOUNT_ID}";

/// A SAML ID that has passed validation: ASCII letters and digits only, at least one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SamlId(String);

impl SamlId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SamlId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for SamlId {
    type Error = SamlIdError;

    // Saved settings go through the same check as typed input.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        check_charset(&value)?;
        Ok(SamlId(value))
    }
}

impl From<SamlId> for String {
    fn from(id: SamlId) -> String {
        id.0
    }
}

/// The result of reading the operator's input: the ID, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlIdInput {
    pub id: SamlId,
    /// True when the operator pasted a KnowBe4 URL and the ID was taken out of it.
    pub extracted_from_url: bool,
    /// The region of the pasted URL's host, when it is a known KnowBe4 console host.
    pub url_region: Option<Region>,
}

impl SamlIdInput {
    /// A sentence for the UI when the ID came out of a URL, `None` otherwise.
    pub fn extraction_note(&self) -> Option<String> {
        if !self.extracted_from_url {
            return None;
        }
        let region = match self.url_region {
            Some(region) => format!(" from the {} console", region.code().to_uppercase()),
            None => String::new(),
        };
        Some(format!(
            "You pasted a KnowBe4 URL{region}; the SAML ID {} was taken from it.",
            self.id
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SamlIdError {
    #[error("The SAML ID is empty. Copy it from KnowBe4: {KNOWBE4_SAML_SETTINGS} > SAML ID.")]
    Empty,
    #[error(
        "You pasted the placeholder {{SAML_ACCOUNT_ID}} itself. Replace it with the SAML ID from \
         KnowBe4 ({KNOWBE4_SAML_SETTINGS} > SAML ID)."
    )]
    Placeholder,
    #[error(
        "The SAML ID can contain only letters (A-Z, a-z) and digits (0-9), but character \
         {position} is {description}. Copy the SAML ID again from KnowBe4's \
         {KNOWBE4_SAML_SETTINGS}."
    )]
    InvalidCharacter {
        /// 1-based position in the (trimmed) ID.
        position: usize,
        character: char,
        description: String,
    },
    #[error(
        "This KnowBe4 URL does not contain a SAML ID (expected …/auth/saml/<SAML ID>/callback). \
         Paste the SAML ID from KnowBe4's {KNOWBE4_SAML_SETTINGS} instead."
    )]
    UrlWithoutId,
    #[error(
        "This is a JumpCloud URL, not the KnowBe4 SAML ID. Copy the SAML ID from KnowBe4's \
         {KNOWBE4_SAML_SETTINGS}."
    )]
    JumpCloudUrl,
    #[error(
        "This URL is on {host}, not a KnowBe4 host. Paste the SAML ID from KnowBe4's \
         {KNOWBE4_SAML_SETTINGS} (or a KnowBe4 ACS URL containing it)."
    )]
    NotKnowBe4Url { host: String },
}

/// Reads what the operator pasted: a bare SAML ID or a KnowBe4 URL containing one.
pub fn parse_saml_id(input: &str) -> Result<SamlIdInput, SamlIdError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SamlIdError::Empty);
    }
    // Checked before URL parsing: the url crate would percent-encode the braces.
    if trimmed.to_ascii_uppercase().contains("SAML_ACCOUNT_ID") {
        return Err(SamlIdError::Placeholder);
    }
    if looks_like_url(trimmed) {
        return parse_from_url(trimmed);
    }
    check_charset(trimmed)?;
    Ok(SamlIdInput {
        id: SamlId(trimmed.to_owned()),
        extracted_from_url: false,
        url_region: None,
    })
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("://") || lower.contains(".com/") || lower.ends_with(".com")
}

fn parse_from_url(text: &str) -> Result<SamlIdInput, SamlIdError> {
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = Url::parse(&with_scheme).map_err(|_| SamlIdError::UrlWithoutId)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host == "jumpcloud.com" || host.ends_with(".jumpcloud.com") {
        return Err(SamlIdError::JumpCloudUrl);
    }
    if !Region::is_knowbe4_host(&host) {
        return Err(SamlIdError::NotKnowBe4Url { host });
    }
    let id = id_from_path(&url).ok_or(SamlIdError::UrlWithoutId)?;
    check_charset(&id)?;
    Ok(SamlIdInput {
        id: SamlId(id),
        extracted_from_url: true,
        url_region: Region::from_host(&host),
    })
}

/// The path segment after `/auth/saml/`, as in `/auth/saml/{id}/callback` and `/auth/saml/{id}/`.
fn id_from_path(url: &Url) -> Option<String> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let position = segments.windows(2).position(|pair| {
        pair[0].eq_ignore_ascii_case("auth") && pair[1].eq_ignore_ascii_case("saml")
    })?;
    let id = segments.get(position + 2)?;
    (!id.is_empty()).then(|| (*id).to_owned())
}

fn check_charset(id: &str) -> Result<(), SamlIdError> {
    if id.is_empty() {
        return Err(SamlIdError::Empty);
    }
    match id
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        None => Ok(()),
        Some((index, character)) => Err(SamlIdError::InvalidCharacter {
            position: index + 1,
            character,
            description: describe_char(character),
        }),
    }
}

/// Names a character so that invisible ones (spaces, tabs, look-alikes) can be found.
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        '\u{a0}' => "a non-breaking space (U+00A0)".to_owned(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c if c.is_control() || c.is_whitespace() => {
            format!("an invisible character (U+{:04X})", u32::from(c))
        }
        c => format!("'{c}' (U+{:04X}, not a plain ASCII letter)", u32::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(input: &str) -> SamlIdInput {
        parse_saml_id(input).unwrap()
    }

    #[test]
    fn a_plain_id_is_trimmed_and_accepted() {
        let parsed = id("  aB3dE5fG7hJ \n");
        assert_eq!(parsed.id.as_str(), "aB3dE5fG7hJ");
        assert!(!parsed.extracted_from_url);
        assert_eq!(parsed.extraction_note(), None);
    }

    #[test]
    fn any_length_is_accepted() {
        assert_eq!(id("a").id.as_str(), "a");
        let long = "Z9".repeat(40);
        assert_eq!(id(&long).id.as_str(), long);
    }

    #[test]
    fn empty_and_whitespace_only_are_empty() {
        assert_eq!(parse_saml_id(""), Err(SamlIdError::Empty));
        assert_eq!(parse_saml_id(" \t\r\n"), Err(SamlIdError::Empty));
    }

    #[test]
    fn the_placeholder_is_named() {
        assert_eq!(
            parse_saml_id("{SAML_ACCOUNT_ID}"),
            Err(SamlIdError::Placeholder)
        );
        let url = "https://training.knowbe4.com/auth/saml/{SAML_ACCOUNT_ID}/callback";
        assert_eq!(parse_saml_id(url), Err(SamlIdError::Placeholder));
        let message = SamlIdError::Placeholder.to_string();
        assert!(message.contains("{SAML_ACCOUNT_ID}"), "{message}");
    }

    #[test]
    fn the_first_bad_character_and_its_position_are_reported() {
        let error = parse_saml_id("abc-def").unwrap_err();
        assert_eq!(
            error,
            SamlIdError::InvalidCharacter {
                position: 4,
                character: '-',
                description: "'-'".to_owned()
            }
        );
        assert!(error.to_string().contains("character 4 is '-'"), "{error}");
        let inner_space = parse_saml_id("abc def").unwrap_err().to_string();
        assert!(
            inner_space.contains("character 4 is a space"),
            "{inner_space}"
        );
        let cyrillic = parse_saml_id("abcа").unwrap_err().to_string();
        assert!(cyrillic.contains("U+0430"), "{cyrillic}");
    }

    #[test]
    fn the_id_is_taken_from_an_acs_url_of_any_region() {
        for region in Region::ALL {
            let url = format!("{}/auth/saml/Xy12Ab34Cd/callback", region.base_url());
            let parsed = id(&url);
            assert_eq!(parsed.id.as_str(), "Xy12Ab34Cd");
            assert!(parsed.extracted_from_url);
            assert_eq!(parsed.url_region, Some(region));
            let note = parsed.extraction_note().unwrap();
            assert!(note.contains("Xy12Ab34Cd"), "{note}");
        }
    }

    #[test]
    fn the_id_is_taken_from_a_sign_in_url_even_without_scheme() {
        let parsed = id("eu.knowbe4.com/auth/saml/Q1w2E3r4/");
        assert_eq!(parsed.id.as_str(), "Q1w2E3r4");
        assert_eq!(parsed.url_region, Some(Region::Eu));
        let unknown_host = id("https://other.knowbe4.com/auth/saml/Q1w2E3r4");
        assert_eq!(unknown_host.url_region, None);
        assert!(unknown_host.extracted_from_url);
    }

    #[test]
    fn urls_without_an_id_or_on_other_hosts_are_refused() {
        assert_eq!(
            parse_saml_id("https://training.knowbe4.com/ui/users/login"),
            Err(SamlIdError::UrlWithoutId)
        );
        assert_eq!(
            parse_saml_id("https://training.knowbe4.com/auth/saml/"),
            Err(SamlIdError::UrlWithoutId)
        );
        assert_eq!(
            parse_saml_id("https://sso.jumpcloud.com/saml2/knowbe4"),
            Err(SamlIdError::JumpCloudUrl)
        );
        assert_eq!(
            parse_saml_id("https://example.com/auth/saml/abc/callback"),
            Err(SamlIdError::NotKnowBe4Url {
                host: "example.com".to_owned()
            })
        );
    }

    #[test]
    fn a_bad_id_inside_a_url_is_reported_by_its_own_position() {
        let error = parse_saml_id("https://ca.knowbe4.com/auth/saml/ab_c/callback").unwrap_err();
        assert!(matches!(
            error,
            SamlIdError::InvalidCharacter {
                position: 3,
                character: '_',
                ..
            }
        ));
    }

    #[test]
    fn saml_id_round_trips_through_serde_and_rejects_bad_saved_values() {
        let parsed = id("Abc123");
        let json = serde_json::to_string(&parsed.id).unwrap();
        assert_eq!(json, "\"Abc123\"");
        let back: SamlId = serde_json::from_str(&json).unwrap();
        assert_eq!(back, parsed.id);
        assert!(serde_json::from_str::<SamlId>("\"a b\"").is_err());
    }
}
