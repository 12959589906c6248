//! Times the read-only suite against the loopback test server (HTTPS with a test CA), beside
//! the same HTTP requests made one after another by a single `curl` run. Prints both medians
//! and the ratio; the goal is at most 1.5×.
//!
//! Run with `cargo bench --bench scim_checks`. Needs `curl` on the PATH.

#[allow(dead_code)] // a bench uses only part of the tests' helpers
#[path = "../tests/support/scim_server/mod.rs"]
mod scim_server;

use std::process::Command;
use std::time::{Duration, Instant};

use kb4_setup::scim::ClientSettings;
use kb4_setup::scim::probe::random_hex;
use kb4_setup::scim::runner::{RunRequest, run_blocking};
use scim_server::test_pki::{LeafKind, TestPki};
use scim_server::{ScimServer, ServerOptions};
use secrecy::SecretString;

const ROUNDS: usize = 20;

/// The requests the read-only suite makes (groups off), in order.
fn suite_paths() -> Vec<String> {
    vec![
        "/ServiceProviderConfig".into(),
        "/Users?startIndex=1&count=1".into(),
        format!(
            "/Users?filter=userName%20eq%20%22kb4-setup-check-{}%40example.invalid%22",
            random_hex(6)
        ),
        "/Schemas".into(),
        "/ResourceTypes".into(),
    ]
}

fn time_suite(base_url: &str, token: &str, ca_file: &std::path::Path) -> Duration {
    let mut request = RunRequest::readonly(base_url, SecretString::from(token.to_owned()));
    request.settings = ClientSettings {
        extra_ca_file: Some(ca_file.to_owned()),
        ..ClientSettings::default()
    };
    let started = Instant::now();
    let report = run_blocking(request).expect("report");
    let took = started.elapsed();
    assert!(
        !report.has_failures(),
        "the suite failed:\n{}",
        report.to_text()
    );
    took
}

fn time_curl(base_url: &str, token: &str, ca_file: &std::path::Path) -> Duration {
    let mut command = Command::new("curl");
    command
        .args(["--silent", "--show-error", "--fail", "--cacert"])
        .arg(ca_file)
        .args(["--header", &format!("Authorization: Bearer {token}")]);
    for path in suite_paths() {
        command.args(["--output", "/dev/null", &format!("{base_url}{path}")]);
    }
    let started = Instant::now();
    let status = command.status().expect("run curl");
    let took = started.elapsed();
    assert!(status.success(), "curl failed");
    took
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let pki = TestPki::new();
    let token = format!("bench-{}", random_hex(16));
    let server = ScimServer::start(ServerOptions::https(&token, pki.leaf(LeafKind::Valid)));
    server.add_user("someone@corp.example");
    let ca_file = pki.ca_file.path();
    // Warm up both (page cache, first TLS setup) before measuring.
    time_suite(&server.base_url, &token, ca_file);
    time_curl(&server.base_url, &token, ca_file);
    let mut suite = Vec::with_capacity(ROUNDS);
    let mut curl = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        suite.push(time_suite(&server.base_url, &token, ca_file));
        curl.push(time_curl(&server.base_url, &token, ca_file));
    }
    let (suite, curl) = (median(suite), median(curl));
    let ratio = suite.as_secs_f64() / curl.as_secs_f64();
    println!(
        "read-only suite (DNS, TCP, TLS + 5 requests), median of {ROUNDS}: {:.1} ms",
        suite.as_secs_f64() * 1000.0
    );
    println!(
        "curl, the same 5 requests in one run, median of {ROUNDS}:       {:.1} ms",
        curl.as_secs_f64() * 1000.0
    );
    println!(
        "ratio suite/curl: {ratio:.2}x (goal <= 1.5x){}",
        if ratio <= 1.5 { "" } else { "  ABOVE GOAL" }
    );
}
