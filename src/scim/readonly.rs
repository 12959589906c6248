//! The read-only suite, the default: the URL's rules, DNS/TCP/TLS, ServiceProviderConfig, the
//! token proof (`GET /Users`), a lookup by userName, groups when they are on, and the schema
//! discovery endpoints as warnings. It creates and changes nothing.

use std::time::Instant;

use url::Url;

use super::check_id::CheckId;
use super::check_results::CheckResult;

use super::hints::{self, AnswerVerdict, DIRECTORY_INSIGHTS};
use super::network;
use super::probe::{Probe, SuiteEnv, random_hex};
use super::proxy::proxy_for;
use super::scim_json::{self, Body, ServiceProviderConfig, list_response, scim_type_is};
use super::sink::Sink;
use crate::tenant_url::{TenantUrl, warnings_text};
use crate::verdict::Verdict;

/// What the read-only suite learned that the lifecycle suite needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadonlyFindings {
    /// The token proof passed.
    pub token_ok: bool,
    /// What ServiceProviderConfig said about PATCH, if anything.
    pub patch_supported: Option<bool>,
}

/// Check 1: the URL's rules, which the URL passed before it got here (the field or the command
/// line refuses one that breaks them); what remains to say is any warning.
pub fn check_url(url: &TenantUrl, sink: &Sink) {
    let started = Instant::now();
    let warnings = url.warnings(None);
    let name = "Tenant URL format";
    let result = if !warnings.is_empty() {
        CheckResult::new(CheckId::Url, name, Verdict::Warn, "usable, with a warning")
            .with_hint(warnings_text(&warnings))
    } else {
        CheckResult::new(
            CheckId::Url,
            name,
            Verdict::Pass,
            "https, no trailing slash, knowbe4.com host",
        )
    };
    sink.push(result, started);
}

/// The checks after the URL, in order.
pub async fn run(env: &SuiteEnv, sink: &Sink) -> ReadonlyFindings {
    check_network(env, sink).await;
    let mut findings = ReadonlyFindings {
        patch_supported: check_service_provider_config(env, sink).await,
        ..Default::default()
    };
    findings.token_ok = check_users_list(env, sink).await;
    if findings.token_ok {
        check_users_filter(env, sink).await;
    } else {
        env.skip(
            sink,
            CheckId::UsersFilter,
            "User lookup by userName",
            "the token proof failed",
        );
    }
    check_groups(env, sink, findings.token_ok).await;
    check_discovery(env, sink).await;
    findings
}

/// DNS, TCP and TLS, against the tenant host or, when a proxy carries the traffic, the proxy.
async fn check_network(env: &SuiteEnv, sink: &Sink) {
    let limit = env.settings.timeout;
    let host = host_of(&env.base);
    let port = env.base.port_or_known_default().unwrap_or(443);
    let proxy =
        proxy_for(&host, env.settings.proxy_url.as_deref()).and_then(|p| Url::parse(&p).ok());
    let (target_host, target_port) = match &proxy {
        Some(proxy) => (
            host_of(proxy),
            proxy.port_or_known_default().unwrap_or(8080),
        ),
        None => (host.clone(), port),
    };
    let started = Instant::now();
    let (mut result, addrs) = network::check_dns(&target_host, target_port, limit).await;
    let via = |r: &mut CheckResult| {
        if proxy.is_some() {
            r.summary = format!("proxy {target_host}:{target_port}: {}", r.summary);
        }
    };
    via(&mut result);
    let dns_ok = result.status == Verdict::Pass;
    sink.push(result, started);
    if !dns_ok {
        env.mark_broken("the host name could not be resolved".into());
        return skip_many(
            env,
            sink,
            &[
                (CheckId::Tcp, "TCP connect"),
                (CheckId::Tls, "TLS handshake"),
            ],
            "DNS failed",
        );
    }
    let started = Instant::now();
    let (mut result, connected) = network::check_tcp(&addrs, limit).await;
    via(&mut result);
    sink.push(result, started);
    let Some(addr) = connected else {
        env.mark_broken("no TCP connection could be opened".into());
        return env.skip(sink, CheckId::Tls, "TLS handshake", "TCP connect failed");
    };
    if proxy.is_some() {
        return env.skip(
            sink,
            CheckId::Tls,
            "TLS handshake",
            "a proxy carries the connection; certificate problems show in the requests below",
        );
    }
    if env.base.scheme() != "https" {
        return env.skip(
            sink,
            CheckId::Tls,
            "TLS handshake",
            "plain http to this computer (a test server)",
        );
    }
    let started = Instant::now();
    let result = network::check_tls(&host, addr, &env.extra_roots, limit).await;
    if result.status == Verdict::Fail {
        env.mark_broken("the TLS handshake failed".into());
    }
    sink.push(result, started);
}

