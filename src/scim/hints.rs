//! What each kind of answer means for the operator, and what to do about it: the hint table of
//! the checks. Every HTTP check goes through here, so the same failure reads the same everywhere.

use url::Url;

use super::client::{HttpExchange, RequestError};
use super::redirects::{MAX_REDIRECTS, RedirectStop};
use super::scim_json::Body;
use crate::region::Region;
use crate::verdict::Verdict;

/// A check's status, one-line summary and hint, before timing and request details are added.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerVerdict {
    pub status: Verdict,
    pub summary: String,
    pub hint: Option<String>,
}

impl AnswerVerdict {
    pub fn pass(summary: impl Into<String>) -> Self {
        Self {
            status: Verdict::Pass,
            summary: summary.into(),
            hint: None,
        }
    }
    pub fn warn(summary: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            status: Verdict::Warn,
            summary: summary.into(),
            hint: Some(hint.into()),
        }
    }
    pub fn fail(summary: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            status: Verdict::Fail,
            summary: summary.into(),
            hint: Some(hint.into()),
        }
    }
}

/// How the token is renewed, in the article's order, quoted in every 401 hint.
pub const TOKEN_RENEWAL: &str = "To renew it, in this order: deactivate Identity Management \
    in JumpCloud; renew the token in KnowBe4 (Account Settings > User Management > User \
    Provisioning > Regenerate SCIM Token) and store it here; paste it into JumpCloud's Token Key; \
    reactivate Identity Management.";

/// Where JumpCloud records provisioning errors, for hints that would otherwise end at
/// "JumpCloud shows an error".
pub const DIRECTORY_INSIGHTS: &str = "JumpCloud records provisioning errors in Directory \
    Insights: look for user_create_provision, user_update_provision, user_deprovision, \
    user_delete_provision, user_lookup_provision and group_*_provision events.";

/// What the lifecycle checks do to the tenant, shown before they run (window and command line).
/// What KnowBe4's API does while Test Mode is on is not documented, so nothing is promised.
pub fn lifecycle_warning(groups: bool) -> String {
    let what = if groups {
        "a real test user and a real test group"
    } else {
        "a real test user"
    };
    format!(
        "The lifecycle checks create {what} in your KnowBe4 tenant, change them, then delete \
         them. What KnowBe4's API does while Test Mode is on is not documented: treat them as \
         real changes. The cleanup line of the results says what was left behind."
    )
}

/// The verdict for an answer that is not a 2xx, or `None` for a 2xx.
pub fn status_verdict(exchange: &HttpExchange, base: &Url) -> Option<AnswerVerdict> {
    let status = exchange.status;
    let verdict = match status {
        200..=299 => return None,
        300..=399 => redirect_verdict(exchange),
        401 => AnswerVerdict::fail(
            "the token was refused (401 Unauthorized)",
            format!(
                "The token is wrong, or it was regenerated since it was copied (regenerating \
                 breaks the link until the IdP has the new one). The SCIM token is not the \
                 KnowBe4 Reporting API key. {TOKEN_RENEWAL}"
            ),
        ),
        403 => AnswerVerdict::fail(
            "the token was accepted but not allowed (403 Forbidden)",
            "What a 403 means at KnowBe4 is not documented. In KnowBe4, check that User \
             Provisioning is enabled and set to SCIM (not ADI), and that the token was generated \
             for this same account.",
        ),
        404 => AnswerVerdict::fail(
            "the address was not found (404 Not Found)",
            not_found_hint(base),
        ),
        429 => AnswerVerdict::fail(
            format!(
                "rate limited (429 Too Many Requests){}",
                retry_after_text(exchange)
            ),
            "The server asks for fewer requests. Wait the time it gives and run the checks again.",
        ),
        500..=599 => AnswerVerdict::fail(
            format!("the server reported an error (HTTP {status})"),
            "The server reported a problem on its side. Try again later; if it persists, \
             contact KnowBe4 support with the time of this check.",
        ),
        _ => AnswerVerdict::fail(
            format!("unexpected answer (HTTP {status})"),
            "The server did not answer as a SCIM service does. Check the Tenant URL.",
        ),
    };
    Some(verdict)
}

fn retry_after_text(exchange: &HttpExchange) -> String {
    // Only a number of seconds is repeated: the header is the server's text, not ours.
    retry_after_secs(exchange)
        .map(|secs| format!("; it asks to wait {secs} s"))
        .unwrap_or_default()
}

/// The wait a 429 asks for, when it gives one in seconds.
pub fn retry_after_secs(exchange: &HttpExchange) -> Option<u64> {
    super::retry::retry_after_secs(exchange.retry_after.as_deref()?)
}

