//! The HTTP client the checks use: OS trust store (rustls-platform-verifier), system proxies
//! plus an optional explicit one, an optional extra CA file, `User-Agent: kb4-setup/<version>`,
//! a per-request timeout, a cap on body size, and a redirect policy that never carries the
//! token to another origin.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Method, redirect};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use url::Url;

use crate::bounded_file::{BoundedReadError, read_capped};
use crate::tenant_url::TenantUrl;
use crate::token::ScimToken;

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body: a SCIM answer to the checks' requests is far smaller.
pub const DEFAULT_BODY_CAP: usize = 5 * 1024 * 1024;
use super::redirects::{self, MAX_REDIRECTS, RedirectTrail};

/// Network settings for a run, as chosen on the step or on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSettings {
    pub timeout: Duration,
    /// An explicit proxy (`http://host:port`), used before `HTTPS_PROXY`/`NO_PROXY`.
    pub proxy_url: Option<String>,
    /// An extra CA certificate file (PEM) to trust, for TLS-inspecting proxies.
    pub extra_ca_file: Option<PathBuf>,
    pub body_cap: usize,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            proxy_url: None,
            extra_ca_file: None,
            body_cap: DEFAULT_BODY_CAP,
        }
    }
}

impl ClientSettings {
    /// Checks the proxy and the extra CA file, the two settings an operator can get wrong,
    /// without setting up a client (which also loads the system's trust store).
    pub fn validate(&self) -> Result<(), SetupError> {
        self.proxy()?;
        self.extra_roots()?;
        Ok(())
    }

    /// The explicit proxy, if one is set.
    fn proxy(&self) -> Result<Option<reqwest::Proxy>, SetupError> {
        let Some(proxy) = self.proxy_url.as_deref().filter(|p| !p.trim().is_empty()) else {
            return Ok(None);
        };
        reqwest::Proxy::all(proxy.trim())
            .map(Some)
            .map_err(|_| SetupError::Proxy(proxy.to_owned()))
    }

    /// The certificates of the extra CA file, if one is set.
    fn extra_roots(&self) -> Result<Option<Vec<CertificateDer<'static>>>, SetupError> {
        self.extra_ca_file
            .as_deref()
            .map(load_extra_roots)
            .transpose()
    }
}

/// The settings could not be turned into a client. These are input errors (CLI exit 2).
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(
        "Could not read the extra CA file {path}: {reason}. Check the path and that the file is readable."
    )]
    CaFileRead { path: PathBuf, reason: String },
    #[error(
        "The extra CA file {path} is {kind}, not a file. Give the path of the proxy's root \
         certificate saved as a PEM file."
    )]
    CaFileNotAFile { path: PathBuf, kind: &'static str },
    #[error(
        "The extra CA file {path} is {size} bytes, more than the {limit} bytes a CA certificate \
         file may have (a root certificate is a few kilobytes). Export only the proxy's root \
         certificate as PEM."
    )]
    CaFileTooBig {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "The extra CA file {path} holds no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----). Export the proxy's root certificate as PEM."
    )]
    CaFileEmpty { path: PathBuf },
    #[error("The proxy setting '{0}' is not a usable proxy URL; write it as http://host:port.")]
    Proxy(String),
    #[error("The HTTP client could not be set up: {0}")]
    Build(String),
}

/// A request that got no usable HTTP answer, described for the operator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestError {
    #[error("no answer within {0} s (the request timed out)")]
    Timeout(u64),
    #[error("the connection was refused: nothing listens on that host and port ({0})")]
    Refused(String),
    #[error("the connection was closed or reset before an answer arrived ({0})")]
    Reset(String),
    #[error("the TLS (certificate) check failed: {0}")]
    Tls(String),
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("the answer was larger than {0} bytes; reading stopped there")]
    BodyTooLarge(usize),
    #[error("the request failed: {0}")]
    Other(String),
}

/// What came back from one request. Only the headers the checks need are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpExchange {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
    /// The redirects followed to get here, and why a redirect answer was not followed.
    pub redirects: RedirectTrail,
}

