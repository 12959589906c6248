//! The JumpCloud API client: GET only, `x-api-key`, `Accept: application/json`, the
//! organisation id as `x-org-id`, bounded body reads, and a bounded back-off on 429 and
//! gateway answers (the SCIM paging's [`RetryPolicy`]). Built on the SCIM checks' HTTP
//! client, so the timeout, the proxy and the extra CA file act the same way.
//!
//! Bodies are parsed straight into the caller's types, so fields the caller does not name
//! (an IdP private key in an application's `config`) are skipped by the parser and never
//! stored; the raw bytes are wiped once parsed.
//!
//! Methods are async: run them on a tokio runtime (a current-thread one on a background
//! thread is enough; see [`JumpCloudClient::block_on`]). The client is cheap to clone, so
//! several pages can be fetched at once.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, HeaderValue, RETRY_AFTER};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

use super::api_key::JumpCloudApiKey;
use super::connection::{ApiBase, Connection, OrgId};
use super::error::JumpCloudError;
use crate::scim::client::{RequestError, classify_error_chain, http_client};
use crate::scim::retry::RetryPolicy;

/// The most items a list request asks for: JumpCloud's maximum `limit`.
pub const PAGE_LIMIT: u64 = 100;

/// The most pages one [`JumpCloudClient::get_all_v1`] reads (a million items): a server that
/// never sends a short page cannot keep the loop going for ever.
pub const MAX_PAGES: u64 = 10_000;

/// One page of a v1 list: `{"totalCount": N, "results": [...]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct V1Page<T> {
    pub total_count: Option<u64>,
    pub results: Vec<T>,
}

/// One page of a v2 list: a bare JSON array, and the `x-total-count` header if sent.
#[derive(Debug, Clone, PartialEq)]
pub struct V2Page<T> {
    pub total_count: Option<u64>,
    pub items: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V1List<T> {
    #[serde(default)]
    total_count: Option<u64>,
    #[serde(default = "Vec::new")]
    results: Vec<T>,
}

/// A 2xx answer: its body (capped) and the `x-total-count` header.
struct Answer {
    body: Vec<u8>,
    total_count: Option<u64>,
}

/// A client for one organisation with one key.
#[derive(Clone)]
pub struct JumpCloudClient {
    http: reqwest::Client,
    base: ApiBase,
    key: JumpCloudApiKey,
    org_id: Option<OrgId>,
    timeout: Duration,
    body_cap: usize,
    retry: RetryPolicy,
}

impl std::fmt::Debug for JumpCloudClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JumpCloudClient")
            .field("base", &self.base.as_str())
            .field("org_id", &self.org_id)
            .field("key", &self.key)
            .finish()
    }
}

impl JumpCloudClient {
    /// A client for `connection` with `key`. Fails only on the proxy or extra CA setting.
    pub fn new(connection: &Connection, key: JumpCloudApiKey) -> Result<Self, JumpCloudError> {
        let http = http_client(&connection.client)
            .map_err(|error| JumpCloudError::Setup(error.to_string()))?;
        Ok(Self {
            http,
            base: connection.base.clone(),
            key,
            org_id: connection.org_id.clone(),
            timeout: connection.client.timeout,
            body_cap: connection.client.body_cap,
            retry: RetryPolicy::PAGING,
        })
    }

