//! Loopback addresses for tests that must prove where requests went.

/// A port on 127.0.0.1 where nothing listens: it was bound and at once released, so a
/// connection there is refused unless something (a proxy) carries the request elsewhere.
pub fn closed_loopback_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// `scheme://host:port` of `url`, e.g. to use a test server as a proxy.
pub fn origin(url: &str) -> String {
    let parsed = url::Url::parse(url).expect("a test server URL");
    parsed.origin().ascii_serialization()
}
