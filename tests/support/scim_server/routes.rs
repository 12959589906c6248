//! The in-memory SCIM service behind the test server: users, groups, the discovery endpoints,
//! and the faults a test switches on. Every request is recorded with its Authorization header.
//!
//! To add a behaviour (e.g. paging quirks), add a field to `Behavior` or a `FaultKind` variant
//! and handle it in `handle`/`list`; the tests that do not set it are unaffected.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

mod discovery;
mod faults;

use discovery::{resource_types, schemas, service_provider_config};
use faults::fault_response;
pub use faults::{Fault, FaultKind};

pub const BASE_PATH: &str = "/scim/v2";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const KNOWBE4: &str = "urn:ietf:params:scim:schemas:extension:knowbe4:kmsat:2.0:User";

/// The switches of the test server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Behavior {
    /// Serve /ServiceProviderConfig without checking the token (as many servers do).
    pub open_service_provider_config: bool,
    /// Leave the KnowBe4 extension out of /Schemas and /ResourceTypes.
    pub without_knowbe4_extension: bool,
    pub faults: Vec<Fault>,
}

impl Behavior {
    /// A well-behaved server apart from `faults`.
    pub fn with_faults(faults: Vec<Fault>) -> Self {
        Self {
            faults,
            ..Self::default()
        }
    }

    /// A well-behaved server that answers every GET of `path` with `kind` instead.
    pub fn failing_get(path: &str, kind: FaultKind) -> Self {
        Self::with_faults(vec![Fault::on(Some(Method::GET), path, kind)])
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path_and_query: String,
    pub authorization: Option<String>,
}

#[derive(Default)]
pub struct Store {
    pub users: BTreeMap<String, Value>,
    pub groups: BTreeMap<String, Value>,
    next_id: u64,
}

pub struct ServerState {
    pub token: String,
    pub behavior: Mutex<Behavior>,
    pub store: Mutex<Store>,
    pub log: Mutex<Vec<RecordedRequest>>,
    fault_hits: Mutex<BTreeMap<usize, u32>>,
}

impl ServerState {
    pub fn new(token: String, behavior: Behavior) -> Self {
        Self {
            token,
            behavior: Mutex::new(behavior),
            store: Mutex::default(),
            log: Mutex::default(),
            fault_hits: Mutex::default(),
        }
    }

    /// The fault that applies to this request, counting it against `times`.
    fn fault_for(&self, method: &Method, path: &str) -> Option<FaultKind> {
        let behavior = self.behavior.lock().unwrap();
        let mut hits = self.fault_hits.lock().unwrap();
        for (index, fault) in behavior.faults.iter().enumerate() {
            let method_matches = fault.method.as_ref().is_none_or(|m| m == method);
            if !method_matches || !path.starts_with(&fault.path) {
                continue;
            }
            let count = hits.entry(index).or_insert(0);
            if fault.times.is_some_and(|t| *count >= t) {
                continue;
            }
            *count += 1;
            return Some(fault.kind.clone());
        }
        None
    }
}

fn scim(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    response
}

fn error(status: StatusCode, detail: &str, scim_type: Option<&str>) -> Response {
    let mut body =
        json!({"schemas": [ERROR], "status": status.as_u16().to_string(), "detail": detail});
    if let Some(scim_type) = scim_type {
        body["scimType"] = json!(scim_type);
    }
    scim(status, body)
}

/// The one handler: records the request, applies a fault, checks the token, then serves.
pub async fn handle(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let method = request.method().clone();
    let uri = request.uri().clone();
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    state.log.lock().unwrap().push(RecordedRequest {
        method: method.to_string(),
        path_and_query: uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        authorization: authorization.clone(),
    });
    let Some(path) = uri.path().strip_prefix(BASE_PATH).map(str::to_owned) else {
        return error(StatusCode::NOT_FOUND, "not under the SCIM base path", None);
    };
    let fault = state.fault_for(&method, &path);
    if let Some(kind) = fault
        .clone()
        .filter(|k| !matches!(k, FaultKind::StatusAfterDoing(_)))
    {
        return fault_response(kind).await;
    }
    let open = state.behavior.lock().unwrap().open_service_provider_config
        && path == "/ServiceProviderConfig";
    if !open && authorization.as_deref() != Some(&format!("Bearer {}", state.token)) {
        return error(StatusCode::UNAUTHORIZED, "invalid token", None);
    }
    let query: BTreeMap<String, String> = uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let body: Value = match axum::body::to_bytes(request.into_body(), 1 << 20).await {
        Ok(bytes) if bytes.is_empty() => Value::Null,
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    };
    let response = route(&state, &method, &path, &query, body);
    match fault {
        Some(kind) => fault_response(kind).await,
        None => response,
    }
}

fn route(
    state: &ServerState,
    method: &Method,
    path: &str,
    query: &BTreeMap<String, String>,
    body: Value,
) -> Response {
    let without_kb4 = state.behavior.lock().unwrap().without_knowbe4_extension;
    let segments: Vec<&str> = path.trim_start_matches('/').splitn(2, '/').collect();
    let mut store = state.store.lock().unwrap();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["ServiceProviderConfig"]) => scim(StatusCode::OK, service_provider_config()),
        ("GET", ["Schemas"]) => scim(StatusCode::OK, schemas(without_kb4)),
        ("GET", ["ResourceTypes"]) => scim(StatusCode::OK, resource_types(without_kb4)),
        ("GET", [kind @ ("Users" | "Groups")]) => list(collection(&mut store, kind), kind, query),
        ("POST", [kind @ ("Users" | "Groups")]) => create(&mut store, kind, body),
        (_, [kind @ ("Users" | "Groups"), id]) => {
            let id = (*id).to_owned();
            let items = collection(&mut store, kind);
            match method.as_str() {
                "GET" => items
                    .get(&id)
                    .map_or_else(|| not_found(&id), |item| scim(StatusCode::OK, item.clone())),
                "DELETE" => items.remove(&id).map_or_else(
                    || not_found(&id),
                    |_| StatusCode::NO_CONTENT.into_response(),
                ),
                "PUT" => match items.get_mut(&id) {
                    Some(item) => {
                        let mut replacement = body;
                        replacement["id"] = json!(id);
                        *item = replacement;
                        scim(StatusCode::OK, item.clone())
                    }
                    None => not_found(&id),
                },
                "PATCH" => match items.get_mut(&id) {
                    Some(item) => {
                        apply_patch(item, &body);
                        scim(StatusCode::OK, item.clone())
                    }
                    None => not_found(&id),
                },
                _ => error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed", None),
            }
        }
        _ => error(StatusCode::NOT_FOUND, "no such endpoint", None),
    }
}

