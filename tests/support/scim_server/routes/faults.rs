//! The faults a test can switch on in the SCIM test server, and the answers they give.

use axum::body::Body;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error;

/// What a fault does instead of the normal answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultKind {
    Status(u16),
    /// 429 with this `Retry-After` (seconds).
    RateLimited(u64),
    Html,
    NonScimJson,
    MalformedJson,
    /// A JSON body of this many bytes.
    HugeBody(usize),
    /// Accepts the request and never answers.
    NeverAnswer,
    /// Does the request as usual, then answers with this status instead (a lost answer).
    StatusAfterDoing(u16),
    /// 302 to this absolute URL.
    RedirectTo(String),
}

/// A fault on requests whose method matches (any when `None`) and whose path below the base
/// starts with `path`; for the first `times` matching requests only, when set.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub method: Option<Method>,
    pub path: String,
    pub kind: FaultKind,
    pub times: Option<u32>,
}

impl Fault {
    pub fn on(method: Option<Method>, path: &str, kind: FaultKind) -> Self {
        Self {
            method,
            path: path.to_owned(),
            kind,
            times: None,
        }
    }

    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }
}

pub(super) async fn fault_response(kind: FaultKind) -> Response {
    let status_of =
        |code: u16| StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match kind {
        FaultKind::Status(code) | FaultKind::StatusAfterDoing(code) => {
            error(status_of(code), "fault injected by the test", None)
        }
        FaultKind::RateLimited(secs) => {
            let mut response = error(StatusCode::TOO_MANY_REQUESTS, "slow down", None);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            response
        }
        FaultKind::Html => (
            [(header::CONTENT_TYPE, "text/html")],
            "<!DOCTYPE html><html><body><h1>Sign in</h1><form>...</form></body></html>",
        )
            .into_response(),
        FaultKind::NonScimJson => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"users":[],"ok":true}"#,
        )
            .into_response(),
        FaultKind::MalformedJson => (
            [(header::CONTENT_TYPE, "application/scim+json")],
            r#"{"totalResults": 1, "Resources": [{"#,
        )
            .into_response(),
        FaultKind::HugeBody(size) => {
            let mut body = b"{\"schemas\":[],\"padding\":\"".to_vec();
            body.resize(size, b'a');
            body.extend_from_slice(b"\"}");
            (
                [(header::CONTENT_TYPE, "application/scim+json")],
                Body::from(body),
            )
                .into_response()
        }
        FaultKind::NeverAnswer => std::future::pending().await,
        FaultKind::RedirectTo(location) => {
            (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
        }
    }
}
