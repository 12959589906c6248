//! The measuring side of `benches/reconcile.rs`: one child process per measurement, so a
//! run's memory cannot hide in another's. Prints one JSON line for the parent.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kb4_setup::provisioning::list_client::{ListClient, parse_page};
use kb4_setup::provisioning::paging::{PagingConfig, PagingProgress, read_all_users};
use kb4_setup::provisioning::reconcile::Reconciler;
use kb4_setup::provisioning::users_csv::read_users_csv_file;
use kb4_setup::tenant_url::TenantUrl;

use super::TOKEN;

/// CPU time used so far by all threads of this process.
pub fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call to fill in.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// A `/proc/self/status` field in kB (Linux only; 0 elsewhere).
pub fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS, so the next peak belongs to what runs after.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

pub fn child(args: &[String]) {
    let (mode, url) = (args[0].as_str(), args[1].clone());
    let token = kb4_setup::token::parse_pasted_token(TOKEN)
        .expect("a test token")
        .token;
    let tenant = TenantUrl::parse(&url).expect("tenant URL");
    let mut config = PagingConfig::new(tenant.clone());
    config.http.timeout = Duration::from_secs(60);
    let cpu;
    let (wall, load, baseline, note) = match mode {
        "fetch" => {
            // The app's own client and parse, no matching: splits the reconcile time.
            let client = ListClient::new(&tenant, &config.http).expect("client");
            let started = Instant::now();
            let cpu_started = cpu_time();
            let (mut start, mut rows) = (1u64, 0usize);
            loop {
                let body = client
                    .fetch_body(&token, start, 100, &AtomicBool::new(false))
                    .expect("page");
                let page = parse_page(&body, start).expect("parse");
                if page.users.is_empty() {
                    break;
                }
                rows += page.users.len();
                start += page.users.len() as u64;
                if page.total_results.is_some_and(|t| start > t) {
                    break;
                }
            }
            cpu = cpu_time() - cpu_started;
            (
                started.elapsed(),
                Duration::ZERO,
                status_kb("VmRSS:"),
                format!("{rows} rows"),
            )
        }
        "plain" => {
            let size: usize = args[2].parse().expect("size");
            let baseline = status_kb("VmRSS:");
            let reset = reset_peak();
            // The client is made inside the timed part, as `read_all_users` makes its own.
            let started = Instant::now();
            let cpu_started = cpu_time();
            let client = reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .expect("client");
            let mut bytes = 0usize;
            let mut last = None;
            for start in (1..=size).step_by(100) {
                let page = client
                    .get(format!("{url}/Users?startIndex={start}&count=100"))
                    .bearer_auth(TOKEN)
                    .send()
                    .and_then(|r| r.bytes())
                    .expect("page");
                bytes += page.len();
                last = Some(page);
            }
            let wall = started.elapsed();
            cpu = cpu_time() - cpu_started;
            // Outside the timed loop: what parsing alone costs, on one page parsed as often
            // as there are pages, to show where the reconcile run's extra time goes.
            let parsing = Instant::now();
            if let Some(body) = &last {
                for _ in (1..=size).step_by(100) {
                    let _ = parse_page(body, 1).expect("parse");
                }
            }
            let parse_ms = parsing.elapsed().as_millis();
            (
                wall,
                Duration::ZERO,
                baseline,
                format!("{bytes} bytes, parsing alone {parse_ms} ms, peak reset {reset}"),
            )
        }
        _ => {
            let loading = Instant::now();
            let csv = read_users_csv_file(std::path::Path::new(&args[2])).expect("csv");
            let mut reconciler = Reconciler::new(csv.users);
            let load = loading.elapsed();
            let baseline = status_kb("VmRSS:");
            let reset = reset_peak();
            let started = Instant::now();
            let cpu_started = cpu_time();
            let mut matching = Duration::ZERO;
            let summary = read_all_users(
                &config,
                &token,
                &AtomicBool::new(false),
                &PagingProgress::default(),
                &mut |page| {
                    let at = Instant::now();
                    reconciler.add_page(page);
                    matching += at.elapsed();
                },
            )
            .expect("paging");
            let paging_peak = status_kb("VmHWM:");
            let finishing = Instant::now();
            let report = reconciler.finish(Some(summary));
            let wall = started.elapsed();
            let finish_ms = finishing.elapsed().as_secs_f64() * 1000.0;
            cpu = cpu_time() - cpu_started;
            let s = report.summary;
            let note = format!(
                "matching {} ms, finish {finish_ms:.1} ms; kb4-only {} matched {} jc-only {} conflicts {}; Δpeak while paging {} KB, after building the lists {} KB; peak reset {reset}",
                matching.as_millis(),
                s.only_in_knowbe4,
                s.matched,
                s.only_in_jumpcloud,
                s.conflicts,
                paging_peak.saturating_sub(baseline),
                status_kb("VmHWM:").saturating_sub(baseline)
            );
            (wall, load, baseline, note)
        }
    };
    let peak = status_kb("VmHWM:");
    let json = serde_json::json!({
        "wall_ms": wall.as_secs_f64() * 1000.0,
        "cpu_ms": cpu.as_secs_f64() * 1000.0,
        "load_ms": load.as_secs_f64() * 1000.0,
        "baseline_kb": baseline,
        "delta_kb": peak.saturating_sub(baseline),
        "note": note,
    });
    println!("{json}");
}
