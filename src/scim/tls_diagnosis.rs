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

/// The summary and hint for a failed handshake with `host`, given the chain the server sent
/// (empty when unknown). Written for the operator: what is wrong with which certificate, and
/// what to do. The technical detail goes to the log only.
pub fn diagnose_tls_error(
    host: &str,
    error: &rustls::Error,
    chain: &[CertificateDer<'static>],
) -> (String, String) {
    tracing::warn!(host, detail = ?error, "TLS handshake failed");
    let facts = chain.first().and_then(|leaf| certificate_facts(leaf));
    let rustls::Error::InvalidCertificate(problem) = error else {
        return connection_problem(error);
    };
    let issuer = facts.as_ref().map_or_else(
        || "an unknown issuer".to_owned(),
        |f| format!("'{}'", f.issuer),
    );
    let subject = facts.as_ref().map_or_else(
        || "the server's certificate".to_owned(),
        |f| format!("'{}'", f.subject),
    );
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
        CertificateError::BadSignature => (
            format!(
                "the certificate {subject} was not signed by the trusted authority {issuer} it names"
            ),
            format!(
                "A trusted authority is named {issuer}, but its key did not sign this \
                 certificate: another authority of the same name made it, or it was altered. If a \
                 corporate proxy re-signs traffic, add its current root certificate with --ca-file; \
                 otherwise do not send the token to this server."
            ),
        ),
        CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => (
            format!(
                "the certificate {subject} names {issuer} as its issuer, but its signature cannot \
                 come from the trusted authority of that name"
            ),
            format!(
                "The signature's algorithm does not fit the key of the trusted authority called \
                 {issuer}, so another authority with the same name made this certificate: \
                 usually a self-made certificate that reuses a trusted name, or an authority \
                 re-created with a new key. Trust the authority that really issued it (its root \
                 certificate as PEM, with --ca-file), or give the server a certificate from an \
                 authority with a name of its own."
            ),
        ),
        #[allow(deprecated)]
        CertificateError::UnsupportedSignatureAlgorithm
        | CertificateError::UnsupportedSignatureAlgorithmContext { .. } => (
            format!(
                "the certificate {subject} is signed with an algorithm this app does not accept"
            ),
            "Make the server's certificate with a current algorithm: RSA (2048 bits or more) or \
             ECDSA P-256/P-384 with SHA-256 or SHA-384, or Ed25519. Old algorithms such as SHA-1 \
             or MD5 are refused."
                .to_owned(),
        ),
        CertificateError::BadEncoding => (
            "the server's certificate is damaged (it cannot be read)".to_owned(),
            "The server (or a proxy in between) sends a malformed certificate. Ask whoever runs \
             it to install the certificate again."
                .to_owned(),
        ),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => (
            format!("the certificate {subject} is not made for a web server"),
            "Its Extended Key Usage does not include TLS server authentication (serverAuth). \
             Make the server's certificate with extendedKeyUsage = serverAuth."
                .to_owned(),
        ),
        CertificateError::UnhandledCriticalExtension => (
            format!(
                "the certificate {subject} has a critical extension this computer cannot check"
            ),
            "Make the server's certificate without unusual critical extensions; a standard TLS \
             server certificate has none that cause this."
                .to_owned(),
        ),
        CertificateError::Other(other) => {
            webpki_problem(host, &other.to_string(), &subject, &issuer)
        }
        _ => unverifiable(&issuer),
    }
}

/// rustls passes the errors of its certificate checker that it has no variant for as
/// `Other`, holding that checker's error; they are told apart by its name.
fn webpki_problem(host: &str, name: &str, subject: &str, issuer: &str) -> (String, String) {
    let has = |word: &str| name.contains(word);
    if has("CaUsedAsEndEntity") {
        let san = if host.parse::<std::net::IpAddr>().is_ok() {
            "IP"
        } else {
            "DNS"
        };
        (
            format!("the server presents a CA certificate ({subject}) as its own certificate"),
            format!(
                "A certificate authority's certificate cannot be a server's own certificate (openssl \
                 makes a self-signed certificate a CA by default). Either trust its issuer (add that \
                 CA's certificate with --ca-file) and give the server a leaf certificate that CA \
                 signed, or make a leaf certificate for {host}: basicConstraints CA:FALSE, \
                 extendedKeyUsage serverAuth, subjectAltName {san}:{host}."
            ),
        )
    } else if has("EndEntityUsedAsCa") {
        (
            format!("a certificate in the chain that signed {subject} is not a CA certificate"),
            "Only a certificate authority may sign certificates. Have the server's certificate \
             issued by a real CA, and trust that CA (--ca-file)."
                .to_owned(),
        )
    } else if has("RequiredEku") || has("EmptyEku") {
        (
            format!("the certificate {subject} is not made for a web server"),
            "Its Extended Key Usage does not include TLS server authentication (serverAuth). \
             Make the server's certificate with extendedKeyUsage = serverAuth."
                .to_owned(),
        )
    } else if has("NameConstraint") || has("PathLen") {
        (
            format!("the authority {issuer} may not issue the certificate {subject}"),
            "The chain breaks a limit set by a CA above it (allowed names or chain length). \
             Have the server's certificate issued within those limits."
                .to_owned(),
        )
    } else if has("UnsupportedCertVersion") {
        (
            format!("the certificate {subject} is an old version 1 certificate"),
            "Make a version 3 certificate (openssl does with -addext or a config file with \
             extensions)."
                .to_owned(),
        )
    } else {
        unverifiable(issuer)
    }
}

