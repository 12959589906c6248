//! Serves an axum router on a loopback address, on a thread and runtime of its own, until
//! dropped: the start and stop the loopback test servers share. The servers use it as
//! `super::serve_router`: tests get it from `mod support;`, and a bench that includes a server
//! with `#[path]` includes this file beside it.

use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;

use axum::Router;

/// The runtime the server's thread runs.
#[derive(Debug, Clone, Copy)]
pub enum ServerRuntime {
    /// One thread: answers one request at a time.
    CurrentThread,
    /// This many worker threads, for clients that keep several requests in flight.
    Workers(usize),
}

/// A router being served; it stops, and its thread ends, when this is dropped.
pub struct ServedRouter {
    pub address: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ServedRouter {
    /// Listens on `address` (a loopback address; port 0 picks a free one) and serves `app`.
    pub fn start(address: &str, app: Router, runtime: ServerRuntime) -> Self {
        let listener = TcpListener::bind(address)
            .unwrap_or_else(|error| panic!("cannot listen on {address}: {error}"));
        let address = listener.local_addr().expect("local address");
        assert!(
            address.ip().is_loopback(),
            "test servers listen on loopback only"
        );
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut builder = match runtime {
                ServerRuntime::CurrentThread => tokio::runtime::Builder::new_current_thread(),
                ServerRuntime::Workers(count) => {
                    let mut builder = tokio::runtime::Builder::new_multi_thread();
                    builder.worker_threads(count);
                    builder
                }
            };
            let runtime = builder.enable_all().build().expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Self {
            address,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }
}

impl Drop for ServedRouter {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
