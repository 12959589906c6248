//! The command line's tests, one binary: each runs the built `kb4-setup` against loopback
//! servers (well-behaved and hostile) and files in a temporary home.
//! Run one part with a filter, e.g. `cargo test --test cli cli::reference::`.

mod support;

mod cli {
    mod basics;
    mod fingerprint;
    mod hostile_server;
    mod inspect_response;
    mod jumpcloud;
    mod provisioning;
    mod reconcile_jumpcloud;
    mod reference;
    mod report;
    mod scim;
}