    /// The same client with another back-off policy (tests use short waits).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn base(&self) -> &ApiBase {
        &self.base
    }

    pub fn org_id(&self) -> Option<&OrgId> {
        self.org_id.as_ref()
    }

    /// Runs `future` on a current-thread runtime made for it: for a CLI command or a
    /// background thread that has no runtime. Never call it from inside a runtime.
    pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, JumpCloudError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                JumpCloudError::Setup(format!("cannot start the network runtime: {error}"))
            })?;
        Ok(runtime.block_on(future))
    }

    /// One object (`GET /api/applications/{id}`). `what` names it in messages
    /// ("the application 5f0c...").
    pub async fn get_object<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, JumpCloudError> {
        let answer = self.get(what, path, query).await?;
        parse_and_wipe(what, answer.body)
    }

    /// The text of a document such as `metadata.xml`, lossily decoded as UTF-8.
    pub async fn get_text(&self, what: &str, path: &str) -> Result<String, JumpCloudError> {
        let answer = self.get(what, path, &[]).await?;
        let mut body = answer.body;
        let text = String::from_utf8_lossy(&body).into_owned();
        body.zeroize();
        Ok(text)
    }

    /// The v1 list page at `skip`: `limit` 100 and `sort=_id` are added to `query`.
    pub async fn get_v1_page<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, &str)],
        skip: u64,
    ) -> Result<V1Page<T>, JumpCloudError> {
        let query = paged_query(query, skip);
        let answer = self.get(what, path, &as_pairs(&query)).await?;
        let list: V1List<T> = parse_and_wipe(what, answer.body)?;
        Ok(V1Page {
            total_count: list.total_count,
            results: list.results,
        })
    }

    /// The v2 list page at `skip` (a bare array; the total is the `x-total-count` header):
    /// `limit` 100 and `sort=_id` are added to `query`.
    pub async fn get_v2_page<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, &str)],
        skip: u64,
    ) -> Result<V2Page<T>, JumpCloudError> {
        let query = paged_query(query, skip);
        let answer = self.get(what, path, &as_pairs(&query)).await?;
        let items: Vec<T> = parse_and_wipe(what, answer.body)?;
        Ok(V2Page {
            total_count: answer.total_count,
            items,
        })
    }

    /// Every item of a v1 list, page after page, until a short or empty page, or `totalCount`
    /// items (whichever comes first), at most [`MAX_PAGES`] pages.
    pub async fn get_all_v1<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Vec<T>, JumpCloudError> {
        let mut all = Vec::new();
        for page_number in 0..MAX_PAGES {
            let skip = page_number * PAGE_LIMIT;
            let page: V1Page<T> = self.get_v1_page(what, path, query, skip).await?;
            let received = page.results.len() as u64;
            all.extend(page.results);
            let reached_total = page
                .total_count
                .is_some_and(|total| all.len() as u64 >= total);
            if received < PAGE_LIMIT || reached_total {
                break;
            }
        }
        Ok(all)
    }

    /// Sends one GET, retrying 429 and gateway answers as [`RetryPolicy`] allows, and returns
    /// a 2xx answer or the error in the operator's words.
    async fn get(
        &self,
        what: &str,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Answer, JumpCloudError> {
        let url = self.base.join(path, query);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let response = self.send(what, path, url.clone()).await?;
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                let total_count =
                    header(&response, "x-total-count").and_then(|v| v.trim().parse().ok());
                let body = self.read_capped(what, response).await?;
                return Ok(Answer { body, total_count });
            }
            let retry_after = header(&response, RETRY_AFTER.as_str());
            if let Some(wait) = self
                .retry
                .wait_before(attempts, status, retry_after.as_deref())
            {
                tracing::debug!(status, attempts, "JumpCloud asked to wait; retrying");
                tokio::time::sleep(wait).await;
                continue;
            }
            let body = self.read_capped(what, response).await.unwrap_or_default();
            return Err(self.status_error(what, path, status, attempts, &body));
        }
    }

    async fn send(
        &self,
        what: &str,
        path: &str,
        url: url::Url,
    ) -> Result<reqwest::Response, JumpCloudError> {
        let mut key = HeaderValue::from_str(self.key.expose_for_header()).map_err(|_| {
            JumpCloudError::Setup(
                "The JumpCloud API key contains characters that cannot be sent in a header; \
                 copy it again."
                    .to_owned(),
            )
        })?;
        key.set_sensitive(true);
        let mut request = self
            .http
            .get(url)
            .header("x-api-key", key)
            .header(ACCEPT, "application/json");
        if let Some(org) = self.org_id.as_ref().filter(|_| takes_org_id(path)) {
            request = request.header("x-org-id", org.as_str());
        }
        request
            .send()
            .await
            .map_err(|error| self.request_error(what, &error))
    }

    async fn read_capped(
        &self,
        what: &str,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, JumpCloudError> {
        let too_large = || RequestError::BodyTooLarge(self.body_cap);
        if response
            .content_length()
            .is_some_and(|len| len > self.body_cap as u64)
        {
            return Err(self.wrap(what, too_large()));
        }
        let started = Instant::now();
        let mut body = Vec::new();
        loop {
            let chunk = response
                .chunk()
                .await
                .map_err(|error| self.request_error(what, &error));
            let chunk = match chunk {
                Ok(Some(chunk)) => chunk,
                Ok(None) => return Ok(body),
                Err(error) => {
                    body.zeroize();
                    return Err(error);
                }
            };
            if body.len() + chunk.len() > self.body_cap {
                body.zeroize();
                return Err(self.wrap(what, too_large()));
            }
            body.extend_from_slice(&chunk);
            if started.elapsed() > self.timeout {
                body.zeroize();
                return Err(self.wrap(what, RequestError::Timeout(self.timeout.as_secs())));
            }
        }
    }

    fn request_error(&self, what: &str, error: &reqwest::Error) -> JumpCloudError {
        let error = if error.is_timeout() {
            RequestError::Timeout(self.timeout.as_secs().max(1))
        } else {
            classify_error_chain(error, self.base.host())
        };
        self.wrap(what, error)
    }

    fn wrap(&self, what: &str, error: RequestError) -> JumpCloudError {
        JumpCloudError::Request {
            what: what.to_owned(),
            host: self.base.host().to_owned(),
            error,
        }
    }

    fn status_error(
        &self,
        what: &str,
        path: &str,
        status: u16,
        attempts: u32,
        body: &[u8],
    ) -> JumpCloudError {
        let message = server_message(body, self.key.expose_for_header());
        let what = what.to_owned();
        let org_id_sent = self.org_id.is_some() && takes_org_id(path);
        match status {
            400 if org_id_sent => JumpCloudError::BadOrgId {
                org_id: self
                    .org_id
                    .as_ref()
                    .map(|o| o.to_string())
                    .unwrap_or_default(),
                message,
            },
            401 if self.org_id.is_none() => JumpCloudError::UnauthorizedWithoutOrgId { message },
            401 => JumpCloudError::Unauthorized { message },
            403 => JumpCloudError::Forbidden {
                what,
                org_id_sent,
                message,
            },
            404 => JumpCloudError::NotFound { what, message },
            429 => JumpCloudError::Throttled { what, attempts },
            500..=599 => JumpCloudError::ServerError {
                what,
                status,
                attempts,
            },
            _ => JumpCloudError::UnexpectedStatus {
                what,
                status,
                message,
            },
        }
    }
}

