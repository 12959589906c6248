// Each test binary uses a different part of the support code.
#![allow(dead_code)]

pub mod fake_jumpcloud;
pub mod saml_signer;
pub mod temp_home;
