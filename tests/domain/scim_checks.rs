//! The read-only suite against real loopback servers: the happy path, each failure status and
//! body, transport failures, redirects (asserted on the server side), and TLS problems.

use std::time::{Duration, Instant};

use axum::http::Method;
use check_helpers::{assert_token_absent, new_token, request, result, run, status};
use kb4_setup::scim::{CheckId, RunOutcome};
use kb4_setup::verdict::Verdict;
use scim_server::routes::{Fault, FaultKind};
use scim_server::test_pki::{LeafKind, TestPki};
use scim_server::{Behavior, ConnectionMode, ScimServer, ServerOptions};

use crate::support::check_helpers;
use crate::support::scim_server;

#[test]
fn happy_path_over_https_with_the_extra_ca_passes_every_check() {
    let pki = TestPki::new();
    let token = new_token();
    let server = ScimServer::start(ServerOptions::https(&token, pki.leaf(LeafKind::Valid)));
    server.add_user("existing@corp.example");
    let mut request = request(&server.base_url, &token, 5);
    request.groups = true;
    request.settings.extra_ca_file = Some(pki.ca_file.path().to_owned());
    let report = run(request);
    assert_eq!(report.outcome, RunOutcome::Completed);
    for id in [
        CheckId::Url,
        CheckId::Dns,
        CheckId::Tcp,
        CheckId::Tls,
        CheckId::ServiceProviderConfig,
        CheckId::UsersList,
        CheckId::UsersFilter,
        CheckId::GroupsList,
        CheckId::GroupsFilter,
        CheckId::Schemas,
        CheckId::ResourceTypes,
    ] {
        assert_eq!(
            status(&report, id),
            Verdict::Pass,
            "{id:?}:\n{}",
            report.to_text()
        );
    }
    assert!(
        result(&report, CheckId::UsersList)
            .summary
            .contains("1 users")
    );
    assert!(result(&report, CheckId::Tls).summary.contains(&pki.ca_name));
    assert!(
        result(&report, CheckId::ServiceProviderConfig)
            .summary
            .contains("patch yes")
    );
    assert_eq!(
        result(&report, CheckId::UsersList).request.as_deref(),
        Some("GET /scim/v2/Users?startIndex=1&count=1")
    );
    assert!(!report.has_failures());
    assert_token_absent(&report, &token);
    // The server saw the token on the token proof: the checks really sent it.
    assert!(
        server
            .authorizations()
            .iter()
            .any(|a| a == &format!("Bearer {token}"))
    );
}

#[test]
fn plain_http_on_loopback_passes_with_a_url_warning() {
    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let report = run(request(&server.base_url, &token, 5));
    assert_eq!(status(&report, CheckId::Url), Verdict::Warn);
    assert_eq!(status(&report, CheckId::Tls), Verdict::Skip);
    assert_eq!(status(&report, CheckId::UsersList), Verdict::Pass);
    assert_eq!(status(&report, CheckId::GroupsList), Verdict::Skip);
    assert!(!report.has_failures(), "{}", report.to_text());
}

#[test]
fn each_failure_status_of_the_token_proof_gets_its_own_hint() {
    let token = new_token();
    let cases: [(u16, &str); 5] = [
        (401, "Regenerate SCIM Token"),
        (403, "SCIM (not ADI)"),
        (404, "Tenant URL again"),
        (500, "problem on its side"),
        (503, "problem on its side"),
    ];
    for (code, hint) in cases {
        let server = ScimServer::start(
            ServerOptions::http(&token)
                .behavior(Behavior::failing_get("/Users", FaultKind::Status(code))),
        );
        let report = run(request(&server.base_url, &token, 5));
        let users = result(&report, CheckId::UsersList);
        assert_eq!(users.status, Verdict::Fail, "{code}");
        assert_eq!(users.http_status, Some(code));
        assert!(
            users.hint.as_deref().unwrap_or_default().contains(hint),
            "{code}: {users:?}"
        );
        assert_eq!(
            status(&report, CheckId::UsersFilter),
            Verdict::Skip,
            "{code}"
        );
        assert!(report.has_failures());
    }
}

#[test]
fn rate_limiting_is_honoured_once_then_reported() {
    let token = new_token();
    let always = ScimServer::start(
        ServerOptions::http(&token)
            .behavior(Behavior::failing_get("/Users", FaultKind::RateLimited(1))),
    );
    let report = run(request(&always.base_url, &token, 5));
    let users = result(&report, CheckId::UsersList);
    assert_eq!(users.status, Verdict::Fail);
    assert_eq!(users.http_status, Some(429));
    assert!(
        users.duration_ms >= 1000,
        "Retry-After was not honoured: {users:?}"
    );
    assert_eq!(
        always
            .requests()
            .iter()
            .filter(|r| r.path_and_query.contains("count=1"))
            .count(),
        2
    );

    let once = Behavior::with_faults(vec![
        Fault::on(Some(Method::GET), "/Users", FaultKind::RateLimited(1)).times(1),
    ]);
    let server = ScimServer::start(ServerOptions::http(&token).behavior(once));
    let report = run(request(&server.base_url, &token, 5));
    assert_eq!(
        status(&report, CheckId::UsersList),
        Verdict::Warn,
        "{}",
        report.to_text()
    );
    assert_eq!(status(&report, CheckId::UsersFilter), Verdict::Pass);
}

