//! Version and commit of this build, embedded at compile time by build.rs.

/// The crate version, e.g. `0.1.0`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit this binary was built from, or `unknown` outside a git checkout.
pub const GIT_COMMIT: &str = env!("KB4_SETUP_GIT_COMMIT");

/// What `--version` prints after the program name.
pub const VERSION_LINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("KB4_SETUP_GIT_COMMIT"),
    ")"
);

/// The User-Agent sent on every HTTP request.
pub fn user_agent() -> String {
    format!("kb4-setup/{VERSION}")
}
