//! Fetches one page of `GET {tenant}/Users?startIndex=&count=` from a SCIM tenant.
//!
//! Kept apart from the paging loop so the loop's stop rules read on their own. The HTTP
//! client itself is set up by [`http_client`], as for the connection checks, so both reach
//! the tenant through the same proxy and trust the same certificates.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::{Client, Response, StatusCode};

use crate::scim::ClientSettings;
use crate::scim::client::http_client;
use crate::scim::retry::RetryPolicy;
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;
use url::Url;

use super::scim_rows::{Lenient, UsersPage};
use super::tenant_user::TenantUserRef;

/// Why the tenant's users could not be read. Messages never contain the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    #[error("cannot build the users URL from {url}: {detail}")]
    UsersUrl { url: String, detail: String },
    #[error("cannot prepare the HTTP client: {0}")]
    Client(String),
    /// The proxy or extra CA setting cannot be used; the message says which and why.
    #[error("{0}")]
    Setup(String),
    #[error(
        "could not reach {url}: {detail}. Check the Tenant URL, the network and any proxy settings."
    )]
    Network { url: String, detail: String },
    #[error(
        "the tenant refused the token (HTTP 401): it is wrong, or it was regenerated since it was \
         stored. The SCIM token is not the KnowBe4 Reporting API key. {}",
        crate::scim::hints::TOKEN_RENEWAL
    )]
    Unauthorized,
    #[error(
        "the tenant refused to list users (HTTP 403). What a 403 means at KnowBe4 is not \
         documented: check that User Provisioning is enabled and set to SCIM (not ADI), and that \
         the token was generated for this account."
    )]
    Forbidden,
    #[error(
        "{url} was not found (HTTP 404). Copy the SCIM Tenant URL from KnowBe4 again; it must not end with '/'."
    )]
    NotFound { url: String },
    #[error("the tenant answered HTTP {status} for {url}: {snippet}")]
    Status {
        status: u16,
        url: String,
        snippet: String,
    },
    #[error("page at startIndex {start_index} is not a SCIM ListResponse: {detail}")]
    BadResponse { start_index: u64, detail: String },
    #[error(
        "{url} sent a page larger than {limit_mib} MiB; it does not look like a SCIM user list"
    )]
    PageTooLarge { url: String, limit_mib: usize },
    #[error("cancelled")]
    Cancelled,
    /// The users to compare could not be chosen (members file or export column); nothing
    /// was asked of the tenant.
    #[error("{0}")]
    Scope(String),
}

/// One page as received: the users with a usable id, borrowing from the page's body, and
/// what the server claims.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage<'a> {
    pub users: Vec<TenantUserRef<'a>>,
    /// Rows without a usable id (not in `users`).
    pub rows_without_id: usize,
    pub total_results: Option<u64>,
}

/// A client for one tenant's `/Users` list. Requests run on a small runtime of its own,
/// on the thread that calls [`ListClient::fetch_body`]: no hand-off to another thread per
/// request, and Cancel can interrupt a request that hangs.
#[derive(Debug, Clone)]
pub struct ListClient {
    client: Client,
    users_url: Url,
    runtime: Arc<tokio::runtime::Runtime>,
    /// The largest page body read (`ClientSettings::body_cap`).
    body_cap: usize,
}

/// `{tenant}/Users`. The tenant's rules (https, plain http on loopback only, no trailing
/// slash...) were checked when the [`TenantUrl`] was made.
pub fn users_url(tenant: &TenantUrl) -> Result<Url, PagingError> {
    tenant.join("Users").map_err(|e| PagingError::UsersUrl {
        url: tenant.to_string(),
        detail: e.to_string(),
    })
}

