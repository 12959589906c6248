//! Fetches one page of `GET {tenant}/Users?startIndex=&count=` from a SCIM tenant.
//!
//! Kept apart from the paging loop so the loop's stop rules read on their own. The shared
//! SCIM client of the connection checks may later replace this file.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

use super::scim_rows::{ListResponse, ScimRow};
use super::tenant_user::TenantUser;

/// Why the tenant's users could not be read. Messages never contain the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    #[error("'{0}' is not a valid URL: copy the SCIM Tenant URL from KnowBe4 again")]
    InvalidUrl(String),
    #[error(
        "'{0}' must start with https:// (plain http is only accepted for 127.0.0.1 or localhost tests)"
    )]
    NotHttps(String),
    #[error("cannot prepare the HTTP client: {0}")]
    Client(String),
    #[error(
        "could not reach {url}: {detail}. Check the Tenant URL, the network and any proxy settings."
    )]
    Network { url: String, detail: String },
    #[error(
        "the tenant refused the token (HTTP 401). If the SCIM token was regenerated in KnowBe4, use the new token."
    )]
    Unauthorized,
    #[error(
        "the token may not list users (HTTP 403). Generate a SCIM token in KnowBe4 with an admin account."
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
    #[error("cancelled")]
    Cancelled,
}

/// One page as received: the users with a usable id, and what the server claims.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub users: Vec<TenantUser>,
    /// Rows without a usable id (not in `users`).
    pub rows_without_id: usize,
    pub total_results: Option<u64>,
}

/// A client for one tenant's `/Users` list.
#[derive(Debug, Clone)]
pub struct ListClient {
    client: Client,
    users_url: Url,
}

/// How often a 429 / 502 / 503 / 504 answer is retried before giving up.
const MAX_RETRIES: u32 = 3;
/// The longest `Retry-After` honoured; a server asking for more gets an error instead.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// `http` is only accepted for loopback hosts, so a token never crosses a network in clear.
pub fn users_url(tenant_url: &str) -> Result<Url, PagingError> {
    let trimmed = tenant_url.trim().trim_end_matches('/');
    let base =
        Url::parse(trimmed).map_err(|_| PagingError::InvalidUrl(tenant_url.trim().to_owned()))?;
    let loopback = matches!(base.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match base.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => return Err(PagingError::NotHttps(trimmed.to_owned())),
        _ => return Err(PagingError::InvalidUrl(trimmed.to_owned())),
    }
    if base.query().is_some() || base.fragment().is_some() || base.host_str().is_none() {
        return Err(PagingError::InvalidUrl(trimmed.to_owned()));
    }
    Url::parse(&format!("{trimmed}/Users")).map_err(|_| PagingError::InvalidUrl(trimmed.to_owned()))
}

impl ListClient {
    /// A client with `timeout` per request and this app's User-Agent. Proxy settings from
    /// the environment are honoured (reqwest's default).
    pub fn new(tenant_url: &str, timeout: Duration) -> Result<Self, PagingError> {
        let users_url = users_url(tenant_url)?;
        let client = Client::builder()
            .timeout(timeout)
            .user_agent(crate::build_info::user_agent())
            .build()
            .map_err(|e| PagingError::Client(e.to_string()))?;
        Ok(Self { client, users_url })
    }

    /// Fetches the page starting at `start_index` (1-based) asking for `count` rows.
    pub fn fetch(
        &self,
        token: &SecretString,
        start_index: u64,
        count: u32,
        cancel: &AtomicBool,
    ) -> Result<ListPage, PagingError> {
        let mut url = self.users_url.clone();
        url.query_pairs_mut()
            .append_pair("startIndex", &start_index.to_string())
            .append_pair("count", &count.to_string());
        let mut attempt = 0;
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(PagingError::Cancelled);
            }
            let response = self
                .client
                .get(url.clone())
                .bearer_auth(token.expose_secret())
                .header(
                    reqwest::header::ACCEPT,
                    "application/scim+json, application/json",
                )
                .send()
                .map_err(|e| PagingError::Network {
                    url: self.users_url.to_string(),
                    detail: without_url(&e),
                })?;
            let status = response.status();
            if is_retryable(status) && attempt < MAX_RETRIES {
                attempt += 1;
                wait(retry_after(&response, attempt), cancel)?;
                continue;
            }
            return read_page(response, &self.users_url, start_index);
        }
    }
}

fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

fn retry_after(response: &reqwest::blocking::Response, attempt: u32) -> Duration {
    let asked = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    asked
        .unwrap_or(Duration::from_secs(1 << attempt.min(4)))
        .min(MAX_RETRY_WAIT)
}

/// Sleeps in short steps so Cancel is honoured within a tenth of a second.
fn wait(total: Duration, cancel: &AtomicBool) -> Result<(), PagingError> {
    let step = Duration::from_millis(100);
    let mut waited = Duration::ZERO;
    while waited < total {
        if cancel.load(Ordering::Relaxed) {
            return Err(PagingError::Cancelled);
        }
        std::thread::sleep(step);
        waited += step;
    }
    Ok(())
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

fn read_page(
    response: reqwest::blocking::Response,
    users_url: &Url,
    start_index: u64,
) -> Result<ListPage, PagingError> {
    let status = response.status();
    let url = users_url.to_string();
    match status {
        StatusCode::UNAUTHORIZED => return Err(PagingError::Unauthorized),
        StatusCode::FORBIDDEN => return Err(PagingError::Forbidden),
        StatusCode::NOT_FOUND => return Err(PagingError::NotFound { url }),
        s if !s.is_success() => {
            let body = response.text().unwrap_or_default();
            let snippet: String = body.chars().take(200).collect();
            return Err(PagingError::Status {
                status: s.as_u16(),
                url,
                snippet,
            });
        }
        _ => {}
    }
    let body = response.bytes().map_err(|e| PagingError::Network {
        url: url.clone(),
        detail: without_url(&e),
    })?;
    parse_page(&body, start_index)
}

/// Parses a ListResponse body. `totalResults` given as a string of digits is accepted.
pub fn parse_page(body: &[u8], start_index: u64) -> Result<ListPage, PagingError> {
    let list: ListResponse =
        serde_json::from_slice(body).map_err(|e| PagingError::BadResponse {
            start_index,
            detail: e.to_string(),
        })?;
    let total_results = match list.total_results {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let rows = list.resources.len();
    let users: Vec<TenantUser> = list.resources.iter().filter_map(ScimRow::to_user).collect();
    Ok(ListPage {
        rows_without_id: rows - users.len(),
        users,
        total_results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_url_rules() {
        assert_eq!(
            users_url("https://eu.knowbe4.com/scim/v2/abc/").map(|u| u.to_string()),
            Ok("https://eu.knowbe4.com/scim/v2/abc/Users".to_owned())
        );
        assert!(users_url("http://127.0.0.1:8080/scim").is_ok());
        assert!(matches!(
            users_url("http://eu.knowbe4.com/scim"),
            Err(PagingError::NotHttps(_))
        ));
        assert!(matches!(
            users_url("not a url"),
            Err(PagingError::InvalidUrl(_))
        ));
        assert!(matches!(
            users_url("ftp://x.example/"),
            Err(PagingError::InvalidUrl(_))
        ));
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
        assert!(matches!(
            parse_page(b"<html>", 5),
            Err(PagingError::BadResponse { start_index: 5, .. })
        ));
    }
}
