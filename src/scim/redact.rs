//! Keeping secrets out of what the checks show, save and log.
//!
//! Two defences. URLs that came from a server (a `Location` header) are shown without their
//! credentials, query string and fragment, where a login page may carry a token. And every
//! result passes a [`Redactor`] that replaces the token itself, wherever it appears, before
//! the result reaches the screen, the `--json` output, the saved settings or the report.

use url::Url;
use zeroize::Zeroizing;

use super::check_results::{CheckReport, CheckResult};
use crate::token::ScimToken;

/// What a redacted secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for: replacing every "abc" in a report would
/// mangle it, and no real bearer token is that short.
const MIN_SECRET_CHARS: usize = 8;

/// `url` as it may be shown: scheme, host, port and path, without user name, password, query
/// string or fragment. A removed query or fragment is marked with `?…` / `#…`.
pub fn shown_url(url: &Url) -> String {
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    clean.set_query(None);
    clean.set_fragment(None);
    let mut text = clean.to_string();
    if url.query().is_some() {
        text.push_str("?…");
    }
    if url.fragment().is_some() {
        text.push_str("#…");
    }
    text
}

/// A `Location` header (absolute or relative to `base`) as it may be shown, or a plain
/// description when it is not a URL at all (its text is then not repeated).
pub fn shown_location(location: &str, base: &Url) -> String {
    match base.join(location.trim()) {
        Ok(url) => shown_url(&url),
        Err(_) => "an address that is not a valid URL".to_owned(),
    }
}

/// Replaces known secrets in text: the last line of defence before anything is shown or saved.
#[derive(Default)]
pub struct Redactor {
    /// Each secret, and the forms it takes inside a URL.
    forms: Vec<Zeroizing<String>>,
}

impl Redactor {
    /// A redactor for the SCIM token.
    pub fn for_token(token: &ScimToken) -> Self {
        let mut redactor = Self::default();
        redactor.add(token.expose_for_http());
        redactor
    }

    fn add(&mut self, secret: &str) {
        if secret.chars().count() < MIN_SECRET_CHARS {
            return;
        }
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let percent = encoded.replace('+', "%20");
        for form in [secret.to_owned(), encoded, percent] {
            if !self.forms.iter().any(|f| **f == form) {
                self.forms.push(Zeroizing::new(form));
            }
        }
        // Longest first, so a form that contains another is replaced whole.
        self.forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    /// `text` with every form of every secret replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
        }
        out
    }

    fn redact_in_place(&self, text: &mut String) {
        if self.forms.iter().any(|f| text.contains(f.as_str())) {
            *text = self.redact(text);
        }
    }

    /// Redacts every text field of a result.
    pub fn result(&self, result: &mut CheckResult) {
        for field in [&mut result.name, &mut result.summary] {
            self.redact_in_place(field);
        }
        for text in [&mut result.request, &mut result.excerpt, &mut result.hint]
            .into_iter()
            .flatten()
        {
            self.redact_in_place(text);
        }
    }

    /// Redacts every text field of a report.
    pub fn check_report(&self, report: &mut CheckReport) {
        let mut tenant_url = report.tenant_url.text().to_owned();
        self.redact_in_place(&mut tenant_url);
        report.tenant_url.set(&tenant_url);
        report.results.iter_mut().for_each(|r| self.result(r));
        for leftover in &mut report.leftovers {
            self.redact_in_place(&mut leftover.name);
            if let Some(id) = &mut leftover.id {
                self.redact_in_place(id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::CheckId;
    use crate::verdict::Verdict;

    #[test]
    fn server_urls_lose_credentials_query_and_fragment() {
        let base = Url::parse("https://eu.knowbe4.com/scim/v2").unwrap();
        assert_eq!(
            shown_location(
                "http://user:pw@127.0.0.1:9/login?access_token=abc#frag",
                &base
            ),
            "http://127.0.0.1:9/login?…#…"
        );
        assert_eq!(
            shown_location("/scim/v2/Users", &base),
            "https://eu.knowbe4.com/scim/v2/Users"
        );
        assert_eq!(
            shown_location("http://[::1", &base),
            "an address that is not a valid URL"
        );
    }

    #[test]
    fn the_token_is_redacted_in_every_field_and_form() {
        let token = "s3cret/token+value=";
        let redactor = Redactor::for_token(&ScimToken::from_checked(token.to_owned()));
        let encoded: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
        let mut result = CheckResult::new(
            CheckId::UsersList,
            "X",
            Verdict::Fail,
            format!("got {token}"),
        )
        .with_hint(format!("see /login?t={encoded}"));
        result.excerpt = Some(format!("{token}{token}"));
        redactor.result(&mut result);
        let all = format!("{result:?}");
        assert!(!all.contains(token) && !all.contains(&encoded), "{all}");
        assert_eq!(result.summary, "got [redacted]");
        assert_eq!(result.excerpt.as_deref(), Some("[redacted][redacted]"));
    }

    #[test]
    fn short_secrets_are_not_searched_for() {
        let redactor = Redactor::for_token(&ScimToken::from_checked("tok".to_owned()));
        assert_eq!(redactor.redact("a token"), "a token");
    }
}
