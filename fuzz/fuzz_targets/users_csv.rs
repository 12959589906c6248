//! The reader of a JumpCloud user export (CSV) for the pre-flight.
#![no_main]

use kb4_setup::provisioning::users_csv::read_users_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(csv) = read_users_csv(data) {
        if let Some(error) = &csv.read_error {
            let _ = format!("{error:?}");
        }
    }
});