fn skip_many(env: &SuiteEnv, sink: &Sink, checks: &[(CheckId, &str)], reason: &str) {
    for &(id, name) in checks {
        env.skip(sink, id, name, reason);
    }
}

/// The host as DNS and TLS want it (IPv6 without brackets).
fn host_of(url: &Url) -> String {
    match url.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(host) => host.to_string(),
        None => String::new(),
    }
}

/// Reads ServiceProviderConfig. Many servers serve it without checking the token, so it is
/// never the token proof: HTTP failures here are warnings.
async fn check_service_provider_config(env: &SuiteEnv, sink: &Sink) -> Option<bool> {
    let probe = Probe::get(
        CheckId::ServiceProviderConfig,
        "ServiceProviderConfig",
        "/ServiceProviderConfig",
    )
    .warn_only();
    let mut patch = None;
    env.probe(sink, probe, |exchange, body| {
        if !(200..300).contains(&exchange.status) {
            return None;
        }
        Some(match body {
            Body::Json(value) if value.is_object() => {
                let config = ServiceProviderConfig::from_json(value);
                patch = config.patch;
                AnswerVerdict::pass(format!(
                    "{} (this endpoint is often open, so it does not prove the token)",
                    config.describe()
                ))
            }
            other => hints::body_verdict(other),
        })
    })
    .await;
    patch
}

/// The token proof: `GET /Users?startIndex=1&count=1` must give a ListResponse.
async fn check_users_list(env: &SuiteEnv, sink: &Sink) -> bool {
    let probe = Probe::get(CheckId::UsersList, "Token proof: list users", "/Users")
        .query("startIndex", "1")
        .query("count", "1");
    let answer = env
        .probe(sink, probe, |exchange, body| {
            if !(200..300).contains(&exchange.status) {
                return None;
            }
            let list = match body {
                Body::Json(value) => list_response(value),
                _ => None,
            };
            Some(match list {
                Some(list) => AnswerVerdict::pass(format!(
                    "the token works; the tenant has {} users",
                    list.total_results
                )),
                None => hints::body_verdict(body),
            })
        })
        .await;
    answer.is_some_and(|a| a.status != Verdict::Fail)
}

/// JumpCloud looks users up by userName before creating them: a user that does not exist must
/// give 200 and an empty ListResponse, not 404.
async fn check_users_filter(env: &SuiteEnv, sink: &Sink) {
    let user = format!("kb4-setup-check-{}@example.invalid", random_hex(6));
    let probe = Probe::get(CheckId::UsersFilter, "User lookup by userName", "/Users")
        .query("filter", &format!("userName eq \"{user}\""));
    env.probe(sink, probe, |exchange, body| {
        filter_verdict(exchange.status, body, "userName", "users")
    })
    .await;
}

/// How JumpCloud uses a lookup by `attribute`: users are looked up by userName before they are
/// created; for groups, only that a group of the same name is taken over is documented.
fn lookup_use(attribute: &str) -> &'static str {
    if attribute == "userName" {
        "JumpCloud looks users up this way before creating them"
    } else {
        "JumpCloud takes over a group of the same name, so it may look groups up this way"
    }
}

