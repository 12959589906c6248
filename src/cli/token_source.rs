//! Where `check` and `reconcile` take the SCIM token from: standard input with
//! `--token-stdin`, the OS keychain otherwise. One set of rules and messages for both: a
//! piped token goes through [`parse_pasted_token`], as a token pasted into the window.

use std::io::Read;

use zeroize::Zeroize;

use crate::tenant_url::TenantUrl;
use crate::token::{MAX_TOKEN_CHARS, ScimToken, parse_pasted_token};

/// Looks the token of a tenant up in the keychain: `Ok(None)` when none is stored.
pub type TokenLookup<'a> = &'a dyn Fn(&TenantUrl) -> Result<Option<ScimToken>, String>;

/// The token of `tenant`: read from `stdin` when `from_stdin` is set, else from `lookup`.
/// The error is a message for the operator; it never contains the token.
pub fn token_for(
    tenant: &TenantUrl,
    from_stdin: bool,
    stdin: impl Read,
    lookup: TokenLookup<'_>,
) -> Result<ScimToken, String> {
    if from_stdin {
        return read_token(stdin);
    }
    match lookup(tenant) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(format!(
            "no token is stored for {tenant}: store it with `kb4-setup token set --tenant-url \
             {tenant}`, or pass it with --token-stdin"
        )),
        Err(problem) => Err(format!(
            "could not read the token from the keychain ({problem}); pass it with --token-stdin"
        )),
    }
}

/// Reads the token from `input` with the rules of the window's token field: surrounding
/// whitespace and the final newline are dropped; empty, too long or with whitespace inside
/// is refused.
pub fn read_token(input: impl Read) -> Result<ScimToken, String> {
    // A token is short: read a little more than the longest accepted, never without limit.
    let limit = u64::try_from(MAX_TOKEN_CHARS * 4 + 2).unwrap_or(u64::MAX);
    let mut raw = String::new();
    let read = input.take(limit).read_to_string(&mut raw);
    let parsed = parse_pasted_token(&raw);
    raw.zeroize();
    read.map_err(|e| format!("could not read the token from standard input: {e}"))?;
    let pasted = parsed.map_err(|error| format!("{error} (read with --token-stdin)"))?;
    Ok(pasted.token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> TenantUrl {
        TenantUrl::parse("https://training.knowbe4.com/scim/v2/x").unwrap()
    }

    #[test]
    fn stdin_token_is_trimmed_and_checked_as_a_pasted_one() {
        assert_eq!(
            read_token(&b"  abc.def \n"[..]).unwrap().expose_for_http(),
            "abc.def"
        );
        let empty = read_token(&b" \n"[..]).unwrap_err();
        assert!(empty.contains("empty"), "{empty}");
        let inner = read_token(&b"two\nlines"[..]).unwrap_err();
        assert!(inner.contains("line break"), "{inner}");
        let huge = vec![b'x'; 1024 * 1024];
        let message = read_token(&huge[..]).unwrap_err();
        assert!(message.contains("4096"), "{message}");
    }

    #[test]
    fn the_keychain_is_asked_only_without_stdin() {
        let stored = |_: &TenantUrl| Ok(Some(ScimToken::from_checked("kept".to_owned())));
        let token = token_for(&tenant(), false, &b"piped"[..], &stored).unwrap();
        assert_eq!(token.expose_for_http(), "kept");
        let token = token_for(&tenant(), true, &b"piped"[..], &stored).unwrap();
        assert_eq!(token.expose_for_http(), "piped");
    }

    #[test]
    fn a_missing_or_unreadable_token_says_what_to_do() {
        let none = |_: &TenantUrl| Ok(None);
        let message = token_for(&tenant(), false, &b""[..], &none).unwrap_err();
        assert!(message.contains("kb4-setup token set"), "{message}");
        assert!(message.contains("--token-stdin"), "{message}");
        let locked = |_: &TenantUrl| Err("the keyring is locked".to_owned());
        let message = token_for(&tenant(), false, &b""[..], &locked).unwrap_err();
        assert!(message.contains("keyring is locked"), "{message}");
    }
}
