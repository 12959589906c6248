//! The window's tests, one binary: the real app driven through AccessKit with egui_kittest
//! (snapshots in tests/snapshots/), and the real binary started in a private Xvfb display.
//! Run one part with a filter, e.g. `cargo test --test gui gui::token::`.

mod support;

mod gui {
    mod checks;
    mod jumpcloud;
    mod maintain;
    mod navigation;
    mod provisioning;
    mod reconcile;
    mod single_sign_on;
    mod smoke_window;
    mod snapshots;
    mod token;
    mod validate_sso;
    mod widgets;
    mod window;
}
