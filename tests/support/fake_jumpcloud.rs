//! A loopback fake of the JumpCloud API endpoints kb4-setup reads, written from
//! docs/sources.md's JumpCloud API facts (the shared jumpcloud-api.md): v1 lists
//! `{totalCount, results}`, v2 bare arrays with `x-total-count`, `limit` capped at 100
//! (default 10) with `skip`, the `x-api-key` and `x-org-id` rules with their error codes,
//! `{"message": ...}` error bodies, 429 / 5xx spells, applications whose `config` carries an
//! `idpPrivateKey`, bound user groups, their users, systemusers and metadata.xml.
//!
//! It runs on 127.0.0.1 on its own thread and runtime, records every request, and stops when
//! dropped. Tests include it with `mod support;` (`support::fake_jumpcloud`), benches with
//! `#[path = "../tests/support/fake_jumpcloud.rs"] mod fake_jumpcloud;` and, beside it,
//! `serve_router.rs` the same way.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use serde_json::{Value, json};

use super::serve_router::{ServedRouter, ServerRuntime};

/// The organisation id the fake answers to.
pub const ORG_ID: &str = "5f0c1a2b3c4d5e6f7a8b9c0d";
/// The key the fake accepts, unless [`FakeJumpCloud::key`] is changed.
pub const API_KEY: &str = "jc-test-key-0123456789abcdef";
/// The private key every application's `config.idpPrivateKey` carries: a marker that must
/// never appear in any output, file or log.
pub const PRIVATE_KEY_MARKER: &str =
    "-----BEGIN PRIVATE KEY-----\nFAKE-IDP-PRIVATE-KEY-MUST-NEVER-LEAK\n-----END PRIVATE KEY-----";

/// One SAML application as the fake serves it.
#[derive(Debug, Clone)]
pub struct FakeApp {
    pub id: String,
    /// The catalog key (`name`); the KnowBe4 value is unknown, so tests vary it.
    pub name: String,
    pub display_label: String,
    pub sso_url: String,
    pub acs_url: String,
    pub sp_entity_id: String,
    pub idp_entity_id: String,
    /// `config.idpCertificate.value`: PEM, bare base64, or absent.
    pub idp_certificate: Option<String>,
    pub sign_assertion: Option<bool>,
    pub sign_response: Option<bool>,
    /// `sso.idpCertExpirationAt`.
    pub cert_expiration_at: Option<String>,
    /// The certificate in this application's metadata.xml (base64 DER), if it has one.
    pub metadata_certificate: Option<String>,
    /// Ids of the user groups bound to the application.
    pub group_ids: Vec<String>,
}

