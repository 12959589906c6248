//! The SAMLResponse decoder: base64, URL-encoded, deflated or raw XML, as pasted.
#![no_main]

use kb4_setup::saml_response::decode::{MAX_XML_BYTES, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = decode(data) {
        assert!(decoded.xml.len() <= MAX_XML_BYTES);
    }
});