/// The shared judgement of a filter for a name that cannot exist.
fn filter_verdict(status: u16, body: &Body, attribute: &str, what: &str) -> Option<AnswerVerdict> {
    if status == 404 {
        return Some(AnswerVerdict::fail(
            format!("404 for a lookup by {attribute} that matches nothing"),
            format!(
                "SCIM requires 200 with an empty list when no {what} match. {}, so provisioning \
                 may fail; report this to KnowBe4 support. {DIRECTORY_INSIGHTS}",
                lookup_use(attribute)
            ),
        ));
    }
    if status == 400 {
        let why = if scim_type_is(body, "invalidFilter") {
            "invalidFilter"
        } else {
            "400 Bad Request"
        };
        return Some(AnswerVerdict::fail(
            format!("the server rejected the filter on {attribute} ({why})"),
            format!(
                "{} (`{attribute} eq \"...\"`); {attribute} is the filterable attribute \
                 documented for {what}. A rejection may mean the URL points to another SCIM \
                 service or to a legacy SCIM mode; check that User Provisioning is set to SCIM \
                 in KnowBe4.",
                lookup_use(attribute)
            ),
        ));
    }
    if !(200..300).contains(&status) {
        return None;
    }
    let list = match body {
        Body::Json(value) => list_response(value),
        _ => None,
    };
    Some(match list {
        Some(list) if list.total_results == 0 && list.resources.is_empty() => AnswerVerdict::pass(
            format!("200 and an empty list for a {attribute} that does not exist"),
        ),
        Some(list) => AnswerVerdict::fail(
            format!(
                "{} {what} returned for a {attribute} that cannot exist",
                list.total_results.max(list.resources.len() as u64)
            ),
            format!(
                "The server ignores the filter; a client that looks {what} up this way may match the wrong \
                     ones. Report this to KnowBe4 support."
            ),
        ),
        None => hints::body_verdict(body),
    })
}

/// Groups, when group management is on: a list, and a lookup by displayName.
async fn check_groups(env: &SuiteEnv, sink: &Sink, token_ok: bool) {
    let checks = [
        (CheckId::GroupsList, "Groups: list"),
        (CheckId::GroupsFilter, "Group lookup by displayName"),
    ];
    if !env.groups {
        return skip_many(env, sink, &checks, "group management is off");
    }
    if !token_ok {
        return skip_many(env, sink, &checks, "the token proof failed");
    }
    let probe = Probe::get(checks[0].0, checks[0].1, "/Groups")
        .query("startIndex", "1")
        .query("count", "1");
    env.probe(sink, probe, |exchange, body| {
        if !(200..300).contains(&exchange.status) {
            return None;
        }
        Some(match body {
            Body::Json(value) => list_response(value)
                .map(|list| {
                    AnswerVerdict::pass(format!("the tenant has {} groups", list.total_results))
                })
                .unwrap_or_else(|| hints::body_verdict(body)),
            other => hints::body_verdict(other),
        })
    })
    .await;
    let name = format!("kb4-setup-check-{}", random_hex(6));
    let probe = Probe::get(checks[1].0, checks[1].1, "/Groups")
        .query("filter", &format!("displayName eq \"{name}\""));
    env.probe(sink, probe, |exchange, body| {
        filter_verdict(exchange.status, body, "displayName", "groups")
    })
    .await;
}

/// `/Schemas` and `/ResourceTypes`: only warnings. Do they announce the enterprise and the
/// KnowBe4 extension (custom fields, languages, roles)?
async fn check_discovery(env: &SuiteEnv, sink: &Sink) {
    for (id, name, path) in [
        (CheckId::Schemas, "Schemas", "/Schemas"),
        (CheckId::ResourceTypes, "ResourceTypes", "/ResourceTypes"),
    ] {
        let probe = Probe::get(id, name, path).warn_only();
        env.probe(sink, probe, |exchange, body| {
            if !(200..300).contains(&exchange.status) {
                return None;
            }
            let Body::Json(value) = body else {
                return Some(hints::body_verdict(body));
            };
            Some(extensions_verdict(scim_json::extensions_present(value)))
        })
        .await;
    }
}

fn extensions_verdict((enterprise, knowbe4): (bool, bool)) -> AnswerVerdict {
    let word = |present: bool| if present { "present" } else { "absent" };
    let summary = format!(
        "enterprise extension {}, KnowBe4 extension {}",
        word(enterprise),
        word(knowbe4)
    );
    if enterprise && knowbe4 {
        AnswerVerdict::pass(summary)
    } else {
        AnswerVerdict::warn(
            summary,
            "This answer does not name the missing extension, and whether KnowBe4 names here \
             every schema it accepts is not documented: attributes of that extension \
             (department, organization, manager; KnowBe4's custom fields and languages) may not \
             arrive in KnowBe4. This check says nothing about the core attributes.",
        )
    }
}
