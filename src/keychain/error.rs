//! Keychain failures, classified so the operator is told exactly what is missing and how to
//! fix it. Messages never contain the token.

use serde::{Deserialize, Serialize};

/// Why the keychain could not be used. The `store` fields hold the store's name as shown to the
/// operator (e.g. "Secret Service (GNOME Keyring / KWallet)").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum KeychainError {
    #[error(
        "No D-Bus session bus was found, so the Secret Service (GNOME Keyring / KWallet) cannot \
         be reached. Run kb4-setup inside your desktop session (or under dbus-run-session), \
         install and unlock GNOME Keyring or KWallet, then start kb4-setup again. (Detail: \
         {detail})"
    )]
    NoSessionBus { detail: String },
    #[error(
        "No Secret Service is running on the D-Bus session bus (nothing provides \
         org.freedesktop.secrets). Install and unlock GNOME Keyring or KWallet (Debian/Ubuntu: \
         apt install gnome-keyring), then start kb4-setup again."
    )]
    NoSecretService,
    #[error("The {store} is locked and could not be unlocked. {}", unlock_hint())]
    Locked { store: String },
    #[error(
        "The {store} needed to be unlocked (or its login keyring created), but the prompt was \
         dismissed or could not be shown. Try again and answer the prompt. {}",
        unlock_hint()
    )]
    PromptDismissed { store: String },
    #[error(
        "The {store} refused kb4-setup access to its entry ({detail}). Allow access when asked, \
         or grant it in {}, then try again.",
        manager_name()
    )]
    AccessDenied { store: String, detail: String },
    /// Windows' ERROR_NO_SUCH_LOGON_SESSION: the process runs without a user logon session
    /// that Credential Manager can keep credentials for.
    #[error(
        "The {store} cannot be used from here: Windows gives this process no logon session to \
         keep credentials in (as for services, scheduled tasks and some remote shells). Start \
         kb4-setup from your own Windows sign-in to keep the SCIM token or API key there."
    )]
    NoLogonSession { store: String },
    #[error(
        "The {store} entry kb4-setup asked for does not hold text, so kb4-setup did not use it. \
         Delete it (the SCIM token: kb4-setup token delete --tenant-url URL; the JumpCloud API \
         key: kb4-setup jumpcloud-key delete) and save it again."
    )]
    NotText { store: String },
    #[error(
        "The {store} holds {count} entries under the name kb4-setup asked for, so kb4-setup \
         cannot tell which is right. Remove them in {} and save the SCIM token or API key again.",
        manager_name()
    )]
    Ambiguous { store: String, count: usize },
    #[error(
        "This operating system has no keychain kb4-setup can use (it supports the Secret \
         Service on Linux, the macOS Keychain and the Windows Credential Manager)."
    )]
    UnsupportedPlatform,
    #[error(
        "The {store} reported an error: {detail}. Check that it is running and unlocked, then try again."
    )]
    Platform { store: String, detail: String },
}

impl KeychainError {
    /// True when the keychain cannot be used at all right now, so the UI should offer
    /// "keep for this session only (memory)". False for problems with one entry.
    pub fn offers_session_memory(&self) -> bool {
        !matches!(
            self,
            KeychainError::NotText { .. } | KeychainError::Ambiguous { .. }
        )
    }

    /// Classifies an error from the `keyring` crate. `secret` is the token being saved, if
    /// any: it is scrubbed from platform text as a precaution (no store is known to echo it).
    pub(crate) fn from_keyring(error: &keyring::Error, store: &str, secret: Option<&str>) -> Self {
        let store = store.to_string();
        let chain = error_chain_text(error);
        let lower = chain.to_ascii_lowercase();
        if lower.contains("no secret service provider or dbus session found")
            || lower.contains("failed to connect to address")
            || lower.contains("connection refused")
        {
            return KeychainError::NoSessionBus {
                detail: scrub(&chain, secret),
            };
        }
        if lower.contains("serviceunknown")
            || lower.contains("namehasnoowner")
            || lower.contains("org.freedesktop.secrets was not provided")
        {
            return KeychainError::NoSecretService;
        }
        match error {
            keyring::Error::BadEncoding(_) => return KeychainError::NotText { store },
            keyring::Error::Ambiguous(entries) => {
                return KeychainError::Ambiguous {
                    store,
                    count: entries.len(),
                };
            }
            keyring::Error::Invalid(what, _) if what == "platform" => {
                return KeychainError::UnsupportedPlatform;
            }
            _ => {}
        }
        // Text of windows-native-keyring-store's wrapped Win32 error code.
        if lower.contains("error_no_such_logon_session") {
            return KeychainError::NoLogonSession { store };
        }
        let detail = scrub(&chain, secret);
        // "Result not returned": gnome-keyring needed a prompt (to unlock, or to create the
        // login keyring) and could not show one, e.g. on a headless session.
        if lower.contains("prompt dismissed") || lower.contains("result not returned") {
            KeychainError::PromptDismissed { store }
        } else if lower.contains("object locked") || lower.contains("prompt completed") {
            KeychainError::Locked { store }
        } else if lower.contains("accessdenied")
            || lower.contains("access denied")
            || matches!(error, keyring::Error::NoStorageAccess(_))
        {
            KeychainError::AccessDenied { store, detail }
        } else {
            KeychainError::Platform { store, detail }
        }
    }
}

/// The error's own text and every source below it, so classification sees the D-Bus error
/// name even when the keyring crate wraps it.
fn error_chain_text(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        // Wrappers often repeat their source's text; keep each piece once.
        let piece = inner.to_string();
        if !text.contains(&piece) {
            text.push_str(": ");
            text.push_str(&piece);
        }
        source = inner.source();
    }
    text
}