fn unverifiable(issuer: &str) -> (String, String) {
    (
        format!("the certificate (issued by {issuer}) could not be verified"),
        "The log file has the technical detail. If a corporate proxy inspects TLS, add its root \
         certificate with the extra CA certificate option (--ca-file)."
            .to_owned(),
    )
}

/// A handshake failure that is not about a certificate.
fn connection_problem(error: &rustls::Error) -> (String, String) {
    let middlebox = "A proxy or firewall between this computer and KnowBe4 may interfere; ask IT, \
        and try again from another network to compare.";
    match error {
        rustls::Error::AlertReceived(alert) => {
            let what = match alert {
                rustls::AlertDescription::HandshakeFailure
                | rustls::AlertDescription::InsufficientSecurity => {
                    "found no TLS version or cipher in common with this app"
                }
                rustls::AlertDescription::ProtocolVersion => {
                    "does not accept TLS 1.2 or 1.3, the versions this app speaks"
                }
                rustls::AlertDescription::UnrecognisedName => {
                    "does not know the host name asked for"
                }
                rustls::AlertDescription::CertificateRequired => {
                    "asks for a client certificate, which kb4-setup does not send"
                }
                _ => "refused the secure connection",
            };
            (format!("the server {what}"), middlebox.to_owned())
        }
        rustls::Error::PeerIncompatible(_) => (
            "the server's TLS is too old or incompatible (this app needs TLS 1.2 or 1.3)"
                .to_owned(),
            middlebox.to_owned(),
        ),
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateHandshakeMessage { .. } => (
            "the server did not answer in TLS".to_owned(),
            "Something that does not speak TLS answers on this port: check the host and port of \
             the Tenant URL (https needs a TLS server), or ask IT whether a proxy is in between."
                .to_owned(),
        ),
        rustls::Error::NoCertificatesPresented => (
            "the server sent no certificate".to_owned(),
            middlebox.to_owned(),
        ),
        _ => (
            "the secure connection could not be set up".to_owned(),
            format!("The log file has the technical detail. {middlebox}"),
        ),
    }
}

/// The operator's words for a TLS error seen by the HTTP client, which does not keep the
/// server's chain: the summary only (the TLS handshake check gives the full diagnosis).
pub fn tls_error_summary(host: &str, error: &rustls::Error) -> String {
    diagnose_tls_error(host, error, &[]).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[derive(Debug)]
    struct Named(&'static str);

    impl std::fmt::Display for Named {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Named {}

    fn other(name: &'static str) -> rustls::Error {
        rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(Arc::new(
            Named(name),
        ))))
    }

    #[test]
    fn no_failure_is_told_in_debug_text() {
        let errors = [
            other("CaUsedAsEndEntity"),
            other("EndEntityUsedAsCa"),
            other("SomethingNew"),
            rustls::Error::InvalidCertificate(CertificateError::BadSignature),
            rustls::Error::InvalidCertificate(CertificateError::BadEncoding),
            rustls::Error::InvalidCertificate(CertificateError::BadSignature),
            rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure),
            rustls::Error::General("x".into()),
        ];
        for error in errors {
            let (summary, hint) = diagnose_tls_error("h.example", &error, &[]);
            for text in [&summary, &hint] {
                assert!(
                    !text.contains("Other(") && !text.contains("Error") && !text.contains('{'),
                    "{error:?}: {text}"
                );
            }
            assert!(!hint.is_empty(), "{error:?}");
        }
        let (summary, hint) = diagnose_tls_error("h.example", &other("CaUsedAsEndEntity"), &[]);
        assert!(summary.contains("CA certificate"), "{summary}");
        assert!(
            hint.contains("trust its issuer") && hint.contains("leaf certificate"),
            "{hint}"
        );
    }
}