/// What a redirect answer that was not followed means. Where it pointed is shown without
/// its query string or credentials, which may carry a token.
fn redirect_verdict(exchange: &HttpExchange) -> AnswerVerdict {
    let status = exchange.status;
    let after = match exchange.redirects.followed.len() {
        0 => String::new(),
        1 => " after 1 redirect that was followed".to_owned(),
        n => format!(" after {n} redirects that were followed"),
    };
    const LOGIN_PAGE: &str = "If the target is a login page, the URL may point to the KnowBe4 \
        console rather than the SCIM endpoint: copy the Tenant URL again from KnowBe4's User \
        Provisioning page.";
    let not_followed = |to: &str, why: &str| {
        AnswerVerdict::fail(
            format!("redirected ({status}) to {to}{after}; not followed"),
            format!(
                "The redirect was not followed because {why}: the token was not sent there. \
                 {LOGIN_PAGE}"
            ),
        )
    };
    match &exchange.redirects.stop {
        Some(RedirectStop::Loop { to }) => AnswerVerdict::fail(
            format!("redirect loop: {status} to {to}, an address already visited{after}"),
            format!(
                "The server sends the request round in a circle and never answers. {LOGIN_PAGE}"
            ),
        ),
        Some(RedirectStop::TooMany { to }) => AnswerVerdict::fail(
            format!(
                "more than {MAX_REDIRECTS} redirects in a row; the last ({status}) pointed to {to}"
            ),
            format!("The server redirects again and again without answering. {LOGIN_PAGE}"),
        ),
        Some(RedirectStop::Downgrade { to }) => not_followed(
            to,
            "it leaves https for plain http, which would expose the token",
        ),
        Some(RedirectStop::OtherOrigin { to }) => not_followed(
            to,
            "it points to another host (or port or scheme) than the Tenant URL",
        ),
        Some(RedirectStop::ChangesRequest { to }) => not_followed(
            to,
            "a redirect that turns a change (POST, PUT, PATCH, DELETE) into another request is \
             never repeated",
        ),
        Some(RedirectStop::BadLocation) => AnswerVerdict::fail(
            format!("redirected ({status}) to an address that is not a valid URL{after}"),
            "The server redirects instead of answering; check the Tenant URL.",
        ),
        Some(RedirectStop::NoLocation) | None => AnswerVerdict::fail(
            format!("redirected ({status}) without a target{after}"),
            "The server redirects instead of answering; check the Tenant URL.",
        ),
    }
}

/// The 404 hint: the shape problems of the URL, never a guess at its format (which is not
/// documented: public code shows two shapes of host, so neither is "the" format).
pub fn not_found_hint(base: &Url) -> String {
    let mut hint = String::from("The base URL is probably wrong. ");
    let host = base.host_str().unwrap_or_default();
    let path = base.path().trim_end_matches('/');
    if path.is_empty() {
        hint.push_str(
            "The URL has no path after the host: check that you copied the whole Tenant URL. ",
        );
    }
    for suffix in [
        "/Users",
        "/Groups",
        "/ServiceProviderConfig",
        "/Schemas",
        "/ResourceTypes",
    ] {
        if path
            .to_ascii_lowercase()
            .ends_with(&suffix.to_ascii_lowercase())
        {
            hint.push_str(&format!(
                "Remove '{suffix}' from the end: SCIM clients add it to the base URL themselves. "
            ));
        }
    }
    if !Region::is_knowbe4_host(host) && !crate::tenant_url::is_loopback(base) {
        hint.push_str(&format!(
            "The host '{host}' is not a knowbe4.com host; check that you copied the Tenant URL \
             from KnowBe4. "
        ));
    }
    hint.push_str(
        "Copy the Tenant URL again from KnowBe4's User Provisioning page, exactly, without a \
         trailing slash.",
    );
    hint
}

/// The verdict for a 2xx body that is not the SCIM JSON expected.
pub fn body_verdict(body: &Body) -> AnswerVerdict {
    match body {
        Body::Html => AnswerVerdict::fail(
            "an HTML page answered instead of SCIM",
            "A login page or a proxy answered, not the SCIM service. If it is KnowBe4's sign-in \
             page, the URL may point to the console: copy the Tenant URL exactly. If it is a \
             proxy's page, ask IT to allow this address.",
        ),
        Body::Malformed(error) => AnswerVerdict::fail(
            format!("the answer is broken JSON ({error})"),
            "The answer says it is JSON but cannot be read. A proxy may have cut or altered it; \
             run again, and if it persists contact KnowBe4 support.",
        ),
        Body::Empty | Body::Text => AnswerVerdict::fail(
            "the answer is not JSON",
            "The server is not speaking SCIM at this address. Check the Tenant URL.",
        ),
        Body::Json(_) => AnswerVerdict::fail(
            "the answer is JSON but not a SCIM ListResponse (no numeric totalResults)",
            "The server is not speaking SCIM: the URL may point to another API, such as KnowBe4's \
             Reporting API (whose key is not the SCIM token either). Copy the Tenant URL from \
             KnowBe4's User Provisioning page.",
        ),
    }
}

