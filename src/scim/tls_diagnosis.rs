//! Turns a certificate problem into words: who issued the certificate, for which names, until
//! when, and what the operator can do about it.

use std::time::Duration;

use rustls::CertificateError;
use rustls::pki_types::CertificateDer;
use x509_parser::prelude::{GeneralName, X509Certificate};

/// What the checks say about a server certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertFacts {
    /// The issuer's common name, or its whole distinguished name when it has none.
    pub issuer: String,
    pub subject: String,
    pub not_after: String,
    /// Zero when already expired.
    pub expires_in: Duration,
    /// DNS names and IP addresses the certificate is valid for.
    pub names: Vec<String>,
    pub self_signed: bool,
}

/// Reads the facts above from a DER certificate; `None` when it cannot be parsed.
pub fn certificate_facts(der: &CertificateDer<'_>) -> Option<CertFacts> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    let common_name = |name: &x509_parser::x509::X509Name<'_>| {
        name.iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok().map(str::to_owned))
            .unwrap_or_else(|| name.to_string())
    };
    let expires_in = cert
        .validity()
        .time_to_expiration()
        .and_then(|d| Duration::try_from(d).ok())
        .unwrap_or(Duration::ZERO);
    Some(CertFacts {
        issuer: common_name(cert.issuer()),
        subject: common_name(cert.subject()),
        not_after: cert.validity().not_after.to_string(),
        expires_in,
        names: names_of(&cert),
        self_signed: cert.issuer().as_raw() == cert.subject().as_raw(),
    })
}

fn names_of(cert: &X509Certificate<'_>) -> Vec<String> {
    let Ok(Some(san)) = cert.subject_alternative_name() else {
        return Vec::new();
    };
    san.value
        .general_names
        .iter()
        .filter_map(|name| match name {
            GeneralName::DNSName(dns) => Some((*dns).to_owned()),
            GeneralName::IPAddress(bytes) => match bytes.len() {
                4 => <[u8; 4]>::try_from(*bytes)
                    .ok()
                    .map(|b| std::net::Ipv4Addr::from(b).to_string()),
                16 => <[u8; 16]>::try_from(*bytes)
                    .ok()
                    .map(|b| std::net::Ipv6Addr::from(b).to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The summary and hint for a failed handshake with `host`, given the chain the server sent.
pub fn diagnose_tls_error(
    host: &str,
    error: &rustls::Error,
    chain: &[CertificateDer<'static>],
) -> (String, String) {
    let facts = chain.first().and_then(|leaf| certificate_facts(leaf));
    let issuer = facts.as_ref().map_or_else(
        || "an unknown issuer".to_owned(),
        |f| format!("'{}'", f.issuer),
    );
    let rustls::Error::InvalidCertificate(problem) = error else {
        return (
            format!("the TLS handshake failed: {error}"),
            "The secure connection could not be set up. A proxy or firewall between this computer \
             and KnowBe4 may interfere; ask IT, and try again from another network to compare."
                .to_owned(),
        );
    };
    match problem {
        CertificateError::UnknownIssuer => (
            format!("the certificate is issued by {issuer}, which this computer does not trust"),
            format!(
                "A certificate from {issuer} that this computer does not trust usually means a \
                 corporate proxy inspects TLS traffic (Zscaler, Netskope, Palo Alto and similar) \
                 and re-signs it with its own authority. Ask IT for that root certificate as a \
                 PEM file and add it with the extra CA certificate option (--ca-file), or install \
                 it in the operating system's trust store."
            ),
        ),
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = facts
                .as_ref()
                .map_or_else(String::new, |f| format!(" on {}", f.not_after));
            (
                format!("the certificate (issued by {issuer}) expired{when}"),
                "The server presents an expired certificate. If this computer's clock is right, \
                 the server (or a proxy in between) is misconfigured; check the clock first."
                    .to_owned(),
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
            format!("the certificate (issued by {issuer}) is not valid yet"),
            "Check this computer's date and time; a clock in the past makes valid certificates \
             look not yet valid."
                .to_owned(),
        ),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            let names = facts
                .as_ref()
                .map_or_else(|| "other names".to_owned(), |f| f.names.join(", "));
            (
                format!("the certificate is for {names}, not for {host}"),
                format!(
                    "The server at '{host}' presents a certificate for another name. Check the host \
                     in the Tenant URL (copy it again from KnowBe4); a proxy that intercepts the \
                     connection can also cause this."
                ),
            )
        }
        CertificateError::Revoked => (
            format!("the certificate (issued by {issuer}) has been revoked"),
            "Do not send the token to this server; report it to KnowBe4 support.".to_owned(),
        ),
        other => (
            format!("the certificate (issued by {issuer}) was rejected: {other:?}"),
            "The certificate could not be verified. If a corporate proxy inspects TLS, add its \
             root certificate with the extra CA certificate option (--ca-file)."
                .to_owned(),
        ),
    }
}