fn collection<'a>(store: &'a mut Store, kind: &str) -> &'a mut BTreeMap<String, Value> {
    if kind == "Users" {
        &mut store.users
    } else {
        &mut store.groups
    }
}

fn not_found(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        &format!("resource {id} not found"),
        None,
    )
}

fn list(items: &BTreeMap<String, Value>, kind: &str, query: &BTreeMap<String, String>) -> Response {
    let attribute = if kind == "Users" {
        "userName"
    } else {
        "displayName"
    };
    let matching: Vec<&Value> = match query.get("filter") {
        Some(filter) => {
            let Some((attr, value)) = filter.split_once(" eq ") else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "unsupported filter",
                    Some("invalidFilter"),
                );
            };
            if !attr.trim().eq_ignore_ascii_case(attribute) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "unsupported filter",
                    Some("invalidFilter"),
                );
            }
            let value = value.trim().trim_matches('"');
            items
                .values()
                .filter(|v| {
                    v[attribute]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(value))
                })
                .collect()
        }
        None => items.values().collect(),
    };
    let start = query
        .get("startIndex")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let count = query
        .get("count")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(100);
    let page: Vec<Value> = matching
        .iter()
        .skip(start - 1)
        .take(count)
        .map(|v| (*v).clone())
        .collect();
    scim(
        StatusCode::OK,
        json!({"schemas": [LIST], "totalResults": matching.len(), "itemsPerPage": page.len(), "startIndex": start, "Resources": page}),
    )
}

fn create(store: &mut Store, kind: &str, mut body: Value) -> Response {
    let attribute = if kind == "Users" {
        "userName"
    } else {
        "displayName"
    };
    let Some(name) = body[attribute].as_str().map(str::to_owned) else {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("{attribute} is required"),
            Some("invalidValue"),
        );
    };
    let items = collection(store, kind);
    if items.values().any(|v| {
        v[attribute]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    }) {
        return error(StatusCode::CONFLICT, "already exists", Some("uniqueness"));
    }
    store.next_id += 1;
    let id = format!("{}-{}", kind.to_ascii_lowercase(), store.next_id);
    body["id"] = json!(id);
    collection(store, kind).insert(id, body.clone());
    scim(StatusCode::CREATED, body)
}

fn apply_patch(item: &mut Value, body: &Value) {
    for operation in body["Operations"].as_array().cloned().unwrap_or_default() {
        let op = operation["op"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let path = operation["path"].as_str().unwrap_or_default();
        match (op.as_str(), path) {
            ("replace", "name.givenName") => item["name"]["givenName"] = operation["value"].clone(),
            ("replace", "active") => item["active"] = operation["value"].clone(),
            ("add", "members") => {
                let mut members = item["members"].as_array().cloned().unwrap_or_default();
                members.extend(operation["value"].as_array().cloned().unwrap_or_default());
                item["members"] = json!(members);
            }
            ("remove", path) if path.starts_with("members[value eq ") => {
                let id = path
                    .trim_start_matches("members[value eq ")
                    .trim_end_matches(']')
                    .trim_matches('"');
                let members: Vec<Value> = item["members"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|m| m["value"] != json!(id))
                    .collect();
                item["members"] = json!(members);
            }
            _ => {}
        }
    }
}
