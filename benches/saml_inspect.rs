//! How long the SAML response inspector takes on adversarial responses of about 1 MiB (the XML
//! cap): attributes, elements, namespaces, long text, deep nesting, many signatures. Each must
//! be inspected (or refused) in under 200 ms, the window's budget for a click. The input is
//! deflated and base64-encoded, as a response pasted from the HTTP-Redirect binding, so the
//! decoder's time counts too. Plain `Instant` timing, median of several runs.
//!
//! Run with `cargo bench --bench saml_inspect`; `KB4_BENCH_RUNS=9` changes the run count.
//! Exits with status 1 when a shape is over budget.

#[allow(dead_code)] // a bench uses only part of the tests' helpers
#[path = "../tests/support/hostile_saml.rs"]
mod hostile_saml;

use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, Instant};

use base64::Engine as _;
use kb4_setup::saml_response::{Expectations, inspect};
use time::OffsetDateTime;

const BUDGET: Duration = Duration::from_millis(200);

fn main() {
    let runs: usize = std::env::var("KB4_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let profile = if cfg!(debug_assertions) {
        "dev (debug assertions on)"
    } else {
        "release"
    };
    println!("kb4-setup SAML inspector benchmark, profile: {profile}, median of {runs} runs");
    let expectations = Expectations {
        acs_url: Some("https://training.knowbe4.com/auth/saml/a1b2c3d4e5f/callback".to_owned()),
        ..Expectations::default()
    };
    let now = OffsetDateTime::now_utc();
    let mut over = 0;
    for (name, xml) in hostile_saml::all() {
        let input = deflate_base64(&xml);
        let outcome = match inspect(input.as_bytes(), &expectations, now) {
            Ok(inspection) => format!("inspected, {} verdicts", inspection.verdicts.len()),
            Err(error) => format!("refused: {}", first_words(&error.to_string())),
        };
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                let _ = black_box(inspect(black_box(input.as_bytes()), &expectations, now));
                started.elapsed()
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        let verdict = if median < BUDGET { "ok" } else { "OVER BUDGET" };
        if median >= BUDGET {
            over += 1;
        }
        println!(
            "{name:<36} {:>8} KiB XML, {:>6} KiB pasted: {:>9.2} ms  {verdict}  ({outcome})",
            xml.len() / 1024,
            input.len() / 1024,
            median.as_secs_f64() * 1000.0
        );
    }
    if over > 0 {
        println!("{over} shape(s) over the {} ms budget", BUDGET.as_millis());
        std::process::exit(1);
    }
}

fn deflate_base64(xml: &str) -> String {
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(xml.as_bytes()).expect("in memory");
    base64::engine::general_purpose::STANDARD.encode(encoder.finish().expect("in memory"))
}

fn first_words(message: &str) -> String {
    message
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ")
}