/// `/api/organizations` (the list) does not take `x-org-id`; every other route is sent it.
fn takes_org_id(path: &str) -> bool {
    path.trim_end_matches('/') != "/api/organizations"
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn paged_query(query: &[(&str, &str)], skip: u64) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(name, _)| !matches!(*name, "limit" | "skip" | "sort"))
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    pairs.push(("limit".to_owned(), PAGE_LIMIT.to_string()));
    pairs.push(("skip".to_owned(), skip.to_string()));
    pairs.push(("sort".to_owned(), "_id".to_owned()));
    pairs
}

fn as_pairs(query: &[(String, String)]) -> Vec<(&str, &str)> {
    query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// Parses `body` into `T`, then wipes the bytes: anything `T` does not name is gone.
fn parse_and_wipe<T: DeserializeOwned>(what: &str, mut body: Vec<u8>) -> Result<T, JumpCloudError> {
    let parsed = serde_json::from_slice::<T>(&body);
    body.zeroize();
    parsed.map_err(|error| JumpCloudError::Malformed {
        what: what.to_owned(),
        detail: if error.is_data() {
            format!("it is JSON of another shape ({})", position_only(&error))
        } else {
            format!("it is not JSON ({})", position_only(&error))
        },
    })
}

/// Where serde_json stopped, without the text it quotes (which could be a secret value).
fn position_only(error: &serde_json::Error) -> String {
    format!("line {}, column {}", error.line(), error.column())
}

/// The `message` of a `{"message": "..."}` error body: short, one line, without the key.
fn server_message(body: &[u8], key: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct ErrorBody {
        message: Option<String>,
    }
    let parsed: ErrorBody = serde_json::from_slice(body).ok()?;
    let message = parsed.message?;
    crate::scim::report::sanitize_excerpt(message.as_bytes(), &[key])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paged_queries_ask_for_100_sorted_by_id() {
        let query = paged_query(&[("fields", "_id name"), ("limit", "5000")], 200);
        assert_eq!(
            as_pairs(&query),
            vec![
                ("fields", "_id name"),
                ("limit", "100"),
                ("skip", "200"),
                ("sort", "_id")
            ]
        );
    }

    #[test]
    fn only_the_organisations_list_goes_without_org_id() {
        assert!(!takes_org_id("/api/organizations"));
        assert!(takes_org_id(
            "/api/organizations/o1/applications/a1/metadata.xml"
        ));
        assert!(takes_org_id("/api/applications"));
    }

    #[test]
    fn a_malformed_body_is_an_error_that_quotes_nothing() {
        #[derive(Debug, Deserialize)]
        struct Shape {
            #[allow(dead_code)]
            name: u32,
        }
        let error = parse_and_wipe::<Shape>("x", br#"{"name": "secret-value"}"#.to_vec())
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret-value"), "{error}");
        assert!(error.contains("another shape"), "{error}");
        let error = parse_and_wipe::<Shape>("x", b"<html>".to_vec())
            .unwrap_err()
            .to_string();
        assert!(error.contains("not JSON"), "{error}");
    }

    #[test]
    fn the_server_message_is_kept_without_the_key() {
        let body = br#"{"message": "bad key abc123 here"}"#;
        assert_eq!(
            server_message(body, "abc123").as_deref(),
            Some("bad key [redacted] here")
        );
        assert_eq!(server_message(b"not json", "k"), None);
    }
}
