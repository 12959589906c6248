//! The settings file: whatever is on disk must load or be refused, and what loads must save
//! and load back unchanged.
#![no_main]

use kb4_setup::settings::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(settings) = serde_json::from_slice::<Settings>(data) else {
        return;
    };
    let saved = serde_json::to_vec_pretty(&settings).expect("settings always serialize");
    let loaded: Settings = serde_json::from_slice(&saved).expect("saved settings load back");
    assert_eq!(loaded, settings);
});
