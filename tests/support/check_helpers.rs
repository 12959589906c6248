//! Helpers shared by the SCIM check tests: a token made at test time, a request aimed at a
//! test server, and lookups in a report.

use std::time::Duration;

use kb4_setup::scim::CheckId;
use kb4_setup::scim::probe::random_hex;
use kb4_setup::scim::runner::{RunRequest, run_blocking};
use kb4_setup::scim::{CheckReport, CheckResult, ClientSettings};
use kb4_setup::verdict::Verdict;

/// A fresh token for one test.
pub fn new_token() -> String {
    format!("test-token-{}", random_hex(16))
}

/// A read-only request to `base_url` with a short timeout.
pub fn request(base_url: &str, token: &str, timeout_secs: u64) -> RunRequest {
    let mut request = RunRequest::readonly(
        kb4_setup::tenant_url::TenantUrl::parse(base_url).expect("a test tenant URL"),
        kb4_setup::token::parse_pasted_token(token)
            .expect("a test token")
            .token,
    );
    request.settings = ClientSettings {
        timeout: Duration::from_secs(timeout_secs),
        ..ClientSettings::default()
    };
    request
}

pub fn run(request: RunRequest) -> CheckReport {
    run_blocking(request).expect("the run delivers a report")
}

/// The (first) result with this id; panics with the whole report when missing.
pub fn result(report: &CheckReport, id: CheckId) -> &CheckResult {
    report
        .result(id)
        .unwrap_or_else(|| panic!("no result '{id:?}' in:\n{}", report.to_text()))
}

pub fn status(report: &CheckReport, id: CheckId) -> Verdict {
    result(report, id).status
}

/// Asserts the report never contains the token, in any form it is saved or shown.
pub fn assert_token_absent(report: &CheckReport, token: &str) {
    let json = serde_json::to_string(report).expect("report serializes");
    assert!(!json.contains(token), "token leaked into the report JSON");
    assert!(
        !report.to_text().contains(token),
        "token leaked into the report text"
    );
}
