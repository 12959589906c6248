//! A small SCIM test server on 127.0.0.1 (port 0), plain http or TLS with rcgen certificates,
//! on its own thread and runtime so that tests and benchmarks need no async code. It stops by
//! itself when dropped. Tests use it as `support::scim_server`,
//! benches include it with `#[path = "../tests/support/scim_server/mod.rs"] mod scim_server;`.

pub mod routes;
pub mod test_pki;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

pub use routes::{BASE_PATH, Behavior, RecordedRequest};
pub use test_pki::TlsCert;

/// What the server does with each TCP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnectionMode {
    /// Speak HTTP (or HTTPS) and SCIM.
    #[default]
    Serve,
    /// Accept, then reset the connection at once.
    ResetOnAccept,
    /// Accept, then never read or write.
    NeverAnswer,
}

/// How to start a server.
#[derive(Clone)]
pub struct ServerOptions {
    pub token: String,
    pub tls: Option<TlsCert>,
    /// The host written into `base_url` (`127.0.0.1` or `localhost`; it listens on 127.0.0.1).
    pub url_host: String,
    pub behavior: Behavior,
    pub mode: ConnectionMode,
}

impl ServerOptions {
    pub fn http(token: &str) -> Self {
        Self {
            token: token.to_owned(),
            tls: None,
            url_host: "127.0.0.1".into(),
            behavior: Behavior::default(),
            mode: ConnectionMode::Serve,
        }
    }

    pub fn https(token: &str, cert: TlsCert) -> Self {
        Self {
            tls: Some(cert),
            ..Self::http(token)
        }
    }

    pub fn behavior(mut self, behavior: Behavior) -> Self {
        self.behavior = behavior;
        self
    }

    pub fn mode(mut self, mode: ConnectionMode) -> Self {
        self.mode = mode;
        self
    }

    pub fn url_host(mut self, host: &str) -> Self {
        self.url_host = host.to_owned();
        self
    }
}

/// A running test server.
pub struct ScimServer {
    pub addr: SocketAddr,
    /// The tenant URL: `http(s)://host:port/scim/v2`, without a trailing slash.
    pub base_url: String,
    state: Arc<routes::ServerState>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ScimServer {
    pub fn start(options: ServerOptions) -> Self {
        let state = Arc::new(routes::ServerState::new(
            options.token.clone(),
            options.behavior.clone(),
        ));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown, shutdown_rx) = oneshot::channel();
        let thread_state = Arc::clone(&state);
        let scheme = if options.tls.is_some() {
            "https"
        } else {
            "http"
        };
        let url_host = options.url_host.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind 127.0.0.1:0");
                ready_tx
                    .send(listener.local_addr().expect("local address"))
                    .expect("ready");
                tokio::select! {
                    () = serve(listener, options, thread_state) => {}
                    _ = shutdown_rx => {}
                }
            });
            // Connections that never end (NeverAnswer) must not hold the test up.
            runtime.shutdown_timeout(Duration::from_millis(200));
        });
        let addr = ready_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("server started");
        let base_url = format!("{scheme}://{url_host}:{}{BASE_PATH}", addr.port());
        Self {
            addr,
            base_url,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.log.lock().unwrap().clone()
    }

    /// The Authorization headers received so far (only those that were present).
    pub fn authorizations(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter_map(|r| r.authorization)
            .collect()
    }

    pub fn users(&self) -> Vec<Value> {
        self.state
            .store
            .lock()
            .unwrap()
            .users
            .values()
            .cloned()
            .collect()
    }

    pub fn groups(&self) -> Vec<Value> {
        self.state
            .store
            .lock()
            .unwrap()
            .groups
            .values()
            .cloned()
            .collect()
    }

    /// Adds a user directly to the store, as if provisioned earlier; returns its id.
    pub fn add_user(&self, user_name: &str) -> String {
        let mut store = self.state.store.lock().unwrap();
        let id = format!("seeded-{}", store.users.len() + 1);
        let user = serde_json::json!({"id": id, "userName": user_name, "active": true});
        store.users.insert(id.clone(), user);
        id
    }

    pub fn set_behavior(&self, behavior: Behavior) {
        *self.state.behavior.lock().unwrap() = behavior;
    }
}

impl Drop for ScimServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(listener: TcpListener, options: ServerOptions, state: Arc<routes::ServerState>) {
    match options.mode {
        ConnectionMode::Serve => {}
        mode => return raw_accept_loop(listener, mode).await,
    }
    let app = axum::Router::new()
        .fallback(routes::handle)
        .with_state(state);
    match options.tls {
        None => {
            let _ = axum::serve(listener, app).await;
        }
        Some(cert) => {
            let _ = axum::serve(TlsListener::start(listener, cert), app).await;
        }
    }
}

async fn raw_accept_loop(listener: TcpListener, mode: ConnectionMode) {
    let mut held = Vec::new();
    while let Ok((stream, _)) = listener.accept().await {
        if mode == ConnectionMode::ResetOnAccept {
            // A zero linger turns the close into a TCP reset (and cannot block on drop).
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        } else {
            held.push(stream);
        }
    }
}

/// A listener that hands axum TLS streams: handshakes run in their own tasks, so a client that
/// rejects the certificate (or stalls) does not stop the server accepting others.
struct TlsListener {
    streams: mpsc::Receiver<(tokio_rustls::server::TlsStream<TcpStream>, SocketAddr)>,
    addr: SocketAddr,
}

impl TlsListener {
    fn start(listener: TcpListener, cert: TlsCert) -> Self {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(cert.chain, cert.key)
            .expect("server certificate");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let addr = listener.local_addr().expect("local address");
        let (tx, streams) = mpsc::channel(64);
        tokio::spawn(async move {
            while let Ok((tcp, peer)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
                    {
                        let _ = tx.send((tls, peer)).await;
                    }
                });
            }
        });
        Self { streams, addr }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.streams.recv().await {
            Some(stream) => stream,
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.addr)
    }
}
