//! The JumpCloud client against the loopback fake: paging, the v1 and v2 shapes, the
//! `x-api-key` / `x-org-id` rules, back-off on 429 and gateway answers, failure words, and
//! the IdP private key dropped on receipt.

use std::time::Duration;

use kb4_setup::jumpcloud::applications::{fetch_application, list_applications};
use kb4_setup::jumpcloud::metadata::{fetch_metadata, organisation_id};
use kb4_setup::jumpcloud::{
    ApiBase, Connection, JumpCloudClient, JumpCloudError, OrgId, V2Page, parse_api_key,
};
use kb4_setup::scim::retry::RetryPolicy;
use serde::Deserialize;
use support::fake_jumpcloud::{API_KEY, FakeApp, FakeJumpCloud, ORG_ID, PRIVATE_KEY_MARKER};

use crate::support;

/// Retries with no wait when the fake sends `Retry-After: 0`.
const QUICK: RetryPolicy = RetryPolicy {
    max_retries: 3,
    max_wait: Duration::from_secs(1),
    gateways: true,
};

fn client(url: &str, key: &str, org: Option<&str>) -> JumpCloudClient {
    let connection = Connection {
        org_id: org.map(|o| OrgId::parse(o).unwrap()),
        ..Connection::new(ApiBase::parse(url).unwrap())
    };
    JumpCloudClient::new(&connection, parse_api_key(key).unwrap())
        .unwrap()
        .with_retry(QUICK)
}

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    JumpCloudClient::block_on(future).unwrap()
}

fn many_apps(count: usize) -> Vec<FakeApp> {
    (0..count)
        .map(|n| FakeApp::other(&format!("{n:024x}"), &format!("App {n}")))
        .collect()
}

#[test]
fn applications_are_paged_by_100_sorted_by_id_until_the_total() {
    let mut apps = many_apps(250);
    apps.push(FakeApp::knowbe4(
        "ffff00000000000000000001",
        "KnowBe4",
        "Ab12",
    ));
    let server = FakeJumpCloud {
        apps,
        ..FakeJumpCloud::default()
    }
    .start();
    let listed = run(list_applications(&client(&server.url, API_KEY, None))).unwrap();
    assert_eq!(listed.len(), 251);
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    for (page, request) in seen.iter().enumerate() {
        assert!(request.uri.contains("limit=100"), "{request:?}");
        assert!(
            request.uri.contains(&format!("skip={}", page * 100)),
            "{request:?}"
        );
        assert!(request.uri.contains("sort=_id"), "{request:?}");
        assert_eq!(request.method, "GET");
        assert_eq!(request.org_id, None);
    }
    assert_eq!(listed.iter().filter(|a| a.looks_like_knowbe4()).count(), 1);
}

