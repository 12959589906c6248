//! Which redirects the checks follow, and a record of what happened to each, so a result can
//! say "301 to …, followed" or "a redirect loop" instead of guessing.
//!
//! A redirect is followed only within the origin (scheme, host and port) of the first request,
//! never from https to http, never to an address already visited, at most [`MAX_REDIRECTS`]
//! times, and for a write request only when the server asks to repeat it unchanged (307/308).
//! Anything else stops at the 3xx answer, so the token never leaves the tenant's origin.

use reqwest::Method;
use url::Url;

use super::redact::shown_url;

/// How many redirects are followed before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// One redirect that was followed: its status and where it pointed (shown form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub status: u16,
    pub to: String,
}

/// Why a redirect answer was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectStop {
    /// The 3xx answer has no `Location` header.
    NoLocation,
    /// The `Location` is not a URL.
    BadLocation,
    /// It points to an address this request already visited.
    Loop { to: String },
    /// More than [`MAX_REDIRECTS`] in a row.
    TooMany { to: String },
    /// From https to plain http: the token would cross the network in clear.
    Downgrade { to: String },
    /// To another scheme, host or port.
    OtherOrigin { to: String },
    /// A write request (POST, PUT, PATCH, DELETE) redirected with a status that changes it.
    ChangesRequest { to: String },
}

/// The redirects on the way to an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectTrail {
    pub followed: Vec<Hop>,
    /// Set when the answer is a redirect that was not followed.
    pub stop: Option<RedirectStop>,
}

impl RedirectTrail {
    /// A short note for a result that got its answer after redirects, e.g.
    /// `after following 1 redirect, the last 301 to https://host/path`; `None` without any.
    pub fn followed_note(&self) -> Option<String> {
        let last = self.followed.last()?;
        let count = self.followed.len();
        let plural = if count == 1 { "" } else { "s" };
        Some(format!(
            "after following {count} redirect{plural}, the last {} to {}",
            last.status, last.to
        ))
    }
}

/// True for the statuses that redirect (304 Not Modified does not).
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Where to go next after a redirect answer to `current`, or why not. `visited` holds every
/// address requested so far, the first request first.
pub fn next_hop(
    visited: &[Url],
    current: &Url,
    status: u16,
    location: Option<&str>,
    method: &Method,
) -> Result<Url, RedirectStop> {
    let location = location.ok_or(RedirectStop::NoLocation)?;
    let target = current
        .join(location.trim())
        .map_err(|_| RedirectStop::BadLocation)?;
    let to = shown_url(&target);
    let first = visited.first().unwrap_or(current);
    if first.scheme() == "https" && target.scheme() == "http" {
        return Err(RedirectStop::Downgrade { to });
    }
    if target.origin() != first.origin() {
        return Err(RedirectStop::OtherOrigin { to });
    }
    let without_fragment = |url: &Url| {
        let mut url = url.clone();
        url.set_fragment(None);
        url
    };
    if visited
        .iter()
        .any(|seen| without_fragment(seen) == without_fragment(&target))
    {
        return Err(RedirectStop::Loop { to });
    }
    if visited.len() > MAX_REDIRECTS {
        return Err(RedirectStop::TooMany { to });
    }
    let read = *method == Method::GET || *method == Method::HEAD;
    if !read && !matches!(status, 307 | 308) {
        return Err(RedirectStop::ChangesRequest { to });
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn same_origin_reads_are_followed_and_everything_else_stops_with_its_reason() {
        let start = url("https://eu.knowbe4.com/scim/v2/Users");
        let visited = vec![start.clone()];
        let next = |loc: &str, method: &Method, status| {
            next_hop(&visited, &start, status, Some(loc), method)
        };
        assert_eq!(
            next("/scim/v2/Users2", &Method::GET, 301).unwrap().as_str(),
            "https://eu.knowbe4.com/scim/v2/Users2"
        );
        assert!(matches!(
            next("http://eu.knowbe4.com/x?t=1", &Method::GET, 302),
            Err(RedirectStop::Downgrade { to }) if to == "http://eu.knowbe4.com/x?…"
        ));
        assert!(matches!(
            next("https://other.example/x", &Method::GET, 302),
            Err(RedirectStop::OtherOrigin { .. })
        ));
        assert!(matches!(
            next("/scim/v2/Users#again", &Method::GET, 302),
            Err(RedirectStop::Loop { .. })
        ));
        assert!(matches!(
            next("/scim/v2/Other", &Method::POST, 302),
            Err(RedirectStop::ChangesRequest { .. })
        ));
        assert!(next("/scim/v2/Other", &Method::POST, 307).is_ok());
        assert_eq!(
            next_hop(&visited, &start, 302, None, &Method::GET),
            Err(RedirectStop::NoLocation)
        );
    }

    #[test]
    fn a_long_chain_stops_after_the_limit() {
        let visited: Vec<Url> = (0..=MAX_REDIRECTS)
            .map(|i| url(&format!("https://eu.knowbe4.com/{i}")))
            .collect();
        let current = visited.last().unwrap().clone();
        assert!(matches!(
            next_hop(&visited, &current, 302, Some("/next"), &Method::GET),
            Err(RedirectStop::TooMany { .. })
        ));
    }
}
