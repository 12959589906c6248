//! Work the window hands to a background thread (a file dialog, reading a big CSV, a
//! pre-flight, a keychain call, writing a file) as a [`Task`], whose result the window's
//! logic collects each frame, so the window keeps painting.

use std::time::Duration;

pub use crate::background::{Poll, Task, take_finished};

/// How often the window repaints while background work runs (and never when idle).
pub const POLL_EVERY: Duration = Duration::from_millis(100);

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread; the window is asked to repaint when it ends.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let ctx = ctx.clone();
        Task::spawn_then(work, move || ctx.request_repaint())
    }
}

/// Asks for a repaint soon while `running`, so progress shows; idle windows stay idle.
pub fn keep_polling(ctx: &egui::Context, running: bool) {
    if running {
        ctx.request_repaint_after(POLL_EVERY);
    }
}