#[test]
fn the_private_key_in_config_is_dropped_on_receipt() {
    let server = FakeJumpCloud {
        apps: vec![FakeApp::knowbe4(
            "ffff00000000000000000001",
            "KnowBe4",
            "Ab12",
        )],
        ..FakeJumpCloud::default()
    }
    .start();
    let client = client(&server.url, API_KEY, None);
    let app = run(fetch_application(&client, "ffff00000000000000000001")).unwrap();
    let listed = run(list_applications(&client)).unwrap();
    let shown = format!(
        "{app:?} {listed:?} {} {client:?}",
        serde_json::to_string(&app).unwrap()
    );
    assert!(!shown.contains("FAKE-IDP-PRIVATE-KEY"), "{shown}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(PRIVATE_KEY_MARKER.contains("FAKE-IDP-PRIVATE-KEY"));
    assert_eq!(app.saml.sp_entity_id.as_deref(), Some("KnowBe4"));
}

#[test]
fn v2_lists_are_bare_arrays_with_a_total_header() {
    let server = FakeJumpCloud {
        apps: vec![FakeApp::knowbe4(
            "ffff00000000000000000001",
            "KnowBe4",
            "Ab12",
        )],
        ..FakeJumpCloud::default()
    }
    .with_directory(230, 100)
    .start();
    #[derive(Deserialize)]
    struct Node {
        id: String,
    }
    let client = client(&server.url, API_KEY, None);
    let page: V2Page<Node> = run(client.get_v2_page(
        "the users",
        "/api/v2/applications/ffff00000000000000000001/users",
        &[],
        200,
    ))
    .unwrap();
    assert_eq!(page.total_count, Some(230));
    assert_eq!(page.items.len(), 30);
    assert!(!page.items[0].id.is_empty());
}

#[test]
fn throttling_and_gateway_errors_are_retried_a_bounded_number_of_times() {
    let apps = vec![FakeApp::knowbe4(
        "ffff00000000000000000001",
        "KnowBe4",
        "Ab12",
    )];
    let recovering = FakeJumpCloud {
        apps: apps.clone(),
        throttle_first: 2,
        gateway_errors_first: 1,
        retry_after: Some("0".into()),
        ..FakeJumpCloud::default()
    }
    .start();
    let listed = run(list_applications(&client(&recovering.url, API_KEY, None))).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(recovering.requests(), 4);
    let stuck = FakeJumpCloud {
        apps,
        throttle_first: 100,
        retry_after: Some("0".into()),
        ..FakeJumpCloud::default()
    }
    .start();
    let error = run(list_applications(&client(&stuck.url, API_KEY, None))).unwrap_err();
    assert_eq!(
        error,
        JumpCloudError::Throttled {
            what: "the applications".into(),
            attempts: 4
        }
    );
    assert_eq!(stuck.requests(), 4);
    assert!(error.to_string().contains("429"), "{error}");
}

#[test]
fn each_refusal_has_its_own_words() {
    let apps = vec![FakeApp::knowbe4(
        "ffff00000000000000000001",
        "KnowBe4",
        "Ab12",
    )];
    let server = FakeJumpCloud {
        apps: apps.clone(),
        multi_tenant: true,
        ..FakeJumpCloud::default()
    }
    .start();
    // The multi-tenant fake asked with each key and organisation id.
    let listing =
        |key: &str, org: Option<&str>| run(list_applications(&client(&server.url, key, org)));
    let error = listing(API_KEY, None).unwrap_err();
    assert!(
        matches!(error, JumpCloudError::UnauthorizedWithoutOrgId { .. }),
        "{error}"
    );
    let error = listing("wrong", Some(ORG_ID)).unwrap_err();
    assert!(
        matches!(error, JumpCloudError::Unauthorized { .. }),
        "{error}"
    );
    let error = listing(API_KEY, Some("not-hex")).unwrap_err();
    assert!(matches!(error, JumpCloudError::BadOrgId { .. }), "{error}");
    let error = listing(API_KEY, Some("abcdef")).unwrap_err();
    assert!(matches!(error, JumpCloudError::NotFound { .. }), "{error}");
    let listed = listing(API_KEY, Some(ORG_ID)).unwrap();
    assert_eq!(listed.len(), 1);

    let forbidden = FakeJumpCloud {
        apps,
        fail_paths: vec![("/api/applications".into(), 403)],
        ..FakeJumpCloud::default()
    }
    .start();
    let error = run(list_applications(&client(&forbidden.url, API_KEY, None))).unwrap_err();
    assert!(matches!(error, JumpCloudError::Forbidden { .. }), "{error}");
    assert!(error.to_string().contains("role"), "{error}");
    assert!(
        error.to_string().contains("JumpCloud said: \"Forbidden\""),
        "{error}"
    );
}

#[test]
fn a_malformed_body_is_an_error_not_a_panic() {
    for body in [
        "<html>",
        "{\"results\": 5}",
        "[1, 2]",
        "{\"results\": [{\"_id\": 5}]}",
        "",
    ] {
        let server = FakeJumpCloud {
            garbage_paths: vec![("/api/applications".into(), body.into())],
            ..FakeJumpCloud::default()
        }
        .start();
        let error = run(list_applications(&client(&server.url, API_KEY, None))).unwrap_err();
        assert!(
            matches!(error, JumpCloudError::Malformed { .. }),
            "{body}: {error}"
        );
    }
}

#[test]
fn a_silent_server_times_out_in_the_checks_words() {
    let server = FakeJumpCloud {
        latency: Duration::from_secs(3),
        ..FakeJumpCloud::default()
    }
    .start();
    let mut connection = Connection::new(ApiBase::parse(&server.url).unwrap());
    connection.client.timeout = Duration::from_secs(1);
    let client = JumpCloudClient::new(&connection, parse_api_key(API_KEY).unwrap()).unwrap();
    let error = run(list_applications(&client)).unwrap_err();
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[test]
fn metadata_is_read_from_the_organisation() {
    let mut app = FakeApp::knowbe4("ffff00000000000000000001", "KnowBe4", "Ab12");
    app.metadata_certificate = Some("MIIBAAAA".into());
    let server = FakeJumpCloud {
        apps: vec![app],
        ..FakeJumpCloud::default()
    }
    .start();
    let client = client(&server.url, API_KEY, None);
    let org = run(organisation_id(&client, None)).unwrap().unwrap();
    assert_eq!(org, ORG_ID);
    let metadata = run(fetch_metadata(&client, &org, "ffff00000000000000000001")).unwrap();
    assert_eq!(metadata.entity_id.as_deref(), Some("JumpCloud"));
    assert_eq!(metadata.certificate_base64.as_deref(), Some("MIIBAAAA"));
    let organisations = server
        .seen()
        .into_iter()
        .find(|r| r.uri.starts_with("/api/organizations?"))
        .unwrap();
    assert_eq!(organisations.org_id, None);
}
