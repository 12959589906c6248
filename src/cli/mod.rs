//! Command-line interface: the argument definitions and one module per subcommand.
//!
//! `kb4-setup` with no subcommand opens the window; every subcommand runs headless and
//! returns its exit code. Exit codes are a contract: 0 success, 1 a check failed,
//! 2 bad input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::region::Region;

pub mod check;
pub mod fingerprint;
pub mod saml_values;
pub mod token;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code when a check ran and found a failure.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for bad input, usage errors, or a missing prerequisite (no keychain, no token).
pub const EXIT_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "kb4-setup",
    version = crate::build_info::VERSION_LINE,
    about = "Guided JumpCloud → KnowBe4 SAML single sign-on and SCIM provisioning setup.",
    long_about = "Guided JumpCloud → KnowBe4 SAML single sign-on and SCIM provisioning setup.\n\n\
        Run without a subcommand to open the setup window. The subcommands run the same \
        checks and computations headless, for scripts and terminals."
)]
pub struct Cli {
    /// Write more detail (debug level) to the log file.
    #[arg(long, global = true)]
    pub verbose: bool,

    /// Close the window right after it has drawn its first frame (used by smoke tests and
    /// benchmarks to prove the app starts on this machine).
    #[arg(long, hide = true)]
    pub quit_after_first_frame: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what is in an IdP certificate and its SHA-1 / SHA-256 fingerprints.
    Fingerprint(FingerprintArgs),
    /// Print the values to type into JumpCloud for a KnowBe4 region and SAML ID.
    SamlValues(SamlValuesArgs),
    /// Store, inspect or delete the KnowBe4 SCIM token in the OS keychain.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Run SCIM connection checks against the KnowBe4 tenant URL, as JumpCloud will.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// The certificate file (PEM, DER, or base64 copied from SAML metadata).
    pub file: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SamlValuesArgs {
    /// KnowBe4 region: us, eu, ca, uk or de.
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// The SAML ID from KnowBe4's Account Settings > SAML section (or a KnowBe4 URL containing it).
    #[arg(long)]
    pub saml_id: String,
    /// The unique SP Entity ID, if you generated one in KnowBe4 (default: KnowBe4).
    #[arg(long)]
    pub entity_id: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Read the token from standard input and store it in the keychain.
    Set(TokenArgs),
    /// Say whether a token is stored for the tenant, without showing it.
    Status(TokenArgs),
    /// Delete the stored token for the tenant.
    Delete(TokenArgs),
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The KnowBe4 SCIM Tenant URL the token belongs to.
    #[arg(long)]
    pub tenant_url: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The KnowBe4 SCIM Tenant URL (JumpCloud's Base URL).
    #[arg(long)]
    pub tenant_url: String,
    /// Read the token from standard input instead of the keychain.
    #[arg(long)]
    pub token_stdin: bool,
    /// Also run the lifecycle suite: creates, updates and deletes a test user (and group).
    #[arg(long)]
    pub lifecycle: bool,
    /// Check group endpoints too (JumpCloud's group management checkbox).
    #[arg(long)]
    pub groups: bool,
    /// Email for the lifecycle test user (must not exist yet).
    #[arg(long)]
    pub test_email: Option<String>,
    /// Extra CA certificate (PEM) to trust, for TLS-inspecting proxies.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn parse_region(value: &str) -> Result<Region, String> {
    Region::from_code(value)
        .ok_or_else(|| format!("unknown region '{value}': use one of us, eu, ca, uk, de"))
}

/// Runs a headless subcommand and returns its exit code.
pub fn run(command: Command) -> ExitCode {
    let code = match command {
        Command::Fingerprint(args) => fingerprint::run(&args),
        Command::SamlValues(args) => saml_values::run(&args),
        Command::Token(command) => token::run(&command),
        Command::Check(args) => check::run(&args),
    };
    ExitCode::from(code)
}
