//! Command-line interface: the argument definitions and one module per subcommand.
//!
//! `kb4-setup` with no subcommand opens the window; every subcommand runs headless and
//! returns its [`failure::Outcome`], which [`run`] prints (errors as `error: …`, see
//! [`failure`]) and turns into the exit code. Exit codes are a contract: 0 success, 1 a check
//! failed, 2 bad input or usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::region::Region;

pub mod check;
pub mod failure;
pub mod fingerprint;
pub mod inspect_response;
pub mod jumpcloud;
pub mod jumpcloud_source;
pub mod preflight;
pub mod reconcile;
pub mod reconcile_jumpcloud;
pub mod report;
pub mod saml_values;
pub mod token;
pub mod token_source;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code when a check ran and found a failure.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for bad input, usage errors, or a missing prerequisite (no keychain, no token).
pub const EXIT_INPUT: u8 = 2;

/// The `--tenant-url` of `check` and `reconcile`, checked by the Tenant URL's rules, or the
/// words that say why it cannot be used.
fn tenant_url_argument(text: &str) -> Result<crate::tenant_url::TenantUrl, String> {
    crate::tenant_url::TenantUrl::parse(text)
        .map_err(|refusal| format!("the tenant URL cannot be used: {}", refusal.problems_text()))
}

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

    /// Start-up benchmark (scripts/bench-startup.sh): after the first frame print its time and
    /// memory, count the frames painted in SECONDS with no input, print them, then close.
    #[arg(long, hide = true, value_name = "SECONDS", value_parser = parse_bench_seconds)]
    pub bench_frames: Option<u64>,

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
    /// Run SCIM connection checks against the KnowBe4 tenant URL, modelled on a SCIM client.
    Check(CheckArgs),
    /// Inspect a captured SAMLResponse offline and say whether it matches the setup.
    InspectResponse(InspectResponseArgs),
    /// Check a JumpCloud user export (CSV) for problems before SCIM sync runs.
    Preflight(PreflightArgs),
    /// Compare the KnowBe4 tenant's users with JumpCloud's: a user export (CSV), or with
    /// --from-jumpcloud the users read from JumpCloud's API.
    Reconcile(ReconcileArgs),
    /// Write the setup report (Markdown or HTML) from the saved progress, without secrets.
    Report(ReportArgs),
    /// Store, inspect or delete the JumpCloud API key in the OS keychain.
    #[command(subcommand)]
    JumpcloudKey(jumpcloud::JumpCloudKeyCommand),
    /// Read the KnowBe4 application's settings from JumpCloud's API (GET requests only).
    #[command(subcommand)]
    Jumpcloud(jumpcloud::JumpCloudCommand),
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
    #[arg(long, value_parser = parse_region, help = format!("KnowBe4 region: {}.", region_codes()))]
    pub region: Region,
    /// The SAML ID from KnowBe4's Account Settings > Account Integrations > SAML (or a KnowBe4 URL
    /// containing it).
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
    /// Also run the lifecycle suite: creates, updates and deletes a real test user (and group)
    /// in the KnowBe4 tenant.
    #[arg(long)]
    pub lifecycle: bool,
    /// Check group endpoints too (JumpCloud's group management checkbox).
    #[arg(long)]
    pub groups: bool,
    /// Email for the lifecycle test user (must not exist yet).
    #[arg(long)]
    pub test_email: Option<String>,
    /// Instead of --test-email: generate a unique lifecycle test email on this domain.
    #[arg(long, conflicts_with = "test_email")]
    pub test_domain: Option<String>,
    /// Extra CA certificate (PEM) to trust, for TLS-inspecting proxies.
    #[arg(long)]
    pub ca_file: Option<PathBuf>,
    /// Proxy for the requests (http://host:port), used before HTTPS_PROXY/NO_PROXY.
    #[arg(long)]
    pub proxy: Option<String>,
    /// Per-request timeout in seconds, from 1 to 300. The whole run is stopped after 12 times
    /// the timeout plus 5 s (24 times plus 5 s with --lifecycle, then up to 15 s more to delete
    /// the test user), also when the server rate limits the checks (429 Too Many Requests).
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = parse_timeout_secs)]
    pub timeout: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InspectResponseArgs {
    /// The captured SAMLResponse (base64, URL-encoded, deflated, or XML); `-` reads standard input.
    pub file: PathBuf,
    /// The JumpCloud IdP certificate (PEM or DER) to verify the signature with.
    #[arg(long)]
    pub cert: Option<PathBuf>,
    #[arg(
        long,
        value_parser = parse_region,
        requires = "saml_id",
        help = format!("KnowBe4 region ({}), to compute the expected ACS URL.", region_codes())
    )]
    pub region: Option<Region>,
    /// The SAML ID from KnowBe4's SAML settings, to compute the expected ACS URL.
    #[arg(long, requires = "region")]
    pub saml_id: Option<String>,
    /// The SP Entity ID the audience must equal (default: KnowBe4).
    #[arg(long)]
    pub entity_id: Option<String>,
    /// JumpCloud's IdP Entity ID, to check the Issuer.
    #[arg(long)]
    pub idp_entity_id: Option<String>,
    /// The IdP Cert Fingerprint KnowBe4 is configured with (SHA-1 or SHA-256).
    #[arg(long)]
    pub fingerprint: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no problem found, 1 problems found, 2 the file could not be \
    read completely (the rows before the bad line are still checked and reported)."
)]
pub struct PreflightArgs {
    /// The user list exported from JumpCloud as CSV (columns found by header name:
    /// email or Company Email, username, firstname or First Name, lastname or Last Name).
    pub file: PathBuf,
    /// Comma-separated email domains users may have, e.g. example.com,example.org.
    #[arg(long)]
    pub allowed_domains: Option<String>,
    /// Also write the problems to this CSV file.
    #[arg(long)]
    pub problems_csv: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "JumpCloud provisions only the users in a user group bound to the KnowBe4 \
    application. Without --members or --group-column the whole export is compared, and the \
    results hold only if every user in it is in such a group; the output says which scope was \
    used. With --from-jumpcloud the users reached through the bound groups are read from \
    JumpCloud with an API key (--key-stdin, KB4_JUMPCLOUD_API_KEY or the keychain); STAGED and \
    SUSPENDED users are listed apart, as JumpCloud may or may not push them.\n\nExit status: 0 \
    nothing to act on, 1 users only in KnowBe4 (which KnowBe4 may archive), conflicts, members \
    not in the export, an incomplete read or an error from the tenant or JumpCloud, 2 unusable \
    input (unreadable CSV or members file, bad URL or \
    option, no token or key, a key or organisation id JumpCloud refuses, an application it \
    does not have)."
)]
pub struct ReconcileArgs {
    /// The user list exported from JumpCloud as CSV.
    #[arg(long, required_unless_present = "from_jumpcloud")]
    pub users_csv: Option<PathBuf>,
    /// Compare the users JumpCloud reaches through the groups bound to the KnowBe4
    /// application, read with JumpCloud's API (GET only), instead of an export.
    #[arg(long, conflicts_with_all = ["users_csv", "members", "group_column"])]
    pub from_jumpcloud: bool,
    /// With --from-jumpcloud: the JumpCloud application's id. Default: the one chosen in the
    /// window, else the only application that looks like KnowBe4.
    #[arg(long, value_name = "ID", requires = "from_jumpcloud")]
    pub app: Option<String>,
    /// Compare only these users reached through the groups bound to the KnowBe4 application,
    /// from a UTF-8 file: one username or email a line, or a CSV (comma, semicolon or tab
    /// separated) whose first line names a username or email column.
    #[arg(long, value_name = "FILE", conflicts_with = "group_column")]
    pub members: Option<PathBuf>,
    /// Compare only the export rows whose COLUMN (e.g. a groups column) holds a --group.
    #[arg(long, value_name = "COLUMN", requires = "group")]
    pub group_column: Option<String>,
    /// A group bound to the KnowBe4 application, as written in --group-column (repeatable).
    #[arg(long, value_name = "NAME", requires = "group_column")]
    pub group: Vec<String>,
    /// The KnowBe4 SCIM Tenant URL (JumpCloud's Base URL).
    #[arg(long)]
    pub tenant_url: String,
    /// Read the token from standard input instead of the keychain.
    #[arg(long)]
    pub token_stdin: bool,
    /// Print JSON (the counts and how the tenant was read) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write one CSV file per list into this folder (created if missing).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Users asked for per page (the server may send fewer), from 1 to 1000.
    #[arg(long, default_value_t = 100, value_parser = parse_page_size)]
    pub page_size: u32,
    /// The JumpCloud key and API options (with --from-jumpcloud), and the network options
    /// (--timeout, --proxy, --ca-file), which apply to the tenant and to JumpCloud alike.
    #[command(flatten)]
    pub jumpcloud: jumpcloud_source::JumpCloudOptions,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The report is built from the progress the window saved (settings.json in the \
    OS config folder) and the IdP certificate file it remembers. It never contains the SCIM \
    token or any key material.\n\nExit status: 0 report written, 2 unreadable settings, bad \
    format or an output file that cannot be written."
)]
pub struct ReportArgs {
    /// md (Markdown) or html. Default: taken from the --out file's extension.
    #[arg(long)]
    pub format: Option<crate::report::ReportFormat>,
    /// The file to write (replaced if it exists); `-` writes to standard output.
    #[arg(long)]
    pub out: PathBuf,
}

