//! Counts the frames the window paints, and runs the start-up benchmark protocol that
//! `scripts/bench-startup.sh` reads (hidden flag `--bench-frames SECONDS`).
//!
//! The protocol, one machine-readable line on standard output per event:
//!
//! ```text
//! kb4-bench: first_frame_unix_us=<µs since the Unix epoch> rss_kb=<VmRSS>
//! kb4-bench: settle_frames=<n> idle_seconds=<s> idle_frames=<n> last_frame_ms=<ms> rss_kb=<VmRSS>
//! ```
//!
//! The first line is printed when the first frame's `ui()` has run. The wall clock
//! (`SystemTime`) is used on purpose: the script notes the same clock (bash's
//! `$EPOCHREALTIME`) just before it starts the process, so the difference covers `exec`,
//! dynamic linking, window and GPU set-up and the first layout. A monotonic `Instant` could not
//! be compared across the two processes. Then, after two settle seconds in which the start-up
//! frames egui asks for itself are counted apart, frames are counted for the given seconds
//! with no input: an idle window should paint none. `last_frame_ms` says when the last frame
//! was painted, counted from the first one, which tells a late start-up frame from a steady
//! repaint. Then the window is closed.
//!
//! The counting runs on a background thread that sleeps, so the benchmark itself causes no
//! repaint until it closes the window.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Start-up frames (layout passes egui requests itself, window-manager events) are counted
/// apart, before the idle window.
const SETTLE: Duration = Duration::from_secs(2);

/// The prefix of every protocol line.
pub const LINE_PREFIX: &str = "kb4-bench:";

/// Counts painted frames; with a benchmark duration, also runs the protocol above.
#[derive(Debug, Default)]
pub struct FrameStats {
    counts: Arc<Counts>,
    bench: Option<Duration>,
}

/// Shared with the benchmark thread.
#[derive(Debug, Default)]
struct Counts {
    frames: AtomicU64,
    first_frame: OnceLock<Instant>,
    /// Microseconds from the first frame to the latest one.
    last_frame_us: AtomicU64,
}

impl FrameStats {
    /// A counter; `bench` is the idle time to measure after the first frame, if any.
    pub fn new(bench: Option<Duration>) -> FrameStats {
        FrameStats {
            counts: Arc::new(Counts::default()),
            bench,
        }
    }

    /// How many frames have been drawn so far.
    pub fn frames(&self) -> u64 {
        self.counts.frames.load(Ordering::Relaxed)
    }

    /// Call at the end of every `ui()`.
    pub fn frame_drawn(&self, ctx: &egui::Context) {
        let counts = &self.counts;
        let drawn = counts.frames.fetch_add(1, Ordering::Relaxed) + 1;
        let since_first = counts.first_frame.get_or_init(Instant::now).elapsed();
        let since_first_us = u64::try_from(since_first.as_micros()).unwrap_or(u64::MAX);
        counts
            .last_frame_us
            .store(since_first_us, Ordering::Relaxed);
        let Some(idle) = self.bench else {
            return;
        };
        if drawn != 1 {
            return;
        }
        println!(
            "{LINE_PREFIX} first_frame_unix_us={} rss_kb={}",
            unix_micros(SystemTime::now()),
            rss_text()
        );
        let counts = Arc::clone(&self.counts);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("bench-frames".to_owned())
            .spawn(move || count_idle_frames(&counts, &ctx, idle));
        if let Err(error) = spawned {
            eprintln!("kb4-setup: the benchmark thread could not start: {error}");
        }
    }
}

/// Sleeps through the settle and idle periods, prints the counts, then closes the window.
fn count_idle_frames(counts: &Counts, ctx: &egui::Context, idle: Duration) {
    std::thread::sleep(SETTLE);
    let after_settle = counts.frames.load(Ordering::Relaxed);
    std::thread::sleep(idle);
    let after_idle = counts.frames.load(Ordering::Relaxed);
    println!(
        "{LINE_PREFIX} settle_frames={} idle_seconds={} idle_frames={} last_frame_ms={} rss_kb={}",
        after_settle.saturating_sub(1),
        idle.as_secs_f64(),
        after_idle.saturating_sub(after_settle),
        counts.last_frame_us.load(Ordering::Relaxed) / 1000,
        rss_text()
    );
    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    // The loop sleeps while idle; wake it so it sees the close command.
    ctx.request_repaint();
}

fn unix_micros(now: SystemTime) -> u128 {
    now.duration_since(UNIX_EPOCH)
        .map(|since| since.as_micros())
        .unwrap_or(0)
}

fn rss_text() -> String {
    match resident_set_kb() {
        Some(kb) => kb.to_string(),
        None => "unknown".to_owned(),
    }
}

/// The process's resident memory in KiB (`VmRSS` in /proc/self/status); `None` where there
/// is no /proc (macOS, Windows).
pub fn resident_set_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_rss(&status)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_rss_is_read_from_a_status_text() {
        let status = "Name:\tkb4-setup\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\nThreads:\t4\n";
        assert_eq!(parse_vm_rss(status), Some(123_456));
        assert_eq!(parse_vm_rss("Name:\tx\n"), None);
        assert_eq!(parse_vm_rss("VmRSS:\tlots kB\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_a_resident_set() {
        let kb = resident_set_kb().expect("Linux has /proc/self/status");
        assert!(kb > 100, "a test process uses more than 100 KiB: {kb}");
    }

    #[test]
    fn frames_are_counted_without_a_benchmark() {
        let stats = FrameStats::new(None);
        let ctx = egui::Context::default();
        stats.frame_drawn(&ctx);
        stats.frame_drawn(&ctx);
        assert_eq!(stats.frames(), 2);
    }

    #[test]
    fn the_wall_clock_is_in_microseconds() {
        let at = UNIX_EPOCH + Duration::from_millis(1_500);
        assert_eq!(unix_micros(at), 1_500_000);
    }
}
