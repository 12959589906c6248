//! The smallest eframe window, built with the same eframe version and features as kb4-setup:
//! the baseline `scripts/bench-startup.sh` compares the app's start-up time, memory and idle
//! repaints against. It shows one label in a window of the app's size (the swapchain's memory
//! depends on the size), and speaks the same protocol as `kb4-setup --bench-frames SECONDS`
//! (see `src/ui/frame_stats.rs`).
//!
//!     cargo run --release --example hello -- --bench-frames 5

use std::time::Duration;

use kb4_setup::ui::frame_stats::FrameStats;

struct Hello {
    stats: FrameStats,
}

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Hello");
        });
        self.stats.frame_drawn(ui.ctx());
    }
}

fn main() -> Result<(), String> {
    let bench = bench_seconds(std::env::args().skip(1))?.map(Duration::from_secs);
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("hello")
            .with_inner_size([1120.0, 780.0]),
        ..Default::default()
    };
    eframe::run_native(
        "hello",
        native,
        Box::new(move |_cc| {
            Ok(Box::new(Hello {
                stats: FrameStats::new(bench),
            }))
        }),
    )
    .map_err(|error| format!("the window could not be opened: {error}"))
}

/// Reads `--bench-frames SECONDS`, the only argument.
fn bench_seconds(mut args: impl Iterator<Item = String>) -> Result<Option<u64>, String> {
    match (args.next().as_deref(), args.next()) {
        (None, _) => Ok(None),
        (Some("--bench-frames"), Some(seconds)) => seconds
            .parse()
            .map(Some)
            .map_err(|_| format!("--bench-frames takes whole seconds, not {seconds:?}")),
        _ => Err("usage: hello [--bench-frames SECONDS]".to_owned()),
    }
}
