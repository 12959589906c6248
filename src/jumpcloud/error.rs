//! What went wrong talking to JumpCloud, in the operator's words. One type for every call, so
//! the window and the command line say the same thing. Messages never hold the key.

use crate::scim::client::RequestError;
use crate::scim::hints::request_error_verdict;

/// Why a JumpCloud request gave no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum JumpCloudError {
    /// The proxy, the extra CA file or the API URL cannot be used (input error).
    #[error("{0}")]
    Setup(String),
    #[error(
        "JumpCloud refused the API key (HTTP 401): it is wrong, or it was replaced (generating a \
         new API key revokes the current one). Copy the administrator's current API key again, \
         in one piece.{}",
        server_says(.message)
    )]
    Unauthorized { message: Option<String> },
    #[error(
        "JumpCloud refused the API key (HTTP 401). The key is wrong, or it was replaced \
         (generating a new API key revokes the current one), or it belongs to a multi-tenant \
         (MSP) administrator, who must also give the organisation id (sent as x-org-id): enter \
         it in the organisation id field, or pass --org-id.{}",
        server_says(.message)
    )]
    UnauthorizedWithoutOrgId { message: Option<String> },
    #[error(
        "JumpCloud answered HTTP 400 to the organisation id {org_id}: it is malformed. Copy it \
         again, in one piece.{}",
        server_says(.message)
    )]
    BadOrgId {
        org_id: String,
        message: Option<String>,
    },
    #[error(
        "JumpCloud refused to read {what} (HTTP 403). {}{}",
        forbidden_causes(*.org_id_sent),
        server_says(.message)
    )]
    Forbidden {
        what: String,
        org_id_sent: bool,
        message: Option<String>,
    },
    #[error(
        "JumpCloud found no {what} (HTTP 404).{} Check the id, the API host (console or EU) and \
         the organisation id.",
        server_says(.message)
    )]
    NotFound {
        what: String,
        message: Option<String>,
    },
    #[error(
        "JumpCloud answered HTTP 429 (too many requests) to {what}{}. Wait a minute and try \
         again.",
        times(*.attempts)
    )]
    Throttled { what: String, attempts: u32 },
    #[error(
        "JumpCloud reported an error on its side (HTTP {status}) for {what}{}. Try again later.",
        times(*.attempts)
    )]
    ServerError {
        what: String,
        status: u16,
        attempts: u32,
    },
    #[error("JumpCloud answered HTTP {status} to {what}, which kb4-setup does not expect.{}", server_says(.message))]
    UnexpectedStatus {
        what: String,
        status: u16,
        message: Option<String>,
    },
    /// No HTTP answer: timeout, refused connection, TLS, proxy. The words are the SCIM checks'.
    #[error("Could not read {what} from JumpCloud at {host}: {}", request_words(.error))]
    Request {
        what: String,
        host: String,
        error: RequestError,
    },
    #[error(
        "JumpCloud's answer for {what} could not be read: {detail}. A proxy may have answered \
         instead, or the API changed."
    )]
    Malformed { what: String, detail: String },
}

impl JumpCloudError {
    /// True for errors in the operator's input (proxy, CA file, API URL): CLI exit 2.
    pub fn is_input_error(&self) -> bool {
        matches!(self, JumpCloudError::Setup(_))
    }

    /// True when the key or organisation id is the problem (401, 400 on the org id, 403).
    pub fn is_access_error(&self) -> bool {
        matches!(
            self,
            JumpCloudError::Unauthorized { .. }
                | JumpCloudError::UnauthorizedWithoutOrgId { .. }
                | JumpCloudError::BadOrgId { .. }
                | JumpCloudError::Forbidden { .. }
        )
    }
}

fn server_says(message: &Option<String>) -> String {
    message
        .as_deref()
        .map(|text| format!(" (JumpCloud said: \"{text}\")"))
        .unwrap_or_default()
}

/// The 403's two possible causes. JumpCloud's API documents 403 for an organisation id sent
/// on a route that does not take one; the key's role is the other possibility (a key carries
/// its administrator's role).
fn forbidden_causes(org_id_sent: bool) -> &'static str {
    if org_id_sent {
        "Two causes are possible: an organisation id was sent (x-org-id), and JumpCloud answers \
         403 when a route does not take one (remove it if this administrator is not a \
         multi-tenant (MSP) one); or the key's administrator has a role that may not read it \
         (use the key of an administrator whose role can read applications and users; a \
         read-only role is enough)."
    } else {
        "JumpCloud answers 403 when an organisation id is sent where a route does not take one, \
         but none was sent; the other possible cause is the key's administrator's role, which \
         may not read it: use the key of an administrator whose role can read applications and \
         users (a read-only role is enough)."
    }
}

