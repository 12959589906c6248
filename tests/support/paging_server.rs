//! A real SCIM `/Users` list server on 127.0.0.1 for paging tests and the benchmark,
//! with one switch per quirk seen in real servers. It stops when dropped.
//!
//! Users are rendered to JSON once at start, so the server costs little per page and a
//! benchmark measures the client.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kb4_setup::tenant_url::TenantUrl;
use serde_json::json;

use super::serve_router::{ServedRouter, ServerRuntime};

/// A user as the test server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedUser {
    pub id: String,
    pub user_name: String,
    pub email: String,
    pub given_name: String,
    pub family_name: String,
}

impl ServedUser {
    /// A user whose every field derives from `n`, at example.com.
    pub fn numbered(n: usize) -> Self {
        Self {
            id: format!("kb4-{n:07}"),
            user_name: format!("user{n}"),
            email: format!("user{n}@example.com"),
            given_name: format!("Given{n}"),
            family_name: format!("Family{n}"),
        }
    }

    fn render(&self) -> String {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": self.id,
            "userName": self.user_name,
            "name": { "givenName": self.given_name, "familyName": self.family_name },
            "emails": [{ "value": self.email, "type": "work", "primary": true }],
            "active": true,
            "meta": { "resourceType": "User" }
        })
        .to_string()
    }
}

/// One switch per quirk; the default is a well-behaved server.
#[derive(Debug, Clone, Default)]
pub struct Quirks {
    /// Return at most this many rows whatever `count` asks.
    pub cap: Option<usize>,
    /// Report `itemsPerPage` as the requested `count`, not the rows sent.
    pub echo_items_per_page: bool,
    /// After this many requests, append this many new users (totalResults grows).
    pub grow_after: Option<(usize, usize)>,
    /// After this many requests, remove this many users from the end (totalResults shrinks).
    pub shrink_after: Option<(usize, usize)>,
    /// The first request for this startIndex gets the previous page instead.
    pub repeat_previous_once_at: Option<usize>,
    /// Fill every page to `count` by wrapping around to the first users, and answer
    /// requests past the end with rows too.
    pub rows_past_end: bool,
    /// Ignore startIndex: always serve the first page.
    pub ignore_start_index: bool,
    /// Claim a totalResults always two pages ahead of the request.
    pub total_runs_ahead: bool,
    /// Leave totalResults out.
    pub no_total: bool,
    /// Answer the first request with 429 and `Retry-After: 0`.
    pub throttle_first: bool,
    /// Require `Authorization: Bearer <this>`.
    pub token: Option<String>,
    /// Wait this long before answering each request, like a tenant across a network.
    pub delay: Option<Duration>,
}

struct ServerState {
    users: Mutex<Vec<String>>,
    next_number: AtomicUsize,
    requests: AtomicUsize,
    seen_starts: Mutex<Vec<usize>>,
    quirks: Quirks,
}

/// The running server; dropping it shuts it down.
pub struct PagingServer {
    /// The tenant URL to use (no trailing slash); the list is at `{base_url}/Users`.
    pub base_url: String,
    state: Arc<ServerState>,
    /// Stops serving when dropped.
    _server: ServedRouter,
}

impl PagingServer {
    /// Starts a server listing `users`, in order.
    pub fn start(users: &[ServedUser], quirks: Quirks) -> Self {
        let rendered: Vec<String> = users.iter().map(ServedUser::render).collect();
        let state = Arc::new(ServerState {
            users: Mutex::new(rendered),
            next_number: AtomicUsize::new(users.len() + 1_000_000),
            requests: AtomicUsize::new(0),
            seen_starts: Mutex::new(Vec::new()),
            quirks,
        });
        let app = Router::new()
            .route("/scim/v2/Users", get(list_users))
            .with_state(Arc::clone(&state));
        let server = ServedRouter::start("127.0.0.1:0", app, ServerRuntime::CurrentThread);
        Self {
            base_url: format!("http://{}/scim/v2", server.address),
            state,
            _server: server,
        }
    }

    /// [`Self::base_url`] as the reconciliation takes it.
    pub fn tenant_url(&self) -> TenantUrl {
        TenantUrl::parse(&self.base_url).unwrap_or_else(|refusal| panic!("{refusal}"))
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// The users listed now, as many as the server holds.
    pub fn user_count(&self) -> usize {
        self.state.users.lock().map(|u| u.len()).unwrap_or(0)
    }
}

async fn list_users(
    State(state): State<Arc<ServerState>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let request_number = state.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let quirks = &state.quirks;
    if let Some(token) = &quirks.token {
        let expected = format!("Bearer {token}");
        if headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            != Some(expected.as_str())
        {
            return (StatusCode::UNAUTHORIZED, "{\"status\":\"401\"}").into_response();
        }
    }
    if let Some(delay) = quirks.delay {
        tokio::time::sleep(delay).await;
    }
    if quirks.throttle_first && request_number == 1 {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            "slow down",
        )
            .into_response();
    }
    let asked_start: usize = query
        .get("startIndex")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let asked_count: usize = query
        .get("count")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let count = quirks.cap.map_or(asked_count, |cap| asked_count.min(cap));
    let start = effective_start(&state, asked_start, count);
    let mut users = match state.users.lock() {
        Ok(users) => users,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let total = users.len();
    let rows = page_rows(&users, start, count, quirks.rows_past_end);
    let claimed_total = if quirks.total_runs_ahead {
        asked_start + 2 * count
    } else {
        total
    };
    let mut body = String::with_capacity(64 + rows.iter().map(|r| r.len() + 1).sum::<usize>());
    body.push_str("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],");
    if !quirks.no_total {
        body.push_str(&format!("\"totalResults\":{claimed_total},"));
    }
    let items = if quirks.echo_items_per_page {
        asked_count
    } else {
        rows.len()
    };
    body.push_str(&format!(
        "\"itemsPerPage\":{items},\"startIndex\":{asked_start},\"Resources\":["
    ));
    body.push_str(&rows.join(","));
    body.push_str("]}");
    mutate_after(&state, &mut users, request_number);
    ([(header::CONTENT_TYPE, "application/scim+json")], body).into_response()
}

/// Applies the startIndex quirks: ignore it, or serve the previous page once.
fn effective_start(state: &ServerState, asked: usize, count: usize) -> usize {
    if state.quirks.ignore_start_index {
        return 1;
    }
    if state.quirks.repeat_previous_once_at == Some(asked)
        && let Ok(mut seen) = state.seen_starts.lock()
        && !seen.contains(&asked)
    {
        seen.push(asked);
        return asked.saturating_sub(count).max(1);
    }
    asked
}

fn page_rows(users: &[String], start: usize, count: usize, wrap: bool) -> Vec<String> {
    if users.is_empty() {
        return Vec::new();
    }
    let first = start - 1;
    if !wrap {
        return users.iter().skip(first).take(count).cloned().collect();
    }
    (first..first + count)
        .map(|i| users[i % users.len()].clone())
        .collect()
}

fn mutate_after(state: &ServerState, users: &mut Vec<String>, request_number: usize) {
    if let Some((after, added)) = state.quirks.grow_after
        && request_number == after
    {
        for _ in 0..added {
            let n = state.next_number.fetch_add(1, Ordering::SeqCst);
            users.push(ServedUser::numbered(n).render());
        }
    }
    if let Some((after, removed)) = state.quirks.shrink_after
        && request_number == after
    {
        let keep = users.len().saturating_sub(removed);
        users.truncate(keep);
    }
}
