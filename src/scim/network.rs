//! DNS lookup, TCP connect and TLS handshake, each checked and reported on its own, so that
//! "the name does not resolve", "a firewall blocks the port" and "a proxy inspects TLS" get
//! different answers.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use tokio::net::TcpStream;
use tokio::time::timeout;

use super::check_id::CheckId;
use super::check_results::CheckResult;

use super::tls_diagnosis::{certificate_facts, diagnose_tls_error};
use crate::verdict::Verdict;

/// Certificates that expire sooner than this get a warning.
const EXPIRY_WARNING: Duration = Duration::from_secs(14 * 24 * 3600);

/// Resolves `host`. Returns the check's result and the addresses found.
pub async fn check_dns(host: &str, port: u16, limit: Duration) -> (CheckResult, Vec<SocketAddr>) {
    let name = "DNS lookup";
    match timeout(limit, tokio::net::lookup_host((host, port))).await {
        Ok(Ok(addrs)) => {
            let addrs: Vec<SocketAddr> = addrs.collect();
            let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            let result = CheckResult::new(CheckId::Dns, name, Verdict::Pass, format!("{host} is {}", list.join(", ")));
            (result, addrs)
        }
        Ok(Err(error)) => (
            CheckResult::new(CheckId::Dns, name, Verdict::Fail, format!("{host} could not be resolved: {error}"))
                .with_hint(format!(
                    "The host name '{host}' is unknown to this computer's DNS. Check its spelling \
                     against the Tenant URL in KnowBe4 and that the region host is right. On a \
                     corporate network, external names may only resolve through the proxy: set \
                     the proxy option."
                )),
            Vec::new(),
        ),
        Err(_) => (
            CheckResult::new(CheckId::Dns, name, Verdict::Fail, format!("no DNS answer for {host} within {} s", limit.as_secs()))
                .with_hint("The DNS server did not answer in time. Check the network connection, VPN and DNS settings."),
            Vec::new(),
        ),
    }
}

/// Opens a TCP connection to the first address that accepts one.
pub async fn check_tcp(addrs: &[SocketAddr], limit: Duration) -> (CheckResult, Option<SocketAddr>) {
    let name = "TCP connect";
    let mut last_error = String::from("no address to connect to");
    let deadline = Instant::now().checked_add(limit);
    for addr in addrs {
        let left = deadline.map_or(limit, |d| d.saturating_duration_since(Instant::now()));
        match timeout(left, TcpStream::connect(addr)).await {
            Ok(Ok(_stream)) => {
                let result = CheckResult::new(
                    CheckId::Tcp,
                    name,
                    Verdict::Pass,
                    format!("connected to {addr}"),
                );
                return (result, Some(*addr));
            }
            Ok(Err(error)) => last_error = format!("{addr}: {error}"),
            Err(_) => last_error = format!("{addr}: no answer within {} s", limit.as_secs()),
        }
    }
    let lower = last_error.to_ascii_lowercase();
    let hint = if lower.contains("refused") {
        "The host answered but nothing accepts connections on that port: check the port in the \
         Tenant URL."
    } else if lower.contains("reset") || lower.contains("aborted") {
        "The connection was cut (reset) as soon as it opened: a firewall or proxy in between \
         rejects it. Ask IT whether this address must be allowed or reached through a proxy."
    } else {
        "The connection got no answer: a firewall may block outgoing connections to this port, \
         or the host is down. Ask IT whether outbound HTTPS must go through a proxy, and set it."
    };
    (
        CheckResult::new(CheckId::Tcp, name, Verdict::Fail, last_error).with_hint(hint),
        None,
    )
}

/// A verifier that remembers the certificates the server presented, then lets the real
/// (platform) verifier decide. The remembered chain names the issuer when verification fails.
#[derive(Debug)]
struct Recording {
    inner: Arc<dyn ServerCertVerifier>,
    seen: Arc<Mutex<Vec<CertificateDer<'static>>>>,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            seen.clear();
            seen.push(end_entity.clone().into_owned());
            seen.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// The same verification the HTTP client does: the OS trust store plus the extra CA, if any.
fn platform_verifier(
    extra_roots: &[CertificateDer<'static>],
) -> Result<Arc<dyn ServerCertVerifier>, rustls::Error> {
    let provider = crypto_provider();
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)?
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra_roots.iter().cloned(),
            provider,
        )?
    };
    Ok(Arc::new(verifier))
}