#[test]
fn html_non_scim_json_malformed_json_and_huge_bodies_are_told_apart() {
    let token = new_token();
    let cases = [
        (FaultKind::Html, "HTML page"),
        (FaultKind::NonScimJson, "not a SCIM ListResponse"),
        (FaultKind::MalformedJson, "broken JSON"),
        (FaultKind::HugeBody(6 * 1024 * 1024), "larger than"),
    ];
    for (kind, summary) in cases {
        let server = ScimServer::start(
            ServerOptions::http(&token).behavior(Behavior::failing_get("/Users", kind.clone())),
        );
        let report = run(request(&server.base_url, &token, 5));
        let users = result(&report, CheckId::UsersList);
        assert_eq!(users.status, Verdict::Fail, "{kind:?}");
        assert!(users.summary.contains(summary), "{kind:?}: {users:?}");
        assert!(
            users
                .excerpt
                .as_deref()
                .is_none_or(|e| e.chars().count() <= 241),
            "{kind:?}"
        );
    }
}

#[test]
fn a_server_that_never_answers_gets_a_verdict_within_the_timeout_plus_one_second() {
    let token = new_token();
    for options in [
        ServerOptions::http(&token).mode(ConnectionMode::NeverAnswer),
        ServerOptions::http(&token).behavior(Behavior::with_faults(vec![Fault::on(
            None,
            "/",
            FaultKind::NeverAnswer,
        )])),
    ] {
        let server = ScimServer::start(options);
        let started = Instant::now();
        let report = run(request(&server.base_url, &token, 1));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
        let spc = result(&report, CheckId::ServiceProviderConfig);
        assert_eq!(spc.status, Verdict::Fail);
        assert!(spc.summary.contains("no answer within 1 s"), "{spc:?}");
        assert_eq!(status(&report, CheckId::UsersList), Verdict::Skip);
        assert!(report.has_failures());
    }
}

#[test]
fn connection_refused_and_connection_reset_are_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let report = run(request(&format!("http://127.0.0.1:{port}/scim/v2"), "t", 2));
    let tcp = result(&report, CheckId::Tcp);
    assert_eq!(tcp.status, Verdict::Fail);
    assert!(
        tcp.hint
            .as_deref()
            .unwrap_or_default()
            .contains("nothing accepts connections"),
        "{tcp:?}"
    );
    assert_eq!(status(&report, CheckId::UsersList), Verdict::Skip);

    let token = new_token();
    let server = ScimServer::start(ServerOptions::http(&token).mode(ConnectionMode::ResetOnAccept));
    let report = run(request(&server.base_url, &token, 2));
    // Depending on timing the reset shows at TCP connect or on the first request.
    let first_failure = report
        .results
        .iter()
        .find(|r| r.status == Verdict::Fail)
        .expect("a failure");
    assert!(
        [CheckId::Tcp, CheckId::ServiceProviderConfig].contains(&first_failure.id),
        "{}",
        report.to_text()
    );
    let words = format!(
        "{} {}",
        first_failure.summary,
        first_failure.hint.as_deref().unwrap_or_default()
    )
    .to_ascii_lowercase();
    assert!(words.contains("reset"), "{first_failure:?}");
    assert_eq!(status(&report, CheckId::UsersList), Verdict::Skip);
}

#[test]
fn a_redirect_to_http_is_not_followed_and_no_token_reaches_the_target() {
    let pki = TestPki::new();
    let token = new_token();
    let target = ScimServer::start(ServerOptions::http(&token));
    let location = format!("{}/Users?startIndex=1&count=1", target.base_url);
    let server = ScimServer::start(
        ServerOptions::https(&token, pki.leaf(LeafKind::Valid)).behavior(Behavior::failing_get(
            "/Users",
            FaultKind::RedirectTo(location.clone()),
        )),
    );
    let mut request = request(&server.base_url, &token, 5);
    request.settings.extra_ca_file = Some(pki.ca_file.path().to_owned());
    let report = run(request);
    let users = result(&report, CheckId::UsersList);
    assert_eq!(users.status, Verdict::Fail);
    assert_eq!(users.http_status, Some(302));
    // Shown without its query string, which a server may fill with anything.
    let shown = format!("{}/Users?…", target.base_url);
    assert!(users.summary.contains(&shown), "{users:?}");
    assert!(users.summary.contains("not followed"), "{users:?}");
    assert!(
        users
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("plain http"),
        "{users:?}"
    );
    assert!(
        target.requests().is_empty(),
        "the redirect target was contacted: {:?}",
        target.requests()
    );
    assert!(target.authorizations().is_empty());
}