impl FakeApp {
    /// A KnowBe4-looking application with the article's values for `saml_id` in the US region.
    pub fn knowbe4(id: &str, label: &str, saml_id: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: "knowbe4".to_owned(),
            display_label: label.to_owned(),
            sso_url: format!("https://sso.jumpcloud.com/saml2/{}", label.to_lowercase()),
            acs_url: format!("https://training.knowbe4.com/auth/saml/{saml_id}/callback"),
            sp_entity_id: "KnowBe4".to_owned(),
            idp_entity_id: "JumpCloud".to_owned(),
            idp_certificate: None,
            sign_assertion: Some(true),
            sign_response: Some(false),
            cert_expiration_at: None,
            metadata_certificate: None,
            group_ids: Vec::new(),
        }
    }

    /// Another SAML application, unrelated to KnowBe4.
    pub fn other(id: &str, label: &str) -> Self {
        Self {
            id: id.to_owned(),
            name: "custom-saml".to_owned(),
            display_label: label.to_owned(),
            sso_url: format!("https://sso.jumpcloud.com/saml2/{}", label.to_lowercase()),
            acs_url: "https://app.example.com/saml/acs".to_owned(),
            sp_entity_id: "example-sp".to_owned(),
            idp_entity_id: "JumpCloud".to_owned(),
            idp_certificate: None,
            sign_assertion: None,
            sign_response: None,
            cert_expiration_at: None,
            metadata_certificate: None,
            group_ids: Vec::new(),
        }
    }

    fn render(&self, org: &str) -> Value {
        let field = |label: &str, value: Value| {
            json!({
                "label": label, "position": 1, "readOnly": false, "required": false,
                "tooltip": {"template": "", "variables": {}}, "type": "text",
                "value": value, "visible": true
            })
        };
        let mut config = serde_json::Map::new();
        config.insert("acsUrl".into(), field("ACS URL", json!(self.acs_url)));
        config.insert(
            "spEntityId".into(),
            field("SP Entity ID", json!(self.sp_entity_id)),
        );
        config.insert(
            "idpEntityId".into(),
            field("IdP Entity ID", json!(self.idp_entity_id)),
        );
        config.insert(
            "idpPrivateKey".into(),
            field("IdP Private Key", json!(PRIVATE_KEY_MARKER)),
        );
        if let Some(cert) = &self.idp_certificate {
            config.insert(
                "idpCertificate".into(),
                field("IdP Certificate", json!(cert)),
            );
        }
        if let Some(sign) = self.sign_assertion {
            config.insert("signAssertion".into(), field("Sign Assertion", json!(sign)));
        }
        if let Some(sign) = self.sign_response {
            config.insert("signResponse".into(), field("Sign Response", json!(sign)));
        }
        config.insert(
            "constantAttributes".into(),
            field("Constant Attributes", json!([{"name": "a", "value": "b", "readOnly": false, "required": false, "visible": true}])),
        );
        let mut sso = json!({"jit": false, "type": "saml"});
        if let Some(at) = &self.cert_expiration_at {
            sso["idpCertExpirationAt"] = json!(at);
        }
        json!({
            "_id": self.id, "id": self.id, "active": true, "name": self.name,
            "displayName": self.display_label, "displayLabel": self.display_label,
            "ssoUrl": self.sso_url, "organization": org, "config": Value::Object(config),
            "created": "2024-01-01T00:00:00.000Z", "sso": sso
        })
    }
}

/// A user group and its members (indices into [`FakeJumpCloud::users`]).
#[derive(Debug, Clone)]
pub struct FakeGroup {
    pub id: String,
    pub name: String,
    pub members: Vec<usize>,
}

/// A directory user (systemuser).
#[derive(Debug, Clone)]
pub struct FakeUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    /// `STAGED`, `ACTIVATED` or `SUSPENDED`.
    pub state: String,
}

impl FakeUser {
    /// A user whose fields derive from `n`; every 50th is STAGED, every 70th SUSPENDED.
    pub fn numbered(n: usize) -> Self {
        let state = if n % 50 == 49 {
            "STAGED"
        } else if n % 70 == 69 {
            "SUSPENDED"
        } else {
            "ACTIVATED"
        };
        Self {
            id: format!("{n:024x}"),
            username: format!("user{n}"),
            email: format!("user{n}@example.com"),
            firstname: format!("Given{n}"),
            lastname: format!("Family{n}"),
            state: state.to_owned(),
        }
    }

    fn render(&self) -> Value {
        json!({
            "_id": self.id, "id": self.id, "username": self.username, "email": self.email,
            "firstname": self.firstname, "lastname": self.lastname,
            "displayname": format!("{} {}", self.firstname, self.lastname),
            "state": self.state, "activated": self.state == "ACTIVATED",
            "suspended": self.state == "SUSPENDED", "company": "Example", "department": "IT"
        })
    }
}

/// What the fake holds and how it misbehaves. Change fields before [`FakeJumpCloud::start`].
#[derive(Debug, Clone)]
pub struct FakeJumpCloud {
    pub key: String,
    pub org_id: String,
    /// A multi-tenant (MSP) administrator's key: `x-org-id` is required.
    pub multi_tenant: bool,
    pub apps: Vec<FakeApp>,
    pub groups: Vec<FakeGroup>,
    pub users: Vec<FakeUser>,
    /// The first N requests answer 429.
    pub throttle_first: usize,
    /// The N requests after the throttled ones answer 503.
    pub gateway_errors_first: usize,
    /// `Retry-After` sent with 429 and 503 (JumpCloud documents none; tests send "0").
    pub retry_after: Option<String>,
    /// Requests whose path contains the text answer the status with a `{"message"}` body.
    pub fail_paths: Vec<(String, u16)>,
    /// Requests whose path contains the text answer 200 with this body.
    pub garbage_paths: Vec<(String, String)>,
    /// A delay before every answer (benchmarks).
    pub latency: Duration,
}