/// The largest extra CA file read: the same cap as for a certificate file. A whole public CA
/// bundle is about 250 KB; a proxy's root certificate is a few.
pub const MAX_CA_FILE_BYTES: u64 = crate::certificate::MAX_CERTIFICATE_FILE_BYTES;

/// Reads the PEM certificates in `path` (the extra-CA option): a regular file of at most
/// [`MAX_CA_FILE_BYTES`], never a device or pipe, which could be read without end.
pub fn load_extra_roots(path: &Path) -> Result<Vec<CertificateDer<'static>>, SetupError> {
    let bytes = read_capped(path, MAX_CA_FILE_BYTES).map_err(|error| match error {
        BoundedReadError::NotFound => SetupError::CaFileRead {
            path: path.to_owned(),
            reason: "there is no file at that path".to_owned(),
        },
        BoundedReadError::Unreadable { reason } => SetupError::CaFileRead {
            path: path.to_owned(),
            reason,
        },
        BoundedReadError::NotRegular { kind } => SetupError::CaFileNotAFile {
            path: path.to_owned(),
            kind,
        },
        BoundedReadError::TooBig { size, limit } => SetupError::CaFileTooBig {
            path: path.to_owned(),
            size,
            limit,
        },
    })?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(SetupError::CaFileEmpty {
            path: path.to_owned(),
        });
    }
    Ok(certs)
}

/// A reqwest client set up as `settings` say: this app's User-Agent, the timeout for
/// connecting and for each request, redirects followed only within the same origin, the
/// explicit proxy if any (else `HTTPS_PROXY`/`NO_PROXY`), and the extra CA file if any.
/// Shared by the checks and the reconciliation, so both reach the tenant the same way.
pub fn http_client(settings: &ClientSettings) -> Result<reqwest::Client, SetupError> {
    let extra_roots = settings.extra_roots()?.unwrap_or_default();
    http_client_trusting(settings, &extra_roots)
}