#[test]
fn a_redirect_to_another_host_is_not_followed_and_no_token_reaches_it() {
    let pki = TestPki::new();
    let token = new_token();
    let other_host = ScimServer::start(
        ServerOptions::https(&token, pki.leaf(LeafKind::Valid)).url_host("localhost"),
    );
    let location = format!("{}/Users", other_host.base_url);
    assert!(location.starts_with("https://localhost:"));
    let server = ScimServer::start(
        ServerOptions::https(&token, pki.leaf(LeafKind::Valid)).behavior(Behavior::failing_get(
            "/Users",
            FaultKind::RedirectTo(location.clone()),
        )),
    );
    let mut request = request(&server.base_url, &token, 5);
    request.settings.extra_ca_file = Some(pki.ca_file.path().to_owned());
    let report = run(request);
    let users = result(&report, CheckId::UsersList);
    assert_eq!(users.status, Verdict::Fail);
    assert!(users.summary.contains(&location), "{users:?}");
    assert!(
        users
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("another host"),
        "{users:?}"
    );
    assert!(
        other_host.authorizations().is_empty(),
        "token sent to the other host"
    );
    assert!(other_host.requests().is_empty());
}

#[test]
fn self_signed_tls_fails_without_the_extra_ca_and_names_the_issuer() {
    let pki = TestPki::new();
    let token = new_token();
    let server = ScimServer::start(ServerOptions::https(&token, pki.leaf(LeafKind::Valid)));
    let report = run(request(&server.base_url, &token, 5));
    let tls = result(&report, CheckId::Tls);
    assert_eq!(tls.status, Verdict::Fail);
    assert!(tls.summary.contains(&pki.ca_name), "{tls:?}");
    let hint = tls.hint.as_deref().unwrap_or_default();
    assert!(
        hint.contains("inspects TLS") && hint.contains("--ca-file"),
        "{hint}"
    );
    assert_eq!(status(&report, CheckId::UsersList), Verdict::Skip);
    assert!(
        server.authorizations().is_empty(),
        "the token was sent over an untrusted connection"
    );
}

#[test]
fn expired_and_wrong_host_certificates_fail_even_with_the_extra_ca() {
    let pki = TestPki::new();
    let token = new_token();
    for (kind, expected) in [
        (LeafKind::Expired, "expired"),
        (LeafKind::WrongName, "wrong-host.example"),
    ] {
        let server = ScimServer::start(ServerOptions::https(&token, pki.leaf(kind)));
        let mut request = request(&server.base_url, &token, 5);
        request.settings.extra_ca_file = Some(pki.ca_file.path().to_owned());
        let report = run(request);
        let tls = result(&report, CheckId::Tls);
        assert_eq!(tls.status, Verdict::Fail, "{kind:?}");
        assert!(tls.summary.contains(expected), "{kind:?}: {tls:?}");
        assert!(report.has_failures());
        assert!(server.authorizations().is_empty(), "{kind:?}: token sent");
    }
}

#[test]
fn an_open_service_provider_config_with_a_wrong_token_still_fails_the_token_proof() {
    let token = new_token();
    let behavior = Behavior {
        open_service_provider_config: true,
        ..Behavior::default()
    };
    let server = ScimServer::start(ServerOptions::http(&token).behavior(behavior));
    let report = run(request(&server.base_url, "not-the-right-token", 5));
    assert_eq!(
        status(&report, CheckId::ServiceProviderConfig),
        Verdict::Pass
    );
    let users = result(&report, CheckId::UsersList);
    assert_eq!(users.status, Verdict::Fail);
    assert_eq!(users.http_status, Some(401));
    assert!(report.has_failures());
}

#[test]
fn missing_schema_extensions_are_only_warnings() {
    let token = new_token();
    let behavior = Behavior {
        without_knowbe4_extension: true,
        ..Behavior::default()
    };
    let server = ScimServer::start(ServerOptions::http(&token).behavior(behavior));
    let report = run(request(&server.base_url, &token, 5));
    assert_eq!(status(&report, CheckId::Schemas), Verdict::Warn);
    assert!(
        result(&report, CheckId::ResourceTypes)
            .summary
            .contains("KnowBe4 extension absent")
    );
    assert!(!report.has_failures(), "{}", report.to_text());
}
