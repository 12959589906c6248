//! Certificate loading: whatever file or paste the operator gives as the IdP certificate.
#![no_main]

use kb4_setup::certificate::rotation::public_key_sha256;
use kb4_setup::certificate::{
    FingerprintAlgorithm, file_fingerprint_of_bytes, first_certificate_der, load_bytes,
};
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let _ = file_fingerprint_of_bytes(data);
    let _ = first_certificate_der(data);
    let _ = public_key_sha256(data);
    let Ok(info) = load_bytes(data) else {
        return;
    };
    // Everything the window and the CLI derive from a loaded certificate.
    let now = OffsetDateTime::UNIX_EPOCH;
    let _ = info.days_left(now);
    let _ = info.validity(now).message();
    let _ = info.key_summary();
    let _ = info.selector_advice();
    let _ = info.fingerprint(FingerprintAlgorithm::Sha1);
    let _ = info.fingerprint(info.recommended_fingerprint());
});