impl ListClient {
    /// A client set up as the connection checks' one ([`http_client`]): timeout, proxy,
    /// extra CA, User-Agent and same-origin redirects, for the users of `tenant`.
    pub fn new(tenant: &TenantUrl, settings: &ClientSettings) -> Result<Self, PagingError> {
        let users_url = users_url(tenant)?;
        let client = http_client(settings).map_err(|e| PagingError::Setup(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PagingError::Client(e.to_string()))?;
        Ok(Self {
            client,
            users_url,
            runtime: Arc::new(runtime),
            body_cap: settings.body_cap,
        })
    }

    /// The raw body of the page starting at `start_index`, after retries on 429 and 5xx
    /// gateways. HTTP errors become [`PagingError`]s here; the body is not parsed.
    /// Blocking; a set `cancel` ends it within a tenth of a second, even mid-request.
    pub fn fetch_body(
        &self,
        token: &ScimToken,
        start_index: u64,
        count: u32,
        cancel: &AtomicBool,
    ) -> Result<Vec<u8>, PagingError> {
        let mut body = Vec::new();
        self.fetch_body_into(token, start_index, count, cancel, &mut body)?;
        Ok(body)
    }

    /// [`ListClient::fetch_body`] into a buffer the caller reuses from page to page.
    pub fn fetch_body_into(
        &self,
        token: &ScimToken,
        start_index: u64,
        count: u32,
        cancel: &AtomicBool,
        body: &mut Vec<u8>,
    ) -> Result<(), PagingError> {
        body.clear();
        let mut url = self.users_url.clone();
        url.query_pairs_mut()
            .append_pair("startIndex", &start_index.to_string())
            .append_pair("count", &count.to_string());
        self.runtime
            .block_on(until_cancelled(cancel, self.fetch(token, url, body)))?
    }

    /// One page, retrying throttled and gateway answers as the server asks.
    async fn fetch(
        &self,
        token: &ScimToken,
        url: Url,
        body: &mut Vec<u8>,
    ) -> Result<(), PagingError> {
        let mut attempt = 0;
        loop {
            let response = self
                .client
                .get(url.clone())
                .bearer_auth(token.expose_for_http())
                .header(
                    reqwest::header::ACCEPT,
                    "application/scim+json, application/json",
                )
                .send()
                .await
                .map_err(|e| self.network(&e))?;
            attempt += 1;
            let asked = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|value| value.to_str().ok());
            let status = response.status().as_u16();
            if let Some(wait) = RetryPolicy::PAGING.wait_before(attempt, status, asked) {
                tokio::time::sleep(wait).await;
                continue;
            }
            return self.read_body(response, body, token).await;
        }
    }

    fn network(&self, error: &reqwest::Error) -> PagingError {
        PagingError::Network {
            url: self.users_url.to_string(),
            detail: without_url(error),
        }
    }

