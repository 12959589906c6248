//! Fetches page bodies on a helper thread, so the next page can be on its way while the
//! current one is parsed and matched.
//!
//! The helper sends one request at a time, in the order asked, so the server sees the same
//! sequential traffic as from a plain loop; only the moment of asking moves earlier. The
//! paging loop still decides every start index itself: a page fetched ahead for a start the
//! loop did not take after all (a short or repeated page) is dropped unread, and at most
//! one page is kept ahead, so memory stays at two page bodies. Bodies go back to the
//! helper once read and are filled again, so paging does not allocate a body per page.

use std::collections::VecDeque;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::Scope;

use crate::token::ScimToken;

use super::list_client::{ListClient, PagingError};

type Reply = Result<Vec<u8>, PagingError>;

/// The asking side; dropping it lets the helper thread end after its current request.
pub(super) struct PageFetcher {
    requests: Sender<u64>,
    replies: Receiver<Reply>,
    spare: Sender<Vec<u8>>,
    /// Start indices asked for whose replies have not been taken, oldest first.
    in_flight: VecDeque<u64>,
}

impl PageFetcher {
    /// Starts the helper thread inside `scope`; it asks for `count` rows per page.
    pub(super) fn start<'scope, 'env>(
        scope: &'scope Scope<'scope, 'env>,
        client: &'env ListClient,
        token: &'env ScimToken,
        count: u32,
        cancel: &'env AtomicBool,
    ) -> Self {
        let (requests, asked) = channel::<u64>();
        let (answer, replies) = channel::<Reply>();
        let (spare, returned) = channel::<Vec<u8>>();
        scope.spawn(move || {
            for start in asked {
                let mut body = returned.try_recv().unwrap_or_default();
                let reply = client
                    .fetch_body_into(token, start, count, cancel, &mut body)
                    .map(|()| body);
                if answer.send(reply).is_err() {
                    break;
                }
            }
        });
        Self {
            requests,
            replies,
            spare,
            in_flight: VecDeque::new(),
        }
    }

    /// Asks for the page at `start` ahead of need. Errors surface when it is taken.
    pub(super) fn prefetch(&mut self, start: u64) {
        if self.requests.send(start).is_ok() {
            self.in_flight.push_back(start);
        }
    }

    /// Gives a body back once read, to be filled with a later page.
    pub(super) fn recycle(&self, body: Vec<u8>) {
        let _ = self.spare.send(body);
    }

    /// The body of the page at `start`: the one asked ahead if it is that page, else asked
    /// now. Pages asked ahead for other starts are dropped, errors included.
    pub(super) fn body(&mut self, start: u64) -> Reply {
        loop {
            let Some(asked) = self.in_flight.pop_front() else {
                self.requests.send(start).map_err(|_| stopped())?;
                self.in_flight.push_back(start);
                continue;
            };
            let reply = self.replies.recv().map_err(|_| stopped())?;
            if asked == start {
                return reply;
            }
            if let Ok(unwanted) = reply {
                self.recycle(unwanted);
            }
        }
    }
}

/// Only reachable if the helper thread died, which a panic in the HTTP stack would cause.
fn stopped() -> PagingError {
    PagingError::Client("the thread reading pages stopped unexpectedly".to_owned())
}
