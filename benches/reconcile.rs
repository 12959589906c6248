//! Benchmark: reconcile 10,000 and 100,000 tenant users against the loopback SCIM server,
//! beside a plain HTTP loop paging through the same users (no JSON parsing, no matching).
//!
//! Run: `cargo bench --bench reconcile` (release) or, faster to build,
//! `cargo test --bench reconcile --profile dev` (prints the profile it was built with).
//! `KB4_BENCH_SIZES=10000,100000` and `KB4_BENCH_RUNS=3` change what is measured. A last row
//! repeats 10,000 users with every answer delayed by `KB4_BENCH_LATENCY_MS` (5; 0 skips it),
//! as a tenant across a network would answer.
//!
//! Each measurement runs in a fresh child process, so one run's memory cannot hide in
//! another's: the child loads the export and builds the index, records its RSS, resets
//! the peak (`/proc/self/clear_refs`), pages through the tenant, and reports the peak
//! (`VmHWM`) minus that baseline: the memory the paging and matching themselves added.
//! The server runs in the parent, so its copy of the tenant is not counted.
//!
//! The JumpCloud rows (first) measure `reconcile --from-jumpcloud`'s side: the scope listing
//! (bound groups, their users, the directory joined on it, pages fetched four at a time) and
//! the comparison's index, against the loopback JumpCloud fake holding the users plus 10%
//! outside the bound groups, beside a plain sequential loop over the same pages; then the
//! whole run with the KnowBe4 tenant, beside plain loops over both. `KB4_BENCH_PARTS=jumpcloud`
//! or `scim` runs one part only.

#[allow(dead_code)] // a bench uses only part of the tests' helpers
#[path = "../tests/support/fake_jumpcloud.rs"]
mod fake_jumpcloud;
#[path = "support/jumpcloud_child.rs"]
mod jumpcloud_child;
#[allow(dead_code)] // a bench uses only part of the tests' helpers
#[path = "../tests/support/paging_server.rs"]
mod paging_server;
#[path = "support/reconcile_child.rs"]
mod reconcile_child;
// The loopback servers share it as `super::serve_router`.
#[path = "../tests/support/serve_router.rs"]
mod serve_router;

use std::process::Command;
use std::time::Duration;

use paging_server::{PagingServer, Quirks, ServedUser};

const TOKEN: &str = "bench-token";
/// List sizes that stay the same whatever the tenant size, so list memory is constant.
const ONLY_KNOWBE4: usize = 100;
const ONLY_JUMPCLOUD: usize = 100;
const CONFLICTS: usize = 50;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        if args.get(2).is_some_and(|mode| mode.starts_with("jc-")) {
            jumpcloud_child::child(&args[2..]);
        } else {
            reconcile_child::child(&args[2..]);
        }
        return;
    }
    let sizes = env_list("KB4_BENCH_SIZES", &[10_000, 100_000]);
    let runs = env_list("KB4_BENCH_RUNS", &[3])[0].max(1);
    let profile = if cfg!(debug_assertions) {
        "dev (debug assertions on)"
    } else {
        "release"
    };
    println!(
        "kb4-setup reconcile benchmark, profile: {profile}, page size 100, {runs} run(s) each, median shown"
    );
    let parts = std::env::var("KB4_BENCH_PARTS").unwrap_or_else(|_| "scim,jumpcloud".into());
    if parts.contains("jumpcloud") {
        jumpcloud_rows(&sizes, runs);
    }
    if !parts.contains("scim") {
        return;
    }
    let mut rows = Vec::new();
    for size in sizes {
        rows.push(measure(size, runs, None));
    }
    // The same with each answer delayed, as a tenant on the internet answers: the time
    // spent matching then hides behind the wait for the next page.
    let latency = env_list("KB4_BENCH_LATENCY_MS", &[5])[0] as u64;
    if latency > 0 {
        rows.push(measure(10_000, runs, Some(Duration::from_millis(latency))));
    }
    println!(
        "\n{:>12} | {:>10} | {:>13} | {:>6} | {:>12} | {:>16} | {:>15} | {:>10} | {:>13} | {:>15} | {:>14}",
        "users",
        "plain ms",
        "reconcile ms",
        "ratio",
        "paired ratio",
        "fastest runs",
        "client CPU ms",
        "csv+idx ms",
        "plain Δpeak KB",
        "reconcile Δpeak KB",
        "index RSS KB"
    );
    for r in &rows {
        let fastest = format!(
            "{:.0}/{:.0} {:.2}x",
            r.reconcile_best_ms,
            r.plain_best_ms,
            r.reconcile_best_ms / r.plain_best_ms
        );
        let cpu = format!("{:.0}/{:.0}", r.reconcile_cpu_ms, r.plain_cpu_ms);
        println!(
            "{:>12} | {:>10.0} | {:>13.0} | {:>5.2}x | {:>11.2}x | {:>16} | {:>15} | {:>10.0} | {:>13} | {:>15} | {:>14}",
            r.label,
            r.plain_ms,
            r.reconcile_ms,
            r.reconcile_ms / r.plain_ms,
            r.paired_ratio,
            fastest,
            cpu,
            r.load_ms,
            r.plain_delta_kb,
            r.reconcile_delta_kb,
            r.baseline_kb
        );
    }
    println!(
        "ratio: of the medians; paired ratio: median of each run's reconcile/plain, the two \
         measured one right after the other, so a slow spell of a shared machine weighs on both; \
         fastest runs: reconcile/plain ms of the least disturbed runs; client CPU ms: reconcile/plain, all threads of the client process (not the server)"
    );
    println!(
        "goal: ratio <= 1.20x; reconcile Δpeak (memory added while paging) about the same for every size"
    );
}