/// Does a TLS handshake with `host` at `addr`, and explains a certificate problem in detail.
pub async fn check_tls(
    host: &str,
    addr: SocketAddr,
    extra_roots: &[CertificateDer<'static>],
    limit: Duration,
) -> CheckResult {
    let name = "TLS handshake";
    let fail = |summary: String, hint: String| {
        CheckResult::new(CheckId::Tls, name, Verdict::Fail, summary).with_hint(hint)
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let verifier = match platform_verifier(extra_roots) {
        Ok(inner) => Arc::new(Recording {
            inner,
            seen: Arc::clone(&seen),
        }),
        Err(error) => {
            return fail(
                format!("the trust store could not be loaded: {error}"),
                "Check the extra CA file.".into(),
            );
        }
    };
    let Ok(server_name) = ServerName::try_from(host.to_owned()) else {
        return fail(
            format!("'{host}' is not a valid TLS server name"),
            "Check the host in the Tenant URL.".into(),
        );
    };
    let config = rustls::ClientConfig::builder_with_provider(crypto_provider())
        .with_safe_default_protocol_versions()
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(verifier)
                .with_no_client_auth()
        });
    let config = match config {
        Ok(config) => config,
        Err(error) => return fail(format!("TLS could not be set up: {error}"), String::new()),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let handshake = async {
        let tcp = TcpStream::connect(addr).await?;
        connector.connect(server_name, tcp).await
    };
    let chain = || seen.lock().map(|s| s.clone()).unwrap_or_default();
    match timeout(limit, handshake).await {
        Ok(Ok(stream)) => {
            let version = stream.get_ref().1.protocol_version().map(|v| format!("{v:?}")).unwrap_or_default();
            tls_success(host, &version, &chain())
        }
        Ok(Err(error)) => {
            let rustls_error = error.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()).cloned();
            let (summary, hint) = match rustls_error {
                Some(tls) => diagnose_tls_error(host, &tls, &chain()),
                None => (
                    {
                        tracing::warn!(host, detail = %error, "TLS handshake failed");
                        "the server closed the connection during the TLS handshake".to_owned()
                    },
                    "The server closed the connection during the handshake. Something between this \
                     computer and KnowBe4 (a proxy or firewall) may block it, or the URL points to a \
                     server that does not speak TLS on this port."
                        .to_owned(),
                ),
            };
            fail(summary, hint)
        }
        Err(_) => fail(
            format!("no TLS handshake within {} s", limit.as_secs()),
            "The server accepted the connection but did not complete the TLS handshake. A firewall \
             or proxy may be holding the connection; ask IT whether a proxy is required."
                .to_owned(),
        ),
    }
}

fn tls_success(host: &str, version: &str, chain: &[CertificateDer<'static>]) -> CheckResult {
    let Some(facts) = chain.first().and_then(|leaf| certificate_facts(leaf)) else {
        return CheckResult::new(
            CheckId::Tls,
            "TLS handshake",
            Verdict::Pass,
            format!("{version} with {host}"),
        );
    };
    let summary = format!(
        "{version}; certificate issued by {} valid until {}",
        facts.issuer, facts.not_after
    );
    let result = CheckResult::new(CheckId::Tls, "TLS handshake", Verdict::Pass, summary);
    if facts.expires_in < EXPIRY_WARNING {
        let mut result = result.with_hint("The server's certificate expires within two weeks; run the checks again once it has been renewed.");
        result.status = Verdict::Warn;
        return result;
    }
    result
}

/// True when a TLS error means "unknown issuer", the sign of a TLS-inspecting proxy.
pub fn is_unknown_issuer(error: &rustls::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer)
    )
}
