//! Compares a Destination or Recipient URL with the expected ACS URL, and names the usual
//! mistakes: another region's host, a trailing slash, a placeholder left in, another SAML ID,
//! a URL that is not KnowBe4's Callback URL (the ACS must end in `/callback`).

use crate::region::Region;

/// Why `url` cannot be an ACS URL: the ACS is KnowBe4's Callback URL, which ends in
/// `/callback` (KnowBe4 KB 360013562393). `None` when it does end so.
pub fn not_a_callback(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    if path.to_ascii_lowercase().ends_with("/callback") {
        return None;
    }
    Some(format!(
        "{url} does not end in /callback: the ACS URL must be KnowBe4's Callback URL \
         (…/auth/saml/<SAML ID>/callback), not its sign-in URL."
    ))
}

/// Why `actual` differs from `expected`, in the operator's terms; `None` when they are equal.
pub fn explain_mismatch(actual: &str, expected: &str) -> Option<String> {
    if actual == expected {
        return None;
    }
    if actual.trim_end_matches('/') == expected.trim_end_matches('/') {
        let which = if actual.ends_with('/') {
            "has a trailing slash"
        } else {
            "lacks the trailing slash"
        };
        return Some(format!(
            "{actual} {which}, so it does not match the setup's ACS URL {expected}."
        ));
    }
    if let Some(problem) = not_a_callback(actual) {
        return Some(problem);
    }
    if actual.contains("SAML_ACCOUNT_ID") || actual.contains('{') {
        return Some(format!(
            "{actual} still contains the {{SAML_ACCOUNT_ID}} placeholder from JumpCloud's template."
        ));
    }
    let (Ok(actual_url), Ok(expected_url)) = (url::Url::parse(actual), url::Url::parse(expected))
    else {
        return Some(format!(
            "{actual} does not match the setup's ACS URL {expected}."
        ));
    };
    let actual_host = actual_url.host_str().unwrap_or("");
    let expected_host = expected_url.host_str().unwrap_or("");
    if !actual_host.eq_ignore_ascii_case(expected_host) {
        let region_of = |host: &str| Region::from_host(host).map(|r| r.display_name());
        return Some(match (region_of(actual_host), region_of(expected_host)) {
            (Some(actual_region), Some(expected_region)) => format!(
                "{actual} points at the {actual_region} region ({actual_host}), but the setup's \
                 ACS URL {expected} is in {expected_region} ({expected_host})."
            ),
            _ => format!(
                "{actual} points at host {actual_host}, not {expected_host} as the setup's ACS \
                 URL {expected} does."
            ),
        });
    }
    if actual_url.path().eq_ignore_ascii_case(expected_url.path()) {
        return Some(format!(
            "{actual} does not match the setup's ACS URL {expected}: they differ in letter case."
        ));
    }
    Some(format!(
        "{actual} has path {}, but the setup's ACS URL {expected} has {} (another SAML ID?).",
        actual_url.path(),
        expected_url.path()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPECTED: &str = "https://training.knowbe4.com/auth/saml/abc123/callback";

    #[test]
    fn equal_urls_have_no_mismatch() {
        assert_eq!(explain_mismatch(EXPECTED, EXPECTED), None);
    }

    #[test]
    fn trailing_slash_is_named() {
        let message = explain_mismatch(&format!("{EXPECTED}/"), EXPECTED).unwrap();
        assert!(message.contains("trailing slash"), "{message}");
    }

    #[test]
    fn an_acs_that_is_not_the_callback_is_named() {
        let sign_in = "https://training.knowbe4.com/auth/saml/abc123/";
        let message = explain_mismatch(sign_in, EXPECTED).unwrap();
        assert!(message.contains("does not end in /callback"), "{message}");
        assert_eq!(not_a_callback(EXPECTED), None);
        assert!(not_a_callback("https://training.knowbe4.com/auth/saml/abc123").is_some());
    }

    #[test]
    fn another_region_is_named() {
        let eu = "https://eu.knowbe4.com/auth/saml/abc123/callback";
        let message = explain_mismatch(eu, EXPECTED).unwrap();
        assert!(message.contains(Region::Eu.display_name()), "{message}");
        assert!(message.contains(Region::Us.display_name()), "{message}");
    }

    #[test]
    fn placeholder_and_other_saml_id_are_named() {
        let placeholder = "https://training.knowbe4.com/auth/saml/{SAML_ACCOUNT_ID}/callback";
        assert!(
            explain_mismatch(placeholder, EXPECTED)
                .unwrap()
                .contains("placeholder")
        );
        let other = "https://training.knowbe4.com/auth/saml/zzz999/callback";
        assert!(
            explain_mismatch(other, EXPECTED)
                .unwrap()
                .contains("another SAML ID")
        );
    }
}