struct Row {
    /// The user count, and the delay per answer if any.
    label: String,
    /// Fastest run of each: on a shared machine the least disturbed one.
    plain_best_ms: f64,
    reconcile_best_ms: f64,
    plain_ms: f64,
    reconcile_ms: f64,
    /// Median over runs of reconcile / plain within the same run.
    paired_ratio: f64,
    /// Median CPU time of the client process (all its threads), plain and reconcile.
    plain_cpu_ms: f64,
    reconcile_cpu_ms: f64,
    load_ms: f64,
    plain_delta_kb: u64,
    reconcile_delta_kb: u64,
    baseline_kb: u64,
}

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_vec())
}

/// Tenant users 0..size minus the JumpCloud-only ones; the export has all but the
/// KnowBe4-only ones; the first CONFLICTS matched users carry another first name.
fn dataset(size: usize) -> (Vec<ServedUser>, String) {
    let mut served = Vec::with_capacity(size);
    let mut csv = String::from("email,username,firstname,lastname,department\n");
    for i in 0..size + ONLY_JUMPCLOUD {
        let user = ServedUser::numbered(i);
        let only_knowbe4 = i < ONLY_KNOWBE4;
        let only_jumpcloud = i >= size;
        if !only_knowbe4 {
            csv.push_str(&format!(
                "{},{},{},{},Research\n",
                user.email, user.user_name, user.given_name, user.family_name
            ));
        }
        if !only_jumpcloud {
            let conflict = (ONLY_KNOWBE4..ONLY_KNOWBE4 + CONFLICTS).contains(&i);
            served.push(if conflict {
                ServedUser {
                    given_name: "Renamed".into(),
                    ..user
                }
            } else {
                user
            });
        }
    }
    (served, csv)
}

