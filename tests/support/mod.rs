//! Helpers shared by the integration tests: every test binary (`gui`, `cli`, `domain`)
//! declares `mod support;`, and its modules refer to each other through `super::`.
//!
//! Each binary uses only part of these helpers (the CLI tests never build a window, the GUI
//! tests never start the hostile servers), so code one binary leaves unused is not an error.
#![allow(dead_code)]

pub mod certs;
pub mod check_helpers;
pub mod fake_jumpcloud;
pub mod fixed_certs;
pub mod gui;
pub mod hostile_saml;
pub mod net;
pub mod paging_server;
pub mod provisioning_gui;
pub mod report_fixture;
pub mod saml_signer;
pub mod scim_server;
pub mod serve_router;
pub mod temp_home;
pub mod xvfb;
