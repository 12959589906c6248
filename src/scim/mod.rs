//! SCIM connection checks against the KnowBe4 tenant URL, modelled on the requests a SCIM
//! client such as JumpCloud sends.
//!
//! The checks run on a background worker ([`runner::start`]), one result at a time, and every
//! failure carries a hint written for the operator. Nothing here knows about egui: the UI polls a
//! [`runner::RunHandle`] each frame, the CLI waits on it.
//!
//! - The tenant URL's format rules live in [`crate::tenant_url`]; a run takes a checked URL.
//! - [`network`]: DNS, TCP connect and TLS handshake, each reported on its own.
//! - [`client`]: the HTTP client (OS trust store, proxies, extra CA, body cap, redirect policy).
//! - [`readonly`]: the default, read-only suite. [`lifecycle`]: the opt-in create/update/delete one.
//! - [`check_results`]: the results, as plain data the UI can show, save and copy.

pub mod check_id;
pub mod check_results;
pub mod cleanup;
pub mod client;
pub mod hints;
pub mod lifecycle;
pub mod network;
pub mod probe;
pub mod proxy;
pub mod readonly;
pub mod redact;
pub mod redirects;
pub mod retry;
pub mod run_verdict;
pub mod runner;
pub mod scim_json;
pub mod sink;
pub mod tls_diagnosis;

pub use check_id::CheckId;
pub use check_results::{CheckReport, CheckResult, Leftover, RunOutcome};
pub use client::ClientSettings;
pub use runner::{RunEvent, RunHandle, RunRequest, TestUser};
