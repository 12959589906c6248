//! The SAML response inspector: decode, parse, canonicalize, check signatures and verdicts.
//! The input is raw XML most of the time (the decoder has its own target), so the fuzzer
//! spends its time inside the XML.
#![no_main]

use kb4_setup::saml_response::{Expectations, inspect};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let now = OffsetDateTime::UNIX_EPOCH;
    let _ = inspect(data, &Expectations::default(), now);
    // With a configured fingerprint the embedded certificate is compared, and with an ACS URL
    // the destination and recipient verdicts run.
    let expectations = Expectations {
        acs_url: Some("https://training.knowbe4.com/auth/saml/a1b2c3d4e5f/callback".to_owned()),
        configured_fingerprint: Some(
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01".to_owned(),
        ),
        idp_entity_id: Some("https://sso.jumpcloud.com/saml2/knowbe4".to_owned()),
        ..Expectations::default()
    };
    if let Ok(inspection) = inspect(data, &expectations, now) {
        let _ = serde_json::to_string(&inspection);
    }
});
