//! The KnowBe4 SCIM token: a secret type that cannot be printed by accident, and the checks
//! run on a pasted token.
//!
//! KnowBe4 shows the token once. Its format is not documented, so the checks are only what
//! holds for any bearer token: no surrounding whitespace (trimmed), not empty, no inner
//! whitespace. A token that looks like a URL is accepted with a warning, because that usually
//! means the Tenant URL went into the token field.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The longest token accepted, in characters. Bearer tokens are tens to a few hundred
/// characters (a large signed JWT stays under 2,000); a server refuses a header much larger
/// than 8 KB. Anything longer is something else pasted by mistake and is refused before it is
/// stored or sent.
pub const MAX_TOKEN_CHARS: usize = 4096;

/// The SCIM bearer token, held in memory only. Zeroed on drop; `Debug` prints `ScimToken(***)`.
///
/// Deliberately not `Serialize`, `Display` or `PartialEq`: the only way to read the value is
/// [`ScimToken::expose_for_http`], so every use is easy to find.
#[derive(Clone)]
pub struct ScimToken(SecretString);

impl ScimToken {
    /// Wraps a token that has already been checked (see [`parse_pasted_token`]) or that was read
    /// back from the keychain.
    pub(crate) fn from_checked(value: String) -> Self {
        Self(SecretString::from(value))
    }

    /// A token read back from the keychain. It was checked when it was saved; only its length
    /// is checked again, so that nothing longer than [`MAX_TOKEN_CHARS`] is ever sent, whoever
    /// wrote the entry.
    pub(crate) fn from_stored(value: SecretString) -> Result<Self, TokenError> {
        check_token_length(value.expose_secret())?;
        Ok(Self(value))
    }

    /// The token's text, for the `Authorization: Bearer` header, the keychain, or the
    /// clipboard after an explicit Copy click. Never log or display the result.
    pub fn expose_for_http(&self) -> &str {
        self.0.expose_secret()
    }

    /// Number of characters, for a status line such as "43 characters" that proves something
    /// was pasted without showing it.
    pub fn char_count(&self) -> usize {
        self.0.expose_secret().chars().count()
    }
}

impl std::fmt::Debug for ScimToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScimToken(***)")
    }
}

/// A pasted token that passed the checks, with anything the operator should still look at.
#[derive(Debug, Clone)]
pub struct PastedToken {
    pub token: ScimToken,
    pub warnings: Vec<TokenWarning>,
}

/// Why a pasted token was refused. Messages never contain the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum TokenError {
    #[error(
        "The SCIM token is empty. Paste the token KnowBe4 showed when you clicked Generate SCIM \
         Token (or Regenerate SCIM Token)."
    )]
    Empty,
    #[error(
        "The SCIM token is {length} characters long; kb4-setup accepts at most {limit} (its own \
         limit, not KnowBe4's). Something else may have been pasted, such as a whole file or \
         page: copy only the token KnowBe4 showed when you clicked Generate SCIM Token (or \
         Regenerate SCIM Token)."
    )]
    TooLong {
        /// Length in characters of the trimmed token.
        length: usize,
        limit: usize,
    },
    #[error(
        "The SCIM token contains {kind} at character {position} of {length}. kb4-setup does \
         not accept spaces or line breaks inside a token: copy it again in one piece from \
         KnowBe4."
    )]
    InnerWhitespace {
        /// Which kind of whitespace, in words ("a space", "a line break", "a tab").
        kind: String,
        /// 1-based character position in the trimmed token.
        position: usize,
        /// Length in characters of the trimmed token.
        length: usize,
    },
}

/// Something odd about an accepted token. Messages never contain the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum TokenWarning {
    #[error(
        "This looks like the Tenant URL pasted into the token field. The SCIM token is the \
         secret KnowBe4 showed once under User Provisioning; the URL goes in the Tenant URL \
         field."
    )]
    LooksLikeUrl,
}

/// Checks a token pasted by the operator: trims surrounding whitespace and line breaks, refuses
/// an empty token or one with whitespace inside, and warns when it looks like a URL.
pub fn parse_pasted_token(input: &str) -> Result<PastedToken, TokenError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TokenError::Empty);
    }
    check_token_length(trimmed)?;
    if let Some((index, ch)) = trimmed.chars().enumerate().find(|(_, c)| c.is_whitespace()) {
        return Err(TokenError::InnerWhitespace {
            kind: describe_whitespace(ch).to_string(),
            position: index + 1,
            length: trimmed.chars().count(),
        });
    }
    let mut warnings = Vec::new();
    if looks_like_url(trimmed) {
        warnings.push(TokenWarning::LooksLikeUrl);
    }
    Ok(PastedToken {
        token: ScimToken::from_checked(trimmed.to_string()),
        warnings,
    })
}

