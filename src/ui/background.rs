//! One piece of work (a file dialog, a file write) on a background thread, so the window keeps
//! painting; the UI polls for its result once per frame.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a poll found.
#[derive(Debug, PartialEq, Eq)]
pub enum Polled<T> {
    /// Nothing is running.
    Idle,
    /// Still running.
    Waiting,
    Done(T),
    /// The thread ended without an answer (it panicked, e.g. no desktop portal for a dialog).
    Lost,
}

pub struct Background<T> {
    receiver: Option<Receiver<T>>,
}

impl<T> Default for Background<T> {
    fn default() -> Self {
        Background { receiver: None }
    }
}

impl<T: Send + 'static> Background<T> {
    /// Starts `work` unless something is already running; repaints the window when it ends.
    pub fn start(&mut self, ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) {
        if self.receiver.is_some() {
            return;
        }
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = sender.send(work());
            ctx.request_repaint();
        });
        self.receiver = Some(receiver);
    }

    pub fn busy(&self) -> bool {
        self.receiver.is_some()
    }

    pub fn poll(&mut self) -> Polled<T> {
        let Some(receiver) = &self.receiver else {
            return Polled::Idle;
        };
        match receiver.try_recv() {
            Ok(value) => {
                self.receiver = None;
                Polled::Done(value)
            }
            Err(TryRecvError::Empty) => Polled::Waiting,
            Err(TryRecvError::Disconnected) => {
                self.receiver = None;
                Polled::Lost
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(background: &mut Background<T>) -> Polled<T> {
        for _ in 0..500 {
            match background.poll() {
                Polled::Waiting => std::thread::sleep(std::time::Duration::from_millis(5)),
                other => return other,
            }
        }
        panic!("the background work did not end");
    }

    #[test]
    fn a_result_comes_back_once_and_then_it_is_idle() {
        let ctx = egui::Context::default();
        let mut background = Background::default();
        assert_eq!(background.poll(), Polled::<u8>::Idle);
        background.start(&ctx, || 7u8);
        assert!(background.busy());
        assert_eq!(wait(&mut background), Polled::Done(7));
        assert_eq!(background.poll(), Polled::Idle);
    }

    #[test]
    fn a_thread_that_dies_is_reported_lost() {
        let ctx = egui::Context::default();
        let mut background: Background<u8> = Background::default();
        background.start(&ctx, || panic!("no desktop portal"));
        assert_eq!(wait(&mut background), Polled::Lost);
    }
}