    async fn read_body(
        &self,
        mut response: Response,
        body: &mut Vec<u8>,
        token: &ScimToken,
    ) -> Result<(), PagingError> {
        let url = self.users_url.to_string();
        match response.status() {
            StatusCode::UNAUTHORIZED => return Err(PagingError::Unauthorized),
            StatusCode::FORBIDDEN => return Err(PagingError::Forbidden),
            StatusCode::NOT_FOUND => return Err(PagingError::NotFound { url }),
            status if !status.is_success() => {
                // Only the start of an error page is shown: read no more of it than that.
                let mut start = Vec::new();
                while start.len() < 4096 {
                    match response.chunk().await {
                        Ok(Some(chunk)) => start.extend_from_slice(&chunk),
                        _ => break,
                    }
                }
                let body = String::from_utf8_lossy(&start);
                // A server may echo the token: it never reaches the message.
                let body = crate::scim::redact::Redactor::for_token(token).redact(&body);
                return Err(PagingError::Status {
                    status: status.as_u16(),
                    url,
                    snippet: body.chars().take(200).collect(),
                });
            }
            _ => {}
        }
        let expected = response.content_length().unwrap_or(0);
        body.reserve(usize::try_from(expected).unwrap_or(0).min(self.body_cap));
        while let Some(chunk) = response.chunk().await.map_err(|e| self.network(&e))? {
            if body.len() + chunk.len() > self.body_cap {
                return Err(PagingError::PageTooLarge {
                    url,
                    limit_mib: self.body_cap >> 20,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(())
    }
}

/// How often a running request looks at the cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(100);

/// Runs `work` until it ends or `cancel` is set, whichever comes first.
async fn until_cancelled<T>(
    cancel: &AtomicBool,
    work: impl Future<Output = T>,
) -> Result<T, PagingError> {
    let mut work = std::pin::pin!(work);
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(PagingError::Cancelled);
        }
        tokio::select! {
            output = &mut work => return Ok(output),
            () = tokio::time::sleep(CANCEL_POLL) => {}
        }
    }
}

fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(error);
    let mut detail = String::new();
    while let Some(cause) = source {
        detail = cause.to_string();
        source = cause.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}

/// Parses a ListResponse body. `totalResults` given as a string of digits is accepted.
pub fn parse_page(body: &[u8], start_index: u64) -> Result<ListPage<'_>, PagingError> {
    let bad = |detail: String| PagingError::BadResponse {
        start_index,
        detail,
    };
    // One check of the whole body is cheaper than serde_json checking string by string.
    let text = std::str::from_utf8(body).map_err(|e| bad(format!("not UTF-8 text ({e})")))?;
    let list: UsersPage = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    Ok(ListPage {
        users: list.resources.users,
        rows_without_id: list.resources.without_id,
        total_results: list.total_results.as_ref().and_then(Lenient::whole_number),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(url: &str) -> Result<String, String> {
        let tenant = TenantUrl::parse(url).map_err(|refusal| refusal.problems_text())?;
        users_url(&tenant)
            .map(|u| u.to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn users_url_is_under_the_tenant() {
        assert_eq!(
            users("https://eu.knowbe4.com/scim/v2/abc"),
            Ok("https://eu.knowbe4.com/scim/v2/abc/Users".to_owned())
        );
    }

    #[test]
    fn a_url_the_checks_refuse_is_refused_with_the_same_words() {
        for bad in [
            "https://eu.knowbe4.com/scim/v2/abc/",
            "http://eu.knowbe4.com/scim",
            "not a url",
            "ftp://x.example",
            "https://eu.knowbe4.com/scim?x=1",
        ] {
            let checks = TenantUrl::parse(bad).unwrap_err().problems_text();
            assert!(!checks.is_empty(), "{bad}");
            assert_eq!(users(bad), Err(checks), "{bad}");
        }
    }

    #[test]
    fn a_trailing_slash_is_refused_not_dropped() {
        let refused = users("https://eu.knowbe4.com/scim/v2/abc/").unwrap_err();
        assert!(refused.contains("slash"), "{refused}");
    }

    #[test]
    fn plain_http_is_accepted_on_every_loopback_host_the_checks_accept() {
        for url in [
            "http://127.0.0.1:8080/scim",
            "http://127.0.0.2:8080/scim",
            "http://LOCALHOST:8080/scim",
            "http://[::1]:8080/scim",
        ] {
            assert!(TenantUrl::parse(url).is_ok(), "{url}");
            let expected = format!("{}/Users", url.to_ascii_lowercase());
            assert_eq!(users(url), Ok(expected), "{url}");
        }
    }

    #[test]
    fn parses_lenient_list_response() {
        let body =
            br#"{"totalResults":"3","Resources":[{"id":"1","userName":"a"},{"userName":"no-id"}]}"#;
        let page = parse_page(body, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.total_results, Some(3));
        assert_eq!(page.users.len(), 1);
        assert_eq!(page.rows_without_id, 1);
        let empty = parse_page(br#"{"totalResults":0}"#, 1).unwrap_or_else(|e| panic!("{e}"));
        assert!(empty.users.is_empty());
        let null_list = parse_page(br#"{"totalResults":0,"Resources":null}"#, 1);
        assert_eq!(null_list.map(|p| p.users.len()), Ok(0));
        assert!(matches!(
            parse_page(b"{\"Resources\":[{\"id\":\"\xff\"}]}", 3),
            Err(PagingError::BadResponse { start_index: 3, .. })
        ));
        assert!(matches!(
            parse_page(b"<html>", 5),
            Err(PagingError::BadResponse { start_index: 5, .. })
        ));
    }
}