/// Refuses a token longer than [`MAX_TOKEN_CHARS`], counting no further than needed.
pub fn check_token_length(token: &str) -> Result<(), TokenError> {
    // Bytes bound characters from above: a short string needs no counting.
    if token.len() <= MAX_TOKEN_CHARS || token.chars().nth(MAX_TOKEN_CHARS).is_none() {
        return Ok(());
    }
    Err(TokenError::TooLong {
        length: token.chars().count(),
        limit: MAX_TOKEN_CHARS,
    })
}

fn describe_whitespace(ch: char) -> &'static str {
    match ch {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => "a line break",
        '\u{a0}' => "a non-breaking space",
        _ => "a whitespace character",
    }
}

/// A scheme prefix or a knowbe4.com host is what a mis-pasted Tenant URL looks like.
fn looks_like_url(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    lower.contains("://") || lower.contains("knowbe4.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "kb4_Sample-token.value_0123456789";

    #[test]
    fn surrounding_whitespace_and_newlines_are_trimmed() {
        let pasted = parse_pasted_token(&format!("\n  {SAMPLE}\r\n\t")).unwrap();
        assert_eq!(pasted.token.expose_for_http(), SAMPLE);
        assert!(pasted.warnings.is_empty());
        assert_eq!(pasted.token.char_count(), SAMPLE.len());
    }

    #[test]
    fn empty_and_blank_input_is_refused() {
        for input in ["", "   ", "\n\r\n", "\t \n"] {
            assert_eq!(
                parse_pasted_token(input).unwrap_err(),
                TokenError::Empty,
                "{input:?}"
            );
        }
    }

    #[test]
    fn inner_whitespace_is_refused_with_its_position_but_not_the_token() {
        let cases = [
            ("Qx7Z Wp9V", "a space", 5, 9),
            ("Qx7Z\nWp9V", "a line break", 5, 9),
            ("Qx\tWp9V", "a tab", 3, 7),
            ("Qx7\u{a0}Wp9", "a non-breaking space", 4, 7),
        ];
        for (input, kind, position, length) in cases {
            let error = parse_pasted_token(&format!("  {input}\n")).unwrap_err();
            assert_eq!(
                error,
                TokenError::InnerWhitespace {
                    kind: kind.to_string(),
                    position,
                    length
                },
                "{input:?}"
            );
            let message = error.to_string();
            assert!(message.contains(kind), "{message}");
            for part in input.split(char::is_whitespace) {
                assert!(!message.contains(part), "{message} leaks {part:?}");
            }
        }
    }

    #[test]
    fn a_pasted_url_is_accepted_with_a_warning_that_does_not_repeat_it() {
        let input = "https://training.knowbe4.com/scim/v2/abc123";
        let pasted = parse_pasted_token(input).unwrap();
        assert_eq!(pasted.warnings, vec![TokenWarning::LooksLikeUrl]);
        let message = pasted.warnings[0].to_string();
        assert!(message.contains("Tenant URL"), "{message}");
        assert!(!message.contains("abc123"), "{message}");
        assert!(!message.contains(input), "{message}");
    }

    #[test]
    fn tokens_without_a_url_shape_have_no_warning() {
        for input in ["abc", "eyJhbGciOiJIUzI1NiJ9.e30.sig", "a:b", "http-token"] {
            assert!(
                parse_pasted_token(input).unwrap().warnings.is_empty(),
                "{input}"
            );
        }
        for input in ["HTTP://x", "eu.knowbe4.com/scim", "ftp://x"] {
            assert_eq!(
                parse_pasted_token(input).unwrap().warnings,
                vec![TokenWarning::LooksLikeUrl],
                "{input}"
            );
        }
    }

    #[test]
    fn an_implausibly_long_token_is_refused_without_repeating_it() {
        let at_limit = "a".repeat(MAX_TOKEN_CHARS);
        assert!(parse_pasted_token(&at_limit).is_ok());
        let huge = format!("{}Z", "x".repeat(1024 * 1024));
        let error = parse_pasted_token(&format!(" {huge}\n")).unwrap_err();
        assert_eq!(
            error,
            TokenError::TooLong {
                length: 1024 * 1024 + 1,
                limit: MAX_TOKEN_CHARS
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("4096") && message.contains("1048577"),
            "{message}"
        );
        assert!(
            message.contains("its own limit, not KnowBe4's"),
            "{message}"
        );
        assert!(!message.contains("xxxxxxxx"), "{message}");
    }

    #[test]
    fn debug_never_shows_the_token() {
        let pasted = parse_pasted_token(SAMPLE).unwrap();
        assert_eq!(format!("{:?}", pasted.token), "ScimToken(***)");
        let whole = format!("{pasted:?} {pasted:#?}");
        assert!(!whole.contains(SAMPLE), "{whole}");
        assert!(!whole.contains("Sample"), "{whole}");
    }
}
