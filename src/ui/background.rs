//! Work the window hands to a background thread (a file dialog, reading a big CSV, a
//! pre-flight, writing a file) and polls each frame, so the window keeps painting.

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

/// How often the window repaints while background work runs (and never when idle).
pub const POLL_EVERY: Duration = Duration::from_millis(100);

/// What a poll of a [`Task`] found.
pub enum Poll<T> {
    Running,
    Done(T),
    /// The worker ended without an answer (it panicked); the caller says so and moves on.
    Vanished,
}

/// One piece of work on its own thread.
pub struct Task<T> {
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread; the window is asked to repaint when it ends.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            // The receiver is gone when the window dropped the task; nothing to do then.
            let _ = sender.send(work());
            ctx.request_repaint();
        });
        Task { receiver }
    }

    pub fn poll(&mut self) -> Poll<T> {
        match self.receiver.try_recv() {
            Ok(value) => Poll::Done(value),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Vanished,
        }
    }
}

/// Takes the result of `slot`'s task if it has ended, leaving `None` behind.
pub fn take_finished<T: Send + 'static>(slot: &mut Option<Task<T>>) -> Option<Poll<T>> {
    let task = slot.as_mut()?;
    match task.poll() {
        Poll::Running => None,
        finished => {
            *slot = None;
            Some(finished)
        }
    }
}

/// Asks for a repaint soon while `running`, so progress shows; idle windows stay idle.
pub fn keep_polling(ctx: &egui::Context, running: bool) {
    if running {
        ctx.request_repaint_after(POLL_EVERY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(slot: &mut Option<Task<T>>) -> Poll<T> {
        for _ in 0..500 {
            if let Some(finished) = take_finished(slot) {
                return finished;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the background work did not end");
    }

    #[test]
    fn a_result_comes_back_once_and_the_slot_empties() {
        let ctx = egui::Context::default();
        let mut slot = Some(Task::spawn(&ctx, || 7u8));
        assert!(matches!(wait(&mut slot), Poll::Done(7)));
        assert!(slot.is_none());
        assert!(take_finished(&mut slot).is_none());
    }

    #[test]
    fn a_thread_that_dies_is_reported_vanished() {
        let ctx = egui::Context::default();
        let mut slot: Option<Task<u8>> = Some(Task::spawn(&ctx, || panic!("no desktop portal")));
        assert!(matches!(wait(&mut slot), Poll::Vanished));
    }
}