/// ", 3 times in a row" after retries; nothing for a single answer.
fn times(attempts: u32) -> String {
    if attempts > 1 {
        format!(", {attempts} times in a row")
    } else {
        String::new()
    }
}

/// The SCIM checks' summary and hint for a request that got no answer.
fn request_words(error: &RequestError) -> String {
    let verdict = request_error_verdict(error);
    match error {
        RequestError::Refused(_) | RequestError::Connect(_) | RequestError::Other(_) => format!(
            "{}. Check the network, the proxy setting and the JumpCloud API host.",
            verdict.summary
        ),
        RequestError::BodyTooLarge(_) => format!(
            "{}. Another service (or a proxy) may answer at this address.",
            verdict.summary
        ),
        // The SCIM checks' hint points to their TLS handshake check, which JumpCloud has not.
        RequestError::Tls(message) if !message.contains("does not trust") => format!(
            "{}. The log file has the technical detail. If a corporate proxy inspects TLS, add \
             its root certificate with the extra CA certificate option (--ca-file).",
            verdict.summary
        ),
        _ => match verdict.hint {
            Some(hint) => format!("{}. {hint}", verdict.summary),
            None => verdict.summary,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_its_own_words() {
        let missing_org = JumpCloudError::UnauthorizedWithoutOrgId { message: None }.to_string();
        assert!(missing_org.contains("--org-id"), "{missing_org}");
        let forbidden = JumpCloudError::Forbidden {
            what: "the applications".into(),
            org_id_sent: false,
            message: Some("Forbidden".into()),
        }
        .to_string();
        assert!(forbidden.contains("role"), "{forbidden}");
        assert!(
            forbidden.contains("JumpCloud said: \"Forbidden\""),
            "{forbidden}"
        );
        let timeout = JumpCloudError::Request {
            what: "the applications".into(),
            host: "console.jumpcloud.com".into(),
            error: RequestError::Timeout(10),
        }
        .to_string();
        assert!(timeout.contains("timed out"), "{timeout}");
        assert!(timeout.contains("proxy"), "{timeout}");
        let ca = JumpCloudError::Request {
            what: "x".into(),
            host: "h".into(),
            error: RequestError::Tls("h: this computer does not trust the issuer".into()),
        }
        .to_string();
        assert!(ca.contains("--ca-file"), "{ca}");
        let handshake = JumpCloudError::Request {
            what: "x".into(),
            host: "h".into(),
            error: RequestError::Tls("the server sent no certificate".into()),
        }
        .to_string();
        assert!(handshake.contains("--ca-file"), "{handshake}");
        assert!(!handshake.contains("TLS handshake check"), "{handshake}");
        assert!(JumpCloudError::Setup("x".into()).is_input_error());
    }

    #[test]
    fn a_403_names_both_possible_causes() {
        for sent in [true, false] {
            let text = JumpCloudError::Forbidden {
                what: "the applications".into(),
                org_id_sent: sent,
                message: None,
            }
            .to_string();
            assert!(text.contains("route does not take one"), "{text}");
            assert!(text.contains("role"), "{text}");
            assert!(!text.contains("cannot read it"), "{text}");
        }
    }

    #[test]
    fn an_answer_given_once_is_not_counted() {
        let once = JumpCloudError::ServerError {
            what: "the applications".into(),
            status: 500,
            attempts: 1,
        }
        .to_string();
        assert!(!once.contains("times"), "{once}");
        assert!(
            once.contains("(HTTP 500) for the applications. Try"),
            "{once}"
        );
        let thrice = JumpCloudError::Throttled {
            what: "the applications".into(),
            attempts: 3,
        }
        .to_string();
        assert!(thrice.contains("3 times in a row"), "{thrice}");
    }

    #[test]
    fn a_401_says_only_what_jumpcloud_documents() {
        let text = JumpCloudError::Unauthorized { message: None }.to_string();
        assert!(text.contains("revokes the current one"), "{text}");
        assert!(!text.contains("disabled"), "{text}");
    }
}
