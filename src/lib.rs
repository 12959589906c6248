//! kb4-setup: a guided JumpCloud → KnowBe4 SAML SSO and SCIM provisioning setup.
//!
//! The domain modules know nothing of egui; `ui` is the thin eframe front end and `cli` the
//! headless one. Tests and benchmarks use this library directly.

pub mod background;
pub mod bounded_file;
pub mod build_info;
pub mod certificate;
pub mod cli;
pub mod jumpcloud;
pub mod keychain;
pub mod local_time;
pub mod logging;
pub mod paths;
pub mod provisioning;
pub mod region;
pub mod report;
pub mod saml;
pub mod saml_response;
pub mod scim;
pub mod settings;
pub mod step_id;
pub mod steps;
pub mod tenant_url;
pub mod token;
#[cfg(feature = "gui")]
pub mod ui;
pub mod verdict;
