//! One page of a tenant's users (a SCIM ListResponse) as the reconciliation reads it.
#![no_main]

use kb4_setup::provisioning::list_client::parse_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = parse_page(data, 1) {
        for user in &page.users {
            assert!(!user.id.trim().is_empty());
        }
    }
});
