//! One piece of work on its own thread, whose single result is polled without blocking: the
//! one way the program hands work off and takes its answer back (the window's file dialogs,
//! file reads, keychain calls and exports, and the reconciliation's report). The window's
//! `Task::spawn(ctx, …)`, which repaints when the work ends, is in `ui::background`.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

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

impl<T> std::fmt::Debug for Task<T> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Task")
    }
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread, then calls `notify` (e.g. to ask a window to repaint).
    pub fn spawn_then(
        work: impl FnOnce() -> T + Send + 'static,
        notify: impl FnOnce() + Send + 'static,
    ) -> Task<T> {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            // The receiver is gone when the owner dropped the task; nothing to do then.
            let _ = sender.send(work());
            notify();
        });
        Task { receiver }
    }

    /// Never blocks: the result once the work has ended.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn wait<T: Send + 'static>(slot: &mut Option<Task<T>>) -> Poll<T> {
        for _ in 0..500 {
            if let Some(finished) = take_finished(slot) {
                return finished;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the background work did not end");
    }

    #[test]
    fn a_result_comes_back_once_and_the_slot_empties() {
        let mut slot = Some(Task::spawn_then(|| 7u8, || {}));
        assert!(matches!(wait(&mut slot), Poll::Done(7)));
        assert!(slot.is_none());
        assert!(take_finished(&mut slot).is_none());
    }

    #[test]
    fn a_thread_that_dies_is_reported_vanished() {
        let mut slot: Option<Task<u8>> =
            Some(Task::spawn_then(|| panic!("no desktop portal"), || {}));
        assert!(matches!(wait(&mut slot), Poll::Vanished));
    }

    #[test]
    fn the_owner_is_told_after_the_result_is_ready() {
        let (told, heard) = channel();
        let mut task = Task::spawn_then(|| "done", move || told.send(()).unwrap_or(()));
        heard.recv().expect("the worker tells its owner");
        assert!(matches!(task.poll(), Poll::Done("done")));
    }
}
