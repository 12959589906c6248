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
        "JumpCloud refused the API key (HTTP 401): it is wrong, or it was disabled or replaced. \
         Copy the administrator's API key again, in one piece.{}",
        server_says(.message)
    )]
    Unauthorized { message: Option<String> },
    #[error(
        "JumpCloud refused the API key (HTTP 401). The key is wrong or disabled, or it belongs \
         to a multi-tenant (MSP) administrator, who must also give the organisation id (sent as \
         x-org-id): enter it in the organisation id field, or pass --org-id.{}",
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
        "JumpCloud accepted the API key but refused to read {what} (HTTP 403): the key carries \
         its administrator's role, and that role cannot read it. Use the key of an \
         administrator whose role can read applications (a read-only role is enough).{}{}",
        org_id_hint(*.org_id_sent),
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
        "JumpCloud kept answering HTTP 429 (too many requests) to {what}, {attempts} times in \
         a row. Wait a minute and try again."
    )]
    Throttled { what: String, attempts: u32 },
    #[error(
        "JumpCloud reported an error on its side (HTTP {status}) for {what}, {attempts} times \
         in a row. Try again later."
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

fn org_id_hint(sent: bool) -> &'static str {
    if sent {
        " An organisation id was sent: JumpCloud also answers 403 when a route does not take \
         one."
    } else {
        ""
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
            "{}. JumpCloud's answers to these requests are far smaller: another service (or a \
             proxy) may answer at this address.",
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
        assert!(JumpCloudError::Setup("x".into()).is_input_error());
    }
}