/// [`http_client`] with the extra CA file's certificates already read, for a caller that
/// needs them too (the TLS check), so the file is read once and both trust the same set.
pub fn http_client_trusting(
    settings: &ClientSettings,
    extra_roots: &[CertificateDer<'static>],
) -> Result<reqwest::Client, SetupError> {
    client_with_redirects(settings, extra_roots, same_origin_redirects_only())
}

fn client_with_redirects(
    settings: &ClientSettings,
    extra_roots: &[CertificateDer<'static>],
    redirects: redirect::Policy,
) -> Result<reqwest::Client, SetupError> {
    let mut builder = reqwest::Client::builder()
        .user_agent(crate::build_info::user_agent())
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .redirect(redirects);
    if let Some(proxy) = settings.proxy()? {
        builder = builder.proxy(proxy);
    }
    let certs: Vec<reqwest::Certificate> = extra_roots
        .iter()
        .filter_map(|der| reqwest::Certificate::from_der(der).ok())
        .collect();
    if !certs.is_empty() {
        builder = builder.tls_certs_merge(certs);
    }
    builder
        .build()
        .map_err(|e| SetupError::Build(error_chain(&e)))
}

/// A success status (200 to 299).
pub fn is_2xx(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The SCIM endpoint client: the base (tenant) URL, the token, and a configured reqwest client.
pub struct ScimHttp {
    client: reqwest::Client,
    base: String,
    token: ScimToken,
    timeout: Duration,
    body_cap: usize,
}

impl ScimHttp {
    /// Builds the client for the tenant at `base`.
    pub fn new(
        base: &TenantUrl,
        token: ScimToken,
        settings: &ClientSettings,
    ) -> Result<Self, SetupError> {
        let extra_roots = settings.extra_roots()?.unwrap_or_default();
        Self::trusting(base, token, settings, &extra_roots)
    }

    /// [`ScimHttp::new`] with the extra CA file's certificates already read.
    pub fn trusting(
        base: &TenantUrl,
        token: ScimToken,
        settings: &ClientSettings,
        extra_roots: &[CertificateDer<'static>],
    ) -> Result<Self, SetupError> {
        // Redirects are followed by `send` itself, which records each one for the results.
        let client = client_with_redirects(settings, extra_roots, redirect::Policy::none())?;
        Ok(Self {
            client,
            base: base.as_str().to_owned(),
            token,
            timeout: settings.timeout,
            body_cap: settings.body_cap,
        })
    }

    /// The full URL of `path` (which starts with `/`) under the base, with `query` encoded.
    pub fn url(&self, path: &str, query: &[(&str, &str)]) -> Result<Url, RequestError> {
        let mut url = Url::parse(&format!("{}{path}", self.base))
            .map_err(|e| RequestError::Other(format!("bad URL: {e}")))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// `METHOD /path?query` as shown in results: readable, and never with the token.
    pub fn request_line(&self, method: &Method, path: &str, query: &[(&str, &str)]) -> String {
        let full_path = self
            .url(path, &[])
            .map(|u| u.path().to_owned())
            .unwrap_or_else(|_| path.to_owned());
        let query: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if query.is_empty() {
            format!("{method} {full_path}")
        } else {
            format!("{method} {full_path}?{}", query.join("&"))
        }
    }

    /// A clean excerpt of `body`, with the token removed should the server echo it.
    pub fn excerpt(&self, body: &[u8]) -> Option<String> {
        super::check_results::sanitize_excerpt(body, &[self.token.expose_for_http()])
    }

    /// Sends one request with the Bearer token and reads the answer up to the body cap,
    /// following the redirects [`redirects::next_hop`] allows and recording each.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        json: Option<&serde_json::Value>,
    ) -> Result<HttpExchange, RequestError> {
        let mut url = self.url(path, query)?;
        let mut visited = vec![url.clone()];
        let mut trail = RedirectTrail::default();
        loop {
            let started = Instant::now();
            let response = self.send_once(method.clone(), url.clone(), json).await?;
            let header = |name| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v: &HeaderValue| v.to_str().ok())
                    .map(str::to_owned)
            };
            let content_type = header(CONTENT_TYPE);
            let location = header(LOCATION);
            let retry_after = header(RETRY_AFTER);
            let status = response.status().as_u16();
            if redirects::is_redirect(status) {
                match redirects::next_hop(&visited, &url, status, location.as_deref(), &method) {
                    Ok(target) => {
                        trail.followed.push(redirects::Hop {
                            status,
                            to: super::redact::shown_url(&target),
                        });
                        visited.push(target.clone());
                        url = target;
                        continue;
                    }
                    Err(stop) => trail.stop = Some(stop),
                }
            }
            let body = self.read_capped(response, started).await?;
            return Ok(HttpExchange {
                status,
                content_type,
                location,
                retry_after,
                body,
                redirects: trail,
            });
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        json: Option<&serde_json::Value>,
    ) -> Result<reqwest::Response, RequestError> {
        let mut value = format!("Bearer {}", self.token.expose_for_http());
        let auth = HeaderValue::from_str(&value);
        zeroize::Zeroize::zeroize(&mut value);
        let mut auth = auth.map_err(|_| {
            RequestError::Other(
                "the token contains characters that cannot be sent in a header; copy it again"
                    .into(),
            )
        })?;
        auth.set_sensitive(true);
        let mut request = self.client.request(method, url).header(AUTHORIZATION, auth);
        if let Some(json) = json {
            request = request
                .header(CONTENT_TYPE, "application/scim+json")
                .body(json.to_string());
        }
        request.send().await.map_err(|e| self.classify(&e))
    }

    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        started: Instant,
    ) -> Result<Vec<u8>, RequestError> {
        if response
            .content_length()
            .is_some_and(|len| len > self.body_cap as u64)
        {
            return Err(RequestError::BodyTooLarge(self.body_cap));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if body.len() + chunk.len() > self.body_cap {
                return Err(RequestError::BodyTooLarge(self.body_cap));
            }
            body.extend_from_slice(&chunk);
            if started.elapsed() > self.timeout {
                return Err(RequestError::Timeout(self.timeout.as_secs()));
            }
        }
        Ok(body)
    }

    fn classify(&self, error: &reqwest::Error) -> RequestError {
        if error.is_timeout() {
            return RequestError::Timeout(self.timeout.as_secs().max(1));
        }
        let host = Url::parse(&self.base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        classify_error_chain(error, &host)
    }
}

/// Follows a redirect only to the same scheme, host and port; otherwise stops, so the 3xx answer
/// (and where it pointed) reaches the check and the token never goes anywhere else.
fn same_origin_redirects_only() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Sorts a transport error into the kinds the hints explain, by walking its sources.
pub(crate) fn classify_error_chain(
    error: &(dyn std::error::Error + 'static),
    host: &str,
) -> RequestError {
    let text = error_chain(error);
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return RequestError::Tls(super::tls_diagnosis::tls_error_summary(host, tls));
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            // An io::Error's source() skips the error it wraps, where rustls puts its own.
            let wrapped = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>());
            if let Some(tls) = wrapped {
                return RequestError::Tls(super::tls_diagnosis::tls_error_summary(host, tls));
            }
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionRefused => return RequestError::Refused(text),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    return RequestError::Reset(text);
                }
                _ => {}
            }
        }
        source = current.source();
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("certificate") || lower.contains("tls") {
        tracing::warn!(host, detail = %text, "TLS failure");
        RequestError::Tls(
            "the secure connection could not be set up (the log has the detail)".to_owned(),
        )
    } else if lower.contains("closed") || lower.contains("reset") || lower.contains("incomplete") {
        RequestError::Reset(text)
    } else if lower.contains("connect") || lower.contains("dns") {
        RequestError::Connect(text)
    } else {
        RequestError::Other(text)
    }
}

