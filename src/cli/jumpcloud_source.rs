//! The options every command that calls JumpCloud shares, in one place: where the API key
//! comes from (`--key-stdin`, the environment variable `KB4_JUMPCLOUD_API_KEY`, else the
//! keychain), the API host or `--api-url`, `--org-id`, and the network options `check` has.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use zeroize::Zeroizing;

use crate::jumpcloud::api_key::{load_key, parse_api_key};
use crate::jumpcloud::{
    ApiBase, ApiHost, Connection, JumpCloudApiKey, JumpCloudClient, JumpCloudSettings, OrgId,
};
use crate::keychain::{KeychainError, SecretStore};
use crate::scim::ClientSettings;

/// The environment variable a script may hold the key in.
pub const KEY_ENV: &str = "KB4_JUMPCLOUD_API_KEY";

/// Longest standard input read as a key.
const MAX_KEY_INPUT: u64 = 64 * 1024;

#[derive(Debug, Clone, Args, Default)]
pub struct JumpCloudOptions {
    /// Read the JumpCloud API key from standard input (else KB4_JUMPCLOUD_API_KEY, else the
    /// keychain).
    #[arg(long)]
    pub key_stdin: bool,
    /// JumpCloud API host: console (console.jumpcloud.com) or eu (console.eu.jumpcloud.com).
    /// Default: the saved choice, else console.
    #[arg(long, value_parser = parse_api_host)]
    pub api_host: Option<ApiHost>,
    /// Replaces the API host: https, or plain http to 127.0.0.1/localhost for testing.
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Organisation id, for multi-tenant (MSP) administrators (sent as x-org-id).
    #[arg(long, value_name = "ID")]
    pub org_id: Option<String>,
    /// Per-request timeout in seconds, from 1 to 300.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = super::parse_timeout_secs)]
    pub timeout: u64,
    /// Proxy for the requests (http://host:port), used before HTTPS_PROXY/NO_PROXY.
    #[arg(long)]
    pub proxy: Option<String>,
    /// Extra CA certificate (PEM) to trust, for TLS-inspecting proxies.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
}

fn parse_api_host(value: &str) -> Result<ApiHost, String> {
    ApiHost::from_code(value)
        .ok_or_else(|| format!("unknown API host '{value}': use console or eu"))
}

impl JumpCloudOptions {
    /// The organisation id: `--org-id`, else the saved one. The error is for the operator.
    pub fn org_id(&self, saved: &JumpCloudSettings) -> Result<Option<OrgId>, String> {
        let text = self.org_id.as_deref().unwrap_or(&saved.org_id);
        OrgId::parse_optional(text).map_err(|e| e.to_string())
    }

    /// The connection: these options over the saved choices. Errors are input errors.
    pub fn connection(&self, saved: &JumpCloudSettings) -> Result<Connection, String> {
        let base = match (&self.api_url, self.api_host) {
            (Some(url), _) => ApiBase::parse(url).map_err(|e| e.to_string())?,
            (None, Some(host)) => ApiBase::of_host(host),
            (None, None) => saved.api_base().map_err(|e| e.to_string())?,
        };
        let client = ClientSettings {
            timeout: Duration::from_secs(self.timeout),
            proxy_url: self.proxy.clone(),
            extra_ca_file: self.ca_file.clone(),
            ..ClientSettings::default()
        };
        client.validate().map_err(|e| e.to_string())?;
        Ok(Connection {
            base,
            org_id: self.org_id(saved)?,
            client,
        })
    }

    /// The API key: standard input with `--key-stdin`, else the environment variable, else
    /// the keychain entry for the organisation id. Errors never hold the key.
    pub fn key(
        &self,
        org_id: Option<&OrgId>,
        stdin: impl Read,
        env: Option<String>,
        store: &dyn SecretStore,
    ) -> Result<JumpCloudApiKey, String> {
        if self.key_stdin {
            return read_key(stdin).map_err(|e| format!("{e} (read with --key-stdin)"));
        }
        if let Some(value) = env.map(Zeroizing::new) {
            return parse_api_key(&value).map_err(|e| format!("{e} (read from {KEY_ENV})"));
        }
        match load_key(store, org_id) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(format!(
                "no JumpCloud API key is stored: store it with `kb4-setup jumpcloud-key set`{}, \
                 pass it with --key-stdin, or set {KEY_ENV}",
                org_id.map(|o| format!(" --org-id {o}")).unwrap_or_default()
            )),
            Err(error) => Err(keychain_words(&error)),
        }
    }

    /// A client for these options: connection, then key. Errors are input errors (exit 2).
    pub fn client(
        &self,
        saved: &JumpCloudSettings,
        stdin: impl Read,
        env: Option<String>,
        store: &dyn SecretStore,
    ) -> Result<JumpCloudClient, String> {
        let connection = self.connection(saved)?;
        let key = self.key(connection.org_id.as_ref(), stdin, env, store)?;
        JumpCloudClient::new(&connection, key).map_err(|e| e.to_string())
    }
}