/// The allowed `--timeout` values, in seconds.
pub const TIMEOUT_RANGE_SECS: std::ops::RangeInclusive<u64> = 1..=300;
/// The allowed `--page-size` values.
pub const PAGE_SIZE_RANGE: std::ops::RangeInclusive<u64> = 1..=1000;

/// A whole number within `range`; anything else (negative, fractional, huge, not a number)
/// is refused with the range in the message, which clap reports as a usage error (exit 2).
fn number_in_range(
    value: &str,
    range: &std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<u64, String> {
    let out_of_range = || {
        format!(
            "use a whole number{unit} from {} to {}",
            range.start(),
            range.end()
        )
    };
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(out_of_range());
    }
    digits
        .parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(out_of_range)
}

fn parse_timeout_secs(value: &str) -> Result<u64, String> {
    number_in_range(value, &TIMEOUT_RANGE_SECS, " of seconds")
}

fn parse_page_size(value: &str) -> Result<u32, String> {
    number_in_range(value, &PAGE_SIZE_RANGE, "")
        .and_then(|n| u32::try_from(n).map_err(|e| e.to_string()))
}

fn parse_bench_seconds(value: &str) -> Result<u64, String> {
    number_in_range(value, &(1..=3600), " of seconds")
}

/// The region codes the command line accepts, from [`Region::ALL`]: "us, eu, ca, uk, de".
fn region_codes() -> String {
    Region::ALL
        .iter()
        .map(|region| region.code())
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_region(value: &str) -> Result<Region, String> {
    Region::from_code(value)
        .ok_or_else(|| format!("unknown region '{value}': use one of {}", region_codes()))
}

/// The token stored in the OS keychain for `tenant_url`, for subcommands run without
/// `--token-stdin`. The error is the same operator message the window shows.
pub fn keychain_token_lookup(
    tenant: &crate::tenant_url::TenantUrl,
) -> Result<Option<crate::token::ScimToken>, String> {
    use crate::keychain::{OsKeychain, TokenStore};
    OsKeychain::new()
        .load(tenant)
        .map_err(|error| error.to_string())
}

/// Runs a headless subcommand, prints its error if it has one, and returns its exit code.
pub fn run(command: Command) -> ExitCode {
    let outcome = match command {
        Command::Fingerprint(args) => fingerprint::run(&args),
        Command::SamlValues(args) => saml_values::run(&args),
        Command::Token(command) => token::run(&command),
        Command::Check(args) => check::run(&args),
        Command::InspectResponse(args) => inspect_response::run(&args),
        Command::Preflight(args) => preflight::run(&args),
        Command::Reconcile(args) if args.from_jumpcloud => reconcile_jumpcloud::run_from_os(&args),
        Command::Reconcile(args) => reconcile::run(&args),
        Command::Report(args) => report::run(&args),
        Command::JumpcloudKey(command) => jumpcloud::run_key(&command),
        Command::Jumpcloud(command) => jumpcloud::run(&command),
    };
    failure::report(&outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_outside_their_range_are_refused_naming_the_range() {
        assert_eq!(parse_timeout_secs("10"), Ok(10));
        assert_eq!(parse_timeout_secs("300"), Ok(300));
        for bad in [
            "0",
            "301",
            "-1",
            "1.5",
            "",
            "ten",
            "18446744073709551615",
            "99999999999999999999999",
        ] {
            let message = parse_timeout_secs(bad).unwrap_err();
            assert!(message.contains("from 1 to 300"), "{bad}: {message}");
        }
        assert_eq!(parse_page_size("1000"), Ok(1000));
        assert!(parse_page_size("1001").unwrap_err().contains("1 to 1000"));
        assert!(parse_bench_seconds("0").is_err());
    }

    #[test]
    fn region_help_and_errors_name_every_region() {
        use clap::CommandFactory;
        let error = parse_region("mars").unwrap_err();
        let mut cli = Cli::command();
        let help = cli
            .find_subcommand_mut("saml-values")
            .map(|command| command.render_help().to_string())
            .unwrap_or_default();
        for region in Region::ALL {
            assert_eq!(parse_region(region.code()), Ok(region));
            assert!(error.contains(region.code()), "{error}");
        }
        assert!(help.contains(&region_codes()), "{help}");
    }
}