/// The verdict for a request that got no HTTP answer.
pub fn request_error_verdict(error: &RequestError) -> AnswerVerdict {
    let hint = match error {
        RequestError::Timeout(_) => "The server (or a proxy in between) accepted the request but \
            did not answer. Check the proxy setting and the network; a longer timeout helps only \
            on a very slow link."
            .to_owned(),
        RequestError::Refused(_) => "Nothing accepts connections at this address and port: \
            check the host and port of the Tenant URL."
            .to_owned(),
        RequestError::Reset(_) => "The connection was cut before an answer. A firewall or proxy \
            may be blocking it; ask IT whether this address must be allowed."
            .to_owned(),
        RequestError::Tls(message) if message.contains("does not trust") => {
            "The certificate comes from an authority this computer does not trust, typically a \
             corporate proxy that inspects TLS. Add the proxy's root certificate (PEM) with the \
             extra CA certificate option (--ca-file)."
                .to_owned()
        }
        RequestError::Tls(_) => {
            "See the TLS handshake check for what is wrong with the certificate and what to do."
                .to_owned()
        }
        RequestError::BodyTooLarge(_) => "An answer this large to these requests may mean that \
            another service (or a proxy) answers at this address."
            .to_owned(),
        RequestError::Connect(_) | RequestError::Other(_) => "Check the network, the proxy \
            setting and the Tenant URL."
            .to_owned(),
    };
    AnswerVerdict::fail(error.to_string(), hint)
}

/// True when a request error means the host cannot be talked to at all, so the checks that
/// follow would only repeat it (and each wait a full timeout).
pub fn breaks_transport(error: &RequestError) -> bool {
    !matches!(
        error,
        RequestError::BodyTooLarge(_) | RequestError::Other(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(status: u16) -> HttpExchange {
        HttpExchange {
            status,
            content_type: None,
            location: None,
            retry_after: Some("7".into()),
            body: vec![],
            redirects: Default::default(),
        }
    }

    #[test]
    fn each_status_has_its_own_hint() {
        let base = Url::parse("https://eu.knowbe4.com/scim/v2/abc").unwrap();
        assert!(status_verdict(&exchange(200), &base).is_none());
        let hint = |s| status_verdict(&exchange(s), &base).unwrap().hint.unwrap();
        let unauthorized = hint(401);
        assert!(unauthorized.contains("Regenerate SCIM Token"));
        assert!(unauthorized.contains("not the KnowBe4 Reporting API key"));
        let deactivate = unauthorized.find("deactivate Identity Management");
        let renew = unauthorized.find("renew the token in KnowBe4");
        let paste = unauthorized.find("paste it into JumpCloud");
        let reactivate = unauthorized.find("reactivate Identity Management");
        assert!(
            deactivate < renew && renew < paste && paste < reactivate && deactivate.is_some(),
            "{unauthorized}"
        );
        assert!(hint(403).contains("SCIM (not ADI)"));
        assert!(hint(404).contains("Tenant URL again"));
        assert!(
            status_verdict(&exchange(429), &base)
                .unwrap()
                .summary
                .contains("wait 7 s")
        );
        assert!(hint(503).contains("problem on its side"));
        assert!(!hint(429).contains("JumpCloud"));
        assert_eq!(retry_after_secs(&exchange(429)), Some(7));
    }

    #[test]
    fn not_found_hint_names_the_likely_mistake() {
        let hint =
            not_found_hint(&Url::parse("https://knowbe4.example.com/scim/v2/Users").unwrap());
        assert!(hint.contains("Remove '/Users'"), "{hint}");
        assert!(hint.contains("not a knowbe4.com host"), "{hint}");
        let hint = not_found_hint(&Url::parse("https://eu.knowbe4.com").unwrap());
        assert!(hint.contains("no path"), "{hint}");
        assert!(!hint.contains("knowbe4.com host"), "{hint}");
        let api = not_found_hint(&Url::parse("https://eu.api.knowbe4.com/scim/v2").unwrap());
        assert!(!api.contains("knowbe4.com host"), "{api}");
    }

    #[test]
    fn redirects_say_where_they_pointed_and_why_they_were_not_followed() {
        let base = Url::parse("https://eu.knowbe4.com/scim").unwrap();
        let mut ex = exchange(302);
        ex.redirects.stop = Some(RedirectStop::Downgrade {
            to: "http://evil.example/login?…".into(),
        });
        let verdict = status_verdict(&ex, &base).unwrap();
        assert!(verdict.summary.contains("http://evil.example/login?…"));
        assert!(verdict.summary.contains("not followed"));
        assert!(verdict.hint.unwrap().contains("plain http"));
        ex.redirects.stop = Some(RedirectStop::Loop {
            to: "https://eu.knowbe4.com/scim/Users".into(),
        });
        let verdict = status_verdict(&ex, &base).unwrap();
        assert!(verdict.summary.starts_with("redirect loop"), "{verdict:?}");
        assert!(!verdict.hint.unwrap().contains("plain http"));
    }
}