/// The key from the environment, if the variable is set (even empty: then it is refused).
pub fn key_from_env() -> Option<String> {
    std::env::var(KEY_ENV).ok()
}

/// Reads a key from `input` (a pipe or a file), bounded, with the window's rules.
pub fn read_key(input: impl Read) -> Result<JumpCloudApiKey, String> {
    let mut raw = Zeroizing::new(String::new());
    input
        .take(MAX_KEY_INPUT + 1)
        .read_to_string(&mut raw)
        .map_err(|e| format!("could not read the key from standard input: {e}"))?;
    if raw.len() as u64 > MAX_KEY_INPUT {
        return Err(format!(
            "standard input is longer than {MAX_KEY_INPUT} bytes, which is not an API key"
        ));
    }
    parse_api_key(&raw).map_err(|e| e.to_string())
}

fn keychain_words(error: &KeychainError) -> String {
    format!(
        "could not read the JumpCloud API key from the keychain ({error}); pass it with --key-stdin or {KEY_ENV}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jumpcloud::api_key::save_key;
    use crate::keychain::SessionMemoryStore;

    fn options() -> JumpCloudOptions {
        JumpCloudOptions {
            timeout: 30,
            ..JumpCloudOptions::default()
        }
    }

    #[test]
    fn stdin_then_environment_then_keychain() {
        let store = SessionMemoryStore::new();
        save_key(&store, None, &parse_api_key("kept").unwrap()).unwrap();
        let piped = JumpCloudOptions {
            key_stdin: true,
            ..options()
        };
        let key = piped
            .key(None, &b" piped\n"[..], Some("env".into()), &store)
            .unwrap();
        assert_eq!(key.expose_for_header(), "piped");
        let key = options()
            .key(None, &b""[..], Some("env".into()), &store)
            .unwrap();
        assert_eq!(key.expose_for_header(), "env");
        let key = options().key(None, &b""[..], None, &store).unwrap();
        assert_eq!(key.expose_for_header(), "kept");
    }

    #[test]
    fn missing_or_bad_keys_say_what_to_do_without_the_key() {
        let store = SessionMemoryStore::new();
        let org = OrgId::parse("org7").unwrap();
        let message = options()
            .key(Some(&org), &b""[..], None, &store)
            .unwrap_err();
        assert!(
            message.contains("jumpcloud-key set --org-id org7"),
            "{message}"
        );
        let message = options()
            .key(None, &b""[..], Some("two words".into()), &store)
            .unwrap_err();
        assert!(message.contains(KEY_ENV), "{message}");
        assert!(!message.contains("two words"), "{message}");
        let huge = vec![b'k'; 100_000];
        assert!(read_key(&huge[..]).unwrap_err().contains("longer"));
    }

    #[test]
    fn options_override_the_saved_connection() {
        let saved = JumpCloudSettings {
            api_host: ApiHost::Eu,
            org_id: "saved".into(),
            ..JumpCloudSettings::default()
        };
        let connection = options().connection(&saved).unwrap();
        assert_eq!(connection.base, ApiBase::of_host(ApiHost::Eu));
        assert_eq!(connection.org_id.unwrap().as_str(), "saved");
        let given = JumpCloudOptions {
            api_url: Some("http://127.0.0.1:9".into()),
            org_id: Some("given".into()),
            ..options()
        };
        let connection = given.connection(&saved).unwrap();
        assert_eq!(connection.base.host(), "127.0.0.1");
        assert_eq!(connection.org_id.unwrap().as_str(), "given");
        let public_http = JumpCloudOptions {
            api_url: Some("http://console.jumpcloud.com".into()),
            ..options()
        };
        assert!(
            public_http
                .connection(&saved)
                .unwrap_err()
                .contains("https")
        );
        let bad_proxy = JumpCloudOptions {
            proxy: Some("::nope".into()),
            ..options()
        };
        assert!(bad_proxy.connection(&saved).is_err());
    }
}