impl Default for FakeJumpCloud {
    fn default() -> Self {
        Self {
            key: API_KEY.to_owned(),
            org_id: ORG_ID.to_owned(),
            multi_tenant: false,
            apps: Vec::new(),
            groups: Vec::new(),
            users: Vec::new(),
            throttle_first: 0,
            gateway_errors_first: 0,
            retry_after: None,
            fail_paths: Vec::new(),
            garbage_paths: Vec::new(),
            latency: Duration::ZERO,
        }
    }
}

/// A request as the fake saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenRequest {
    pub method: String,
    /// Path and query.
    pub uri: String,
    pub api_key: Option<String>,
    pub org_id: Option<String>,
    pub accept: Option<String>,
}

/// A running fake; stops when dropped.
pub struct RunningJumpCloud {
    /// `http://127.0.0.1:PORT`, for `--api-url`.
    pub url: String,
    state: Arc<ServerState>,
    /// Stops serving when dropped.
    _server: ServedRouter,
}

struct ServerState {
    fake: FakeJumpCloud,
    /// Per application id: the users its bound groups reach, in order, each with the first
    /// group that reaches it. Worked out once, so a page costs the same at 100 users as at
    /// 100,000 (benchmarks page through it).
    reached: HashMap<String, Vec<(usize, String)>>,
    requests: AtomicUsize,
    seen: Mutex<Vec<SeenRequest>>,
}

impl FakeJumpCloud {
    /// Groups `g0..` of `per_group` consecutive users each, covering `user_count` users; the
    /// users are numbered; the first application (if any) is bound to every group.
    pub fn with_directory(mut self, user_count: usize, per_group: usize) -> Self {
        self.users = (0..user_count).map(FakeUser::numbered).collect();
        let per_group = per_group.max(1);
        self.groups = (0..user_count.div_ceil(per_group))
            .map(|g| FakeGroup {
                id: format!("{g:024x}").replacen('0', "9", 1),
                name: format!("Group {g}"),
                members: (g * per_group..((g + 1) * per_group).min(user_count)).collect(),
            })
            .collect();
        let ids: Vec<String> = self.groups.iter().map(|g| g.id.clone()).collect();
        if let Some(app) = self.apps.first_mut() {
            app.group_ids = ids;
        }
        self
    }

    /// Starts serving on 127.0.0.1 (a free port).
    pub fn start(self) -> RunningJumpCloud {
        self.start_on("127.0.0.1:0")
    }

    /// Starts serving on `address`, a loopback address. Snapshot tests give a fixed one (an
    /// address of 127.0.0.0/8 that nothing else uses), so the URL the window shows is the
    /// same in every run.
    pub fn start_on(self, address: &str) -> RunningJumpCloud {
        let reached = self
            .apps
            .iter()
            .map(|app| (app.id.clone(), reached_users(&self, app)))
            .collect();
        let state = Arc::new(ServerState {
            reached,
            fake: self,
            requests: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/api/{*rest}", any(handle))
            .with_state(Arc::clone(&state));
        let server = ServedRouter::start(address, app, ServerRuntime::Workers(2));
        RunningJumpCloud {
            url: format!("http://{}", server.address),
            state,
            _server: server,
        }
    }
}

impl RunningJumpCloud {
    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// Every request seen, in order.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.state
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }
}

fn message(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"message": text}).to_string(),
    )
        .into_response()
}

