//! Reading the JumpCloud side directly through JumpCloud's API, with an administrator's API
//! key: plain Rust, no UI. Every request is a GET. See docs/sources.md for the API facts.
//!
//! - [`api_key`]: the key as a secret type, its checks, and its keychain entry;
//! - [`connection`]: the API host or URL, the organisation id, the network settings;
//! - [`client`]: the HTTP client (v1 lists, v2 arrays, objects, text) and its paging;
//! - [`error`]: one error type whose messages are the operator's words;
//! - [`settings`]: what is saved with the setup values (never the key);
//! - [`applications`]: listing the applications and choosing the KnowBe4 one;
//! - [`metadata`]: the application's IdP metadata.xml;
//! - [`verify`] and [`verify_run`]: the SAML settings' findings.

pub mod api_key;
pub mod applications;
pub mod client;
pub mod connection;
pub mod error;
pub mod metadata;
pub mod settings;
pub mod verify;
pub mod verify_run;

pub use api_key::{JumpCloudApiKey, parse_api_key};
pub use client::{JumpCloudClient, PAGE_LIMIT, V1Page, V2Page};
pub use connection::{ApiBase, ApiHost, Connection, OrgId};
pub use error::JumpCloudError;
pub use settings::JumpCloudSettings;