/// An error and all its sources, joined with `: `.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(current) = source {
        let message = current.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = current.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(base: &str) -> ScimHttp {
        let base = TenantUrl::parse(base).unwrap();
        ScimHttp::new(
            &base,
            ScimToken::from_checked("tok".into()),
            &ClientSettings::default(),
        )
        .unwrap()
    }

    #[test]
    fn request_line_shows_path_and_readable_query_but_no_token() {
        let client = http("https://x.knowbe4.com/scim/v2");
        let line =
            client.request_line(&Method::GET, "/Users", &[("filter", "userName eq \"a@b\"")]);
        assert_eq!(line, "GET /scim/v2/Users?filter=userName eq \"a@b\"");
        let url = client
            .url("/Users", &[("filter", "userName eq \"a@b\"")])
            .unwrap();
        assert!(
            url.as_str()
                .starts_with("https://x.knowbe4.com/scim/v2/Users?filter=userName")
        );
        assert!(!url.as_str().contains(' '));
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_an_input_error() {
        let missing = load_extra_roots(Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/ca.pem"));
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), "not a certificate").unwrap();
        assert!(matches!(
            load_extra_roots(file.path()),
            Err(SetupError::CaFileEmpty { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_or_a_huge_ca_file_is_refused_without_reading_it() {
        let error = load_extra_roots(Path::new("/dev/zero")).unwrap_err();
        assert!(
            matches!(
                error,
                SetupError::CaFileNotAFile {
                    kind: "a device",
                    ..
                }
            ),
            "{error}"
        );
        assert!(
            error.to_string().contains("/dev/zero is a device"),
            "{error}"
        );
        let file = tempfile::NamedTempFile::new().unwrap();
        file.as_file().set_len(MAX_CA_FILE_BYTES + 1).unwrap();
        let error = load_extra_roots(file.path()).unwrap_err();
        assert!(matches!(error, SetupError::CaFileTooBig { .. }), "{error}");
    }

    #[test]
    fn a_bad_proxy_setting_is_reported() {
        let settings = ClientSettings {
            proxy_url: Some("::not a proxy".into()),
            ..ClientSettings::default()
        };
        assert!(
            ScimHttp::new(
                &TenantUrl::parse("https://x.knowbe4.com").unwrap(),
                ScimToken::from_checked("t".into()),
                &settings
            )
            .is_err()
        );
    }
}