fn measure(size: usize, runs: usize, delay: Option<Duration>) -> Row {
    let (served, csv) = dataset(size);
    let server = PagingServer::start(
        &served,
        Quirks {
            token: Some(TOKEN.into()),
            delay,
            ..Quirks::default()
        },
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("users.csv");
    std::fs::write(&csv_path, csv).expect("write csv");
    let csv_arg = csv_path.display().to_string();
    let (mut plain, mut reconcile) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let before = server.requests();
        let p = run_child(&["plain", &server.base_url, &size.to_string()]);
        let plain_requests = server.requests() - before;
        let before = server.requests();
        let r = run_child(&["reconcile", &server.base_url, &csv_arg]);
        let reconcile_requests = server.requests() - before;
        let f = run_child(&["fetch", &server.base_url]);
        println!(
            "size {size} run {}: requests: plain {plain_requests}, reconcile {reconcile_requests}",
            run + 1
        );
        println!(
            "size {size} run {}: fetch+parse with the app's client, no matching: {:.0} ms",
            run + 1,
            f.wall_ms
        );
        println!(
            "size {size} run {}: plain {:.0} ms, CPU {:.0} ms (Δpeak {} KB, {}), reconcile {:.0} ms, CPU {:.0} ms (Δpeak {} KB, csv+index {:.0} ms, {})",
            run + 1,
            p.wall_ms,
            p.cpu_ms,
            p.delta_kb,
            p.note,
            r.wall_ms,
            r.cpu_ms,
            r.delta_kb,
            r.load_ms,
            r.note
        );
        plain.push(p);
        reconcile.push(r);
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Row {
        label: match delay {
            Some(delay) => format!("{size} +{}ms", delay.as_millis()),
            None => size.to_string(),
        },
        plain_best_ms: plain
            .iter()
            .map(|m| m.wall_ms)
            .fold(f64::INFINITY, f64::min),
        reconcile_best_ms: reconcile
            .iter()
            .map(|m| m.wall_ms)
            .fold(f64::INFINITY, f64::min),
        plain_ms: median(&mut plain.iter().map(|m| m.wall_ms).collect()),
        paired_ratio: median(
            &mut plain
                .iter()
                .zip(&reconcile)
                .map(|(p, r)| r.wall_ms / p.wall_ms)
                .collect(),
        ),
        reconcile_ms: median(&mut reconcile.iter().map(|m| m.wall_ms).collect()),
        plain_cpu_ms: median(&mut plain.iter().map(|m| m.cpu_ms).collect()),
        reconcile_cpu_ms: median(&mut reconcile.iter().map(|m| m.cpu_ms).collect()),
        load_ms: median(&mut reconcile.iter().map(|m| m.load_ms).collect()),
        plain_delta_kb: plain.iter().map(|m| m.delta_kb).max().unwrap_or(0),
        reconcile_delta_kb: reconcile.iter().map(|m| m.delta_kb).max().unwrap_or(0),
        baseline_kb: reconcile.iter().map(|m| m.baseline_kb).max().unwrap_or(0),
    }
}

struct Measurement {
    wall_ms: f64,
    cpu_ms: f64,
    load_ms: f64,
    delta_kb: u64,
    baseline_kb: u64,
    note: String,
}

fn run_child(args: &[&str]) -> Measurement {
    let exe = std::env::current_exe().expect("current exe");
    let output = Command::new(exe)
        .arg("--child")
        .args(args)
        .output()
        .expect("run child");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {text} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_str(text.trim()).expect("child JSON");
    Measurement {
        wall_ms: value["wall_ms"].as_f64().unwrap_or(f64::NAN),
        cpu_ms: value["cpu_ms"].as_f64().unwrap_or(f64::NAN),
        load_ms: value["load_ms"].as_f64().unwrap_or(0.0),
        delta_kb: value["delta_kb"].as_u64().unwrap_or(0),
        baseline_kb: value["baseline_kb"].as_u64().unwrap_or(0),
        note: value["note"].as_str().unwrap_or("").to_owned(),
    }
}

/// The JumpCloud scope rows: for each size, the plain loops, the scope listing (four
/// requests at a time, and one at a time) and the whole run, each in a child process.
fn jumpcloud_rows(sizes: &[usize], runs: usize) {
    const APP: &str = "5f0c00000000000000000a11";
    const PER_GROUP: usize = 1000;
    println!(
        "\nJumpCloud scope ({runs} run(s) each, median ms; Δpeak = memory added while reading)"
    );
    println!(
        "{:>8} | {:>9} | {:>9} | {:>7} | {:>13} | {:>10} | {:>9} | {:>7} | {:>15}",
        "users",
        "plain ms",
        "scope ms",
        "ratio",
        "one-at-a-time",
        "full plain",
        "full ms",
        "ratio",
        "scope Δpeak KB"
    );
    for &size in sizes {
        let mut fake = fake_jumpcloud::FakeJumpCloud {
            apps: vec![fake_jumpcloud::FakeApp::knowbe4(APP, "KnowBe4", "SAMLID")],
            ..Default::default()
        }
        .with_directory(size + size / 10, PER_GROUP);
        fake.apps[0].group_ids.truncate(size.div_ceil(PER_GROUP));
        let jumpcloud = fake.start();
        let served: Vec<ServedUser> = (0..size).map(ServedUser::numbered).collect();
        let tenant = PagingServer::start(
            &served,
            Quirks {
                token: Some(TOKEN.into()),
                ..Quirks::default()
            },
        );
        let key = fake_jumpcloud::API_KEY;
        let child =
            |mode: &str| run_child(&[mode, &jumpcloud.url, key, APP, &tenant.base_url, TOKEN]);
        let mut measured: [Vec<Measurement>; 5] = Default::default();
        for run in 0..runs {
            for (slot, mode) in [
                "jc-plain",
                "jc-scope",
                "jc-scope-seq",
                "jc-full-plain",
                "jc-full",
            ]
            .into_iter()
            .enumerate()
            {
                let m = child(mode);
                println!(
                    "size {size} run {} {mode}: {:.0} ms, CPU {:.0} ms, Δpeak {} KB ({})",
                    run + 1,
                    m.wall_ms,
                    m.cpu_ms,
                    m.delta_kb,
                    m.note
                );
                measured[slot].push(m);
            }
        }
        let median = |slot: usize| {
            let mut values: Vec<f64> = measured[slot].iter().map(|m| m.wall_ms).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let (plain, scope, sequential, full_plain, full) =
            (median(0), median(1), median(2), median(3), median(4));
        println!(
            "{:>8} | {:>9.0} | {:>9.0} | {:>6.2}x | {:>13.0} | {:>10.0} | {:>9.0} | {:>6.2}x | {:>15}",
            size,
            plain,
            scope,
            scope / plain,
            sequential,
            full_plain,
            full,
            full / full_plain,
            measured[1].iter().map(|m| m.delta_kb).max().unwrap_or(0)
        );
    }
    println!(
        "goal: scope listing + comparison <= 1.20x the plain sequential loop over the same pages, \
         and well under it with concurrency"
    );
}
