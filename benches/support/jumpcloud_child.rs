//! The measuring side of the JumpCloud rows of `benches/reconcile.rs`: one child process per
//! measurement. Prints one JSON line for the parent.
//!
//! - `jc-plain`: a plain sequential loop over the pages the scope needs (bound groups, their
//!   users, the directory), no parsing, one request at a time;
//! - `jc-scope`: the app's scope listing (concurrent pages, joined as they stream) and the
//!   comparison's index built from it; `jc-scope-seq`: the same, one request at a time;
//! - `jc-full-plain`: `jc-plain`, then a plain loop over the KnowBe4 tenant's pages;
//! - `jc-full`: the whole `reconcile --from-jumpcloud` run (scope, tenant, matching).

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kb4_setup::jumpcloud::{ApiBase, Connection, JumpCloudClient, parse_api_key};
use kb4_setup::provisioning::bound_scope::{ScopePaging, ScopeProgress, read_bound_scope};
use kb4_setup::provisioning::job::{BoundGroups, reconcile_bound_groups};
use kb4_setup::provisioning::paging::{PagingConfig, PagingProgress};
use kb4_setup::provisioning::reconcile::Reconciler;
use kb4_setup::provisioning::scope::ScopeApplication;
use kb4_setup::provisioning::skip_pages::SkipPaging;
use kb4_setup::tenant_url::TenantUrl;

use super::reconcile_child::{cpu_time, reset_peak, status_kb};

/// `args`: mode, JumpCloud URL, API key, application id, tenant URL, tenant token.
pub fn child(args: &[String]) {
    let (mode, url, key, app) = (args[0].as_str(), &args[1], &args[2], &args[3]);
    let (tenant, token) = (&args[4], &args[5]);
    let baseline = status_kb("VmRSS:");
    let reset = reset_peak();
    let started = Instant::now();
    let cpu_started = cpu_time();
    let note = match mode {
        "jc-plain" => plain_jumpcloud(url, key, app),
        "jc-full-plain" => {
            let jumpcloud = plain_jumpcloud(url, key, app);
            format!("{jumpcloud}; {}", plain_tenant(tenant, token))
        }
        "jc-scope" | "jc-scope-seq" => {
            let concurrency = if mode == "jc-scope" { 4 } else { 1 };
            scope_and_index(url, key, app, concurrency)
        }
        _ => full(url, key, app, tenant, token),
    };
    let wall = started.elapsed();
    let cpu = cpu_time() - cpu_started;
    let peak = status_kb("VmHWM:");
    let json = serde_json::json!({
        "wall_ms": wall.as_secs_f64() * 1000.0,
        "cpu_ms": cpu.as_secs_f64() * 1000.0,
        "load_ms": 0.0,
        "baseline_kb": baseline,
        "delta_kb": peak.saturating_sub(baseline),
        "note": format!("{note}; peak reset {reset}"),
    });
    println!("{json}");
}

fn client(url: &str, key: &str) -> JumpCloudClient {
    let mut connection = Connection::new(ApiBase::parse(url).expect("api url"));
    connection.client.timeout = Duration::from_secs(60);
    JumpCloudClient::new(&connection, parse_api_key(key).expect("key")).expect("client")
}

/// Every page of one list, one request at a time, up to the count in `x-total-count` (v2)
/// or until a page has fewer than 100 `"_id":` (v1); returns bytes and requests.
fn plain_list(http: &reqwest::blocking::Client, url: &str, key: &str) -> (usize, usize) {
    let (mut bytes, mut requests) = (0, 0);
    for page in 0.. {
        let response = http
            .get(format!("{url}?limit=100&skip={}&sort=_id", page * 100))
            .header("x-api-key", key)
            .header("accept", "application/json")
            .send()
            .expect("page");
        let total: Option<usize> = response
            .headers()
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body = response.bytes().expect("body");
        requests += 1;
        bytes += body.len();
        let done = match total {
            Some(total) => (page + 1) * 100 >= total,
            None => body.windows(6).filter(|w| w == b"\"_id\":").count() < 100,
        };
        if done {
            break;
        }
    }
    (bytes, requests)
}

fn plain_jumpcloud(url: &str, key: &str, app: &str) -> String {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let mut bytes = 0;
    let mut requests = 0;
    for list in [
        format!("{url}/api/v2/applications/{app}/usergroups"),
        format!("{url}/api/v2/applications/{app}/users"),
        format!("{url}/api/systemusers"),
    ] {
        let (b, r) = plain_list(&http, &list, key);
        bytes += b;
        requests += r;
    }
    format!("jumpcloud {requests} requests, {bytes} bytes")
}

fn plain_tenant(tenant: &str, token: &str) -> String {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let (mut start, mut requests) = (1usize, 0);
    loop {
        let body = http
            .get(format!("{tenant}/Users?startIndex={start}&count=100"))
            .bearer_auth(token)
            .send()
            .and_then(|r| r.bytes())
            .expect("page");
        requests += 1;
        let rows = body.windows(8).filter(|w| w == b"userName").count();
        if rows < 100 {
            break;
        }
        start += rows;
    }
    format!("tenant {requests} requests")
}

fn scope_and_index(url: &str, key: &str, app: &str, concurrency: usize) -> String {
    let client = client(url, key);
    let lists = SkipPaging {
        concurrency,
        ..SkipPaging::DEFAULT
    };
    let paging = ScopePaging {
        lists,
        ..ScopePaging::default()
    };
    let application = ScopeApplication {
        id: app.to_owned(),
        label: "KnowBe4".to_owned(),
    };
    let scope = read_bound_scope(
        &client,
        application,
        paging,
        &AtomicBool::new(false),
        &ScopeProgress::default(),
    )
    .expect("scope");
    let rows = scope.users.rows.len();
    let apart = scope.users.states.iter().filter(|s| s.set_apart()).count();
    let complete = scope.is_complete();
    let groups = scope.groups.len();
    let reconciler = Reconciler::new(scope.users.rows);
    let kept_kb = status_kb("VmRSS:");
    drop(reconciler);
    format!(
        "{} groups, {rows} users kept ({apart} STAGED/SUSPENDED), RSS with the index {kept_kb} KB, complete {}",
        groups, complete
    )
}

fn full(url: &str, key: &str, app: &str, tenant: &str, token: &str) -> String {
    let client = client(url, key);
    let mut config = PagingConfig::new(TenantUrl::parse(tenant).expect("tenant URL"));
    config.http.timeout = Duration::from_secs(60);
    let scope_from = BoundGroups {
        source: &client,
        application: ScopeApplication {
            id: app.to_owned(),
            label: "KnowBe4".to_owned(),
        },
        paging: ScopePaging::default(),
        progress: &ScopeProgress::default(),
    };
    let report = reconcile_bound_groups(
        &config,
        &kb4_setup::token::parse_pasted_token(token)
            .expect("a test token")
            .token,
        scope_from,
        &AtomicBool::new(false),
        &PagingProgress::default(),
        &|| {},
    )
    .expect("reconcile");
    let s = report.summary;
    format!(
        "matched {} jc-only {} kb4-only {} apart {} complete {}",
        s.matched,
        s.only_in_jumpcloud,
        s.only_in_knowbe4,
        report.staged_or_suspended.len(),
        report.is_complete()
    )
}