fn json_body(body: String, total: Option<usize>) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Some(value) = total.and_then(|total| total.to_string().parse().ok()) {
        response.headers_mut().insert("x-total-count", value);
    }
    response
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    OriginalUri(uri): OriginalUri,
    Path(rest): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let number = state.requests.fetch_add(1, Ordering::SeqCst);
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    if let Ok(mut seen) = state.seen.lock() {
        seen.push(SeenRequest {
            method: method.to_string(),
            uri: uri.to_string(),
            api_key: text("x-api-key"),
            org_id: text("x-org-id"),
            accept: text("accept"),
        });
    }
    let fake = &state.fake;
    if !fake.latency.is_zero() {
        tokio::time::sleep(fake.latency).await;
    }
    if method != Method::GET {
        return message(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
    }
    if number < fake.throttle_first {
        return with_retry_after(
            message(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests"),
            fake,
        );
    }
    if number < fake.throttle_first + fake.gateway_errors_first {
        return with_retry_after(
            message(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable"),
            fake,
        );
    }
    if text("x-api-key").as_deref() != Some(fake.key.as_str()) {
        return message(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let path = format!("/api/{rest}");
    if let Some(refusal) = org_id_refusal(fake, &path, text("x-org-id")) {
        return refusal;
    }
    if let Some((_, status)) = fake
        .fail_paths
        .iter()
        .find(|(part, _)| path.contains(part.as_str()))
    {
        let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return message(status, status.canonical_reason().unwrap_or("Error"));
    }
    if let Some((_, body)) = fake
        .garbage_paths
        .iter()
        .find(|(part, _)| path.contains(part.as_str()))
    {
        return json_body(body.clone(), None);
    }
    route(&state, &path, &query)
}

fn with_retry_after(mut response: Response, fake: &FakeJumpCloud) -> Response {
    if let Some(value) = fake.retry_after.as_deref().and_then(|v| v.parse().ok()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The `x-org-id` rules: 400 malformed, 401 missing for a multi-tenant admin, 403 sent where
/// the route does not take it, 404 unknown organisation.
fn org_id_refusal(fake: &FakeJumpCloud, path: &str, org: Option<String>) -> Option<Response> {
    if path == "/api/organizations" {
        return org.map(|_| message(StatusCode::FORBIDDEN, "Forbidden"));
    }
    match org {
        None if fake.multi_tenant => Some(message(StatusCode::UNAUTHORIZED, "Unauthorized")),
        None => None,
        Some(id) if !id.chars().all(|c| c.is_ascii_hexdigit()) => {
            Some(message(StatusCode::BAD_REQUEST, "invalid organization id"))
        }
        Some(id) if id != fake.org_id => {
            Some(message(StatusCode::NOT_FOUND, "Organization not found"))
        }
        Some(_) => None,
    }
}

fn page<T>(items: &[T], query: &HashMap<String, String>) -> (usize, usize) {
    let limit = query
        .get("limit")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(10)
        .min(100);
    let skip = query
        .get("skip")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let start = skip.min(items.len());
    (start, (start + limit).min(items.len()))
}

fn v1_list(values: Vec<Value>, total: usize) -> Response {
    json_body(
        json!({"totalCount": total, "results": values}).to_string(),
        None,
    )
}

fn route(state: &ServerState, path: &str, query: &HashMap<String, String>) -> Response {
    let fake = &state.fake;
    let parts: Vec<&str> = path.trim_start_matches("/api/").split('/').collect();
    match parts.as_slice() {
        ["organizations"] => v1_list(
            vec![json!({"_id": fake.org_id, "id": fake.org_id, "displayName": "Example Org"})],
            1,
        ),
        ["applications"] => {
            let (from, to) = page(&fake.apps, query);
            let values = fake.apps[from..to]
                .iter()
                .map(|a| a.render(&fake.org_id))
                .collect();
            v1_list(values, fake.apps.len())
        }
        ["applications", id] => match find_app(fake, id) {
            Some(app) => json_body(app.render(&fake.org_id).to_string(), None),
            None => message(StatusCode::NOT_FOUND, "Not Found"),
        },
        ["organizations", org, "applications", id, "metadata.xml"] => {
            match (*org == fake.org_id, find_app(fake, id)) {
                (true, Some(app)) => metadata(app),
                _ => message(StatusCode::NOT_FOUND, "Not Found"),
            }
        }
        ["systemusers"] => {
            let (from, to) = page(&fake.users, query);
            let values = fake.users[from..to].iter().map(FakeUser::render).collect();
            v1_list(values, fake.users.len())
        }
        ["v2", "applications", id, rest] => match find_app(fake, id) {
            Some(app) => app_graph(state, app, rest, query),
            None => message(StatusCode::NOT_FOUND, "Not Found"),
        },
        ["v2", "usergroups", id, rest] => match fake.groups.iter().find(|g| g.id == *id) {
            Some(group) => group_graph(fake, group, rest, query),
            None => message(StatusCode::NOT_FOUND, "Not Found"),
        },
        _ => message(StatusCode::NOT_FOUND, "Not Found"),
    }
}

fn find_app<'a>(fake: &'a FakeJumpCloud, id: &str) -> Option<&'a FakeApp> {
    fake.apps.iter().find(|app| app.id == id)
}

fn metadata(app: &FakeApp) -> Response {
    let key = app
        .metadata_certificate
        .as_deref()
        .map(|cert| format!(
            "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        ))
        .unwrap_or_default();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{}\"><md:IDPSSODescriptor WantAuthnRequestsSigned=\"false\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">{key}<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"{}\"/></md:IDPSSODescriptor></md:EntityDescriptor>",
        app.idp_entity_id, app.sso_url
    );
    ([(header::CONTENT_TYPE, "application/xml")], xml).into_response()
}

fn graph_object(id: &str, kind: &str, via: &[(&str, &str)]) -> Value {
    let path: Vec<Value> = via
        .iter()
        .map(|(id, kind)| json!({"attributes": null, "to": {"attributes": null, "id": id, "type": kind}}))
        .collect();
    json!({"id": id, "type": kind, "compiledAttributes": {}, "paths": [path]})
}

fn v2_list(values: Vec<Value>, total: usize) -> Response {
    json_body(Value::Array(values).to_string(), Some(total))
}

/// The users `app`'s bound groups reach, in order, each with the first group reaching it.
fn reached_users(fake: &FakeJumpCloud, app: &FakeApp) -> Vec<(usize, String)> {
    let bound: BTreeSet<&str> = app.group_ids.iter().map(String::as_str).collect();
    let mut via: std::collections::BTreeMap<usize, &str> = std::collections::BTreeMap::new();
    for group in fake.groups.iter().filter(|g| bound.contains(g.id.as_str())) {
        for &member in &group.members {
            via.entry(member).or_insert(group.id.as_str());
        }
    }
    via.into_iter()
        .map(|(n, group)| (n, group.to_owned()))
        .collect()
}

fn app_graph(
    state: &ServerState,
    app: &FakeApp,
    rest: &str,
    query: &HashMap<String, String>,
) -> Response {
    match rest {
        "usergroups" => {
            let (from, to) = page(&app.group_ids, query);
            let values = app.group_ids[from..to]
                .iter()
                .map(|g| graph_object(g, "user_group", &[(app.id.as_str(), "application")]))
                .collect();
            v2_list(values, app.group_ids.len())
        }
        "associations" => {
            if query.get("targets").map(String::as_str) != Some("user_group") {
                return message(StatusCode::BAD_REQUEST, "targets is required");
            }
            let (from, to) = page(&app.group_ids, query);
            let values = app.group_ids[from..to]
                .iter()
                .map(|g| json!({"attributes": null, "from": {"attributes": null, "id": app.id, "type": "application"}, "to": {"attributes": null, "id": g, "type": "user_group"}}))
                .collect();
            v2_list(values, app.group_ids.len())
        }
        "users" => {
            let empty = Vec::new();
            let reached = state.reached.get(&app.id).unwrap_or(&empty);
            let (from, to) = page(reached, query);
            let values = reached[from..to]
                .iter()
                .filter_map(|(n, group)| {
                    let user = state.fake.users.get(*n)?;
                    Some(graph_object(
                        &user.id,
                        "user",
                        &[
                            (group.as_str(), "user_group"),
                            (app.id.as_str(), "application"),
                        ],
                    ))
                })
                .collect();
            v2_list(values, reached.len())
        }
        _ => message(StatusCode::NOT_FOUND, "Not Found"),
    }
}

fn group_graph(
    fake: &FakeJumpCloud,
    group: &FakeGroup,
    rest: &str,
    query: &HashMap<String, String>,
) -> Response {
    let (from, to) = page(&group.members, query);
    let users = group.members[from..to]
        .iter()
        .filter_map(|&n| fake.users.get(n));
    let values = match rest {
        "members" => users
            .map(|u| json!({"attributes": null, "to": {"attributes": null, "id": u.id, "type": "user"}}))
            .collect(),
        "membership" => users
            .map(|u| graph_object(&u.id, "user", &[(group.id.as_str(), "user_group")]))
            .collect(),
        _ => return message(StatusCode::NOT_FOUND, "Not Found"),
    };
    v2_list(values, group.members.len())
}