fn scrub(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(secret) if !secret.is_empty() => text.replace(secret, "***"),
        _ => text.to_string(),
    }
}

fn unlock_hint() -> &'static str {
    if cfg!(target_os = "macos") {
        "Unlock the login keychain in Keychain Access, then try again."
    } else if cfg!(windows) {
        "Sign in to Windows with your own account, then try again."
    } else {
        "Unlock the login keyring (log in to the desktop, or use Passwords and Keys / KWallet \
         Manager; without a desktop, `gnome-keyring-daemon --unlock` reads the password from \
         standard input), then try again."
    }
}

fn manager_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "Keychain Access"
    } else if cfg!(windows) {
        "Credential Manager"
    } else {
        "Passwords and Keys (Seahorse) or KWallet Manager"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A platform error with a fixed text, standing in for the D-Bus errors whose text the
    /// classifier reads (the real ones are exercised in tests/domain/keychain.rs).
    #[derive(Debug)]
    struct Text(&'static str);

    impl std::fmt::Display for Text {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Text {}

    fn platform(text: &'static str) -> keyring::Error {
        keyring::Error::PlatformFailure(Box::new(Text(text)))
    }

    fn no_access(text: &'static str) -> keyring::Error {
        keyring::Error::NoStorageAccess(Box::new(Text(text)))
    }

    const STORE: &str = "Secret Service (GNOME Keyring / KWallet)";

    #[test]
    fn classification_table() {
        let store = || STORE.to_string();
        let cases = [
            (
                platform("no secret service provider or dbus session found"),
                KeychainError::NoSessionBus {
                    detail: "Platform failure: no secret service provider or dbus session found"
                        .into(),
                },
            ),
            (
                platform(
                    "zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable",
                ),
                KeychainError::NoSecretService,
            ),
            (
                platform("zbus fdo error: NameHasNoOwner"),
                KeychainError::NoSecretService,
            ),
            (
                platform("Failed to connect to address `unix:path=/run/user/0/bus`: No such file"),
                KeychainError::NoSessionBus {
                    detail: "Platform failure: Failed to connect to address \
                             `unix:path=/run/user/0/bus`: No such file"
                        .into(),
                },
            ),
            (
                no_access("SS Error: object locked"),
                KeychainError::Locked { store: store() },
            ),
            (
                no_access("SS error: prompt dismissed"),
                KeychainError::PromptDismissed { store: store() },
            ),
            (
                no_access("SS error: result not returned from SS API"),
                KeychainError::PromptDismissed { store: store() },
            ),
            (
                no_access("Windows ERROR_NO_SUCH_LOGON_SESSION"),
                KeychainError::NoLogonSession { store: store() },
            ),
            (
                keyring::Error::BadEncoding(vec![0xff]),
                KeychainError::NotText { store: store() },
            ),
            (
                keyring::Error::Ambiguous(Vec::new()),
                KeychainError::Ambiguous {
                    store: store(),
                    count: 0,
                },
            ),
            (
                keyring::Error::Invalid("platform".into(), "unsupported".into()),
                KeychainError::UnsupportedPlatform,
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(
                KeychainError::from_keyring(&error, STORE, None),
                expected,
                "{error}"
            );
        }
        let denied = KeychainError::from_keyring(
            &platform("org.freedesktop.DBus.Error.AccessDenied: nope"),
            STORE,
            None,
        );
        assert!(
            matches!(denied, KeychainError::AccessDenied { .. }),
            "{denied:?}"
        );
        let other = KeychainError::from_keyring(&platform("disk on fire"), STORE, None);
        assert!(matches!(other, KeychainError::Platform { .. }), "{other:?}");
        assert!(other.to_string().contains("disk on fire"));
    }

    #[test]
    fn messages_say_what_to_install_and_never_echo_the_secret() {
        let message = KeychainError::NoSecretService.to_string();
        assert!(
            message.contains("Install and unlock GNOME Keyring or KWallet"),
            "{message}"
        );
        let error = KeychainError::from_keyring(
            &platform("echo TopSecret99 back"),
            STORE,
            Some("TopSecret99"),
        );
        let message = error.to_string();
        assert!(!message.contains("TopSecret99"), "{message}");
        assert!(message.contains("echo *** back"), "{message}");
    }

    #[test]
    fn only_entry_problems_skip_the_memory_offer() {
        assert!(
            KeychainError::NoSessionBus {
                detail: String::new()
            }
            .offers_session_memory()
        );
        assert!(
            KeychainError::Locked {
                store: STORE.into()
            }
            .offers_session_memory()
        );
        assert!(
            !KeychainError::NotText {
                store: STORE.into()
            }
            .offers_session_memory()
        );
    }

    /// Credential Manager refuses a process without a logon session (a service, some remote
    /// shells): the message says so in Windows terms and the session-only store is offered.
    #[test]
    fn a_windows_store_without_logon_session_says_where_to_run_and_offers_memory() {
        let error = KeychainError::from_keyring(
            &no_access("Windows ERROR_NO_SUCH_LOGON_SESSION"),
            "Windows Credential Manager",
            None,
        );
        let message = error.to_string();
        assert!(
            message.starts_with("The Windows Credential Manager cannot be used from here"),
            "{message}"
        );
        assert!(message.contains("your own Windows sign-in"), "{message}");
        assert!(!message.contains("Allow access"), "{message}");
        assert!(error.offers_session_memory());
    }
}
