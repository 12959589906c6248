//! The Tenant URL field: what the operator typed, and what it gave, kept side by side.

use serde::{Deserialize, Serialize};

use super::{TenantUrl, TenantUrlRefusal};

/// The Tenant URL as typed, with the URL it parses to or the reason it does not. The text is
/// read once, when it changes, and everyone below the field uses [`TenantUrlInput::url`].
///
/// Saved as the plain text (a JSON string), so it loads parsed and a settings file written
/// before this type existed reads the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct TenantUrlInput {
    text: String,
    parsed: Result<TenantUrl, TenantUrlRefusal>,
}

impl TenantUrlInput {
    /// Reads `text` as a Tenant URL. This is where typed text becomes a URL.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let parsed = TenantUrl::parse(&text);
        Self { text, parsed }
    }

    /// Replaces the text; the URL follows. Does nothing when the text is the same.
    pub fn set(&mut self, text: &str) {
        if self.text != text {
            *self = Self::new(text);
        }
    }

    /// The text exactly as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Nothing typed (blank counts as nothing).
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The URL, when the text is a usable Tenant URL.
    pub fn url(&self) -> Option<&TenantUrl> {
        self.parsed.as_ref().ok()
    }

    /// Why the text is not a usable Tenant URL, when it is not.
    pub fn refusal(&self) -> Option<&TenantUrlRefusal> {
        self.parsed.as_ref().err()
    }

    /// The URL or the refusal.
    pub fn parsed(&self) -> Result<&TenantUrl, &TenantUrlRefusal> {
        self.parsed.as_ref()
    }
}

impl Default for TenantUrlInput {
    fn default() -> Self {
        Self::new(String::new())
    }
}

impl From<String> for TenantUrlInput {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&str> for TenantUrlInput {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<TenantUrl> for TenantUrlInput {
    fn from(url: TenantUrl) -> Self {
        Self {
            text: url.as_str().to_owned(),
            parsed: Ok(url),
        }
    }
}

impl From<TenantUrlInput> for String {
    fn from(input: TenantUrlInput) -> String {
        input.text
    }
}

impl PartialEq<str> for TenantUrlInput {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for TenantUrlInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<String> for TenantUrlInput {
    fn eq(&self, other: &String) -> bool {
        &self.text == other
    }
}

impl std::fmt::Display for TenantUrlInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tenant_url::TenantUrlProblem;

    const GOOD: &str = "https://training.knowbe4.com/scim/v2/abc123";

    #[test]
    fn typing_updates_the_parsed_url() {
        let mut input = TenantUrlInput::default();
        assert!(input.is_blank());
        assert_eq!(
            input.refusal().map(|r| r.problems.clone()),
            Some(vec![TenantUrlProblem::Empty])
        );
        input.set("https://training.knowbe4.com/scim/v2/abc12");
        assert_eq!(
            input.url().map(TenantUrl::as_str),
            Some("https://training.knowbe4.com/scim/v2/abc12")
        );
        input.set(GOOD);
        assert_eq!(input.url().map(TenantUrl::as_str), Some(GOOD));
        assert_eq!(input.text(), GOOD);
        input.set(&format!("{GOOD}/"));
        assert!(input.url().is_none());
        assert_eq!(
            input.refusal().unwrap().problems,
            vec![TenantUrlProblem::TrailingSlash]
        );
    }

    #[test]
    fn an_old_settings_string_loads_parsed_and_saves_unchanged() {
        let json = format!("\"{GOOD}\"");
        let input: TenantUrlInput = serde_json::from_str(&json).unwrap();
        assert_eq!(input.text(), GOOD);
        assert_eq!(input.url().map(TenantUrl::as_str), Some(GOOD));
        assert_eq!(serde_json::to_string(&input).unwrap(), json);

        let blank: TenantUrlInput = serde_json::from_str("\"\"").unwrap();
        assert_eq!(blank, TenantUrlInput::default());
        assert_eq!(serde_json::to_string(&blank).unwrap(), "\"\"");
    }

    #[test]
    fn an_invalid_text_keeps_the_text_and_the_refusal() {
        let typed = " http://eu.knowbe4.com/scim?x=1";
        let input: TenantUrlInput = serde_json::from_str(&format!("\"{typed}\"")).unwrap();
        assert_eq!(input.text(), typed);
        assert!(input.url().is_none());
        let refusal = input.refusal().unwrap();
        assert_eq!(refusal, &TenantUrl::parse(typed).unwrap_err());
        assert_eq!(
            refusal.fixed.as_deref(),
            Some("https://eu.knowbe4.com/scim")
        );
        assert_eq!(
            serde_json::to_string(&input).unwrap(),
            format!("\"{typed}\"")
        );
    }
}
