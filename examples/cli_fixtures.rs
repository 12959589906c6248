//! Inputs for running the CLI of two builds side by side: scripts/check-windows.sh runs the
//! Windows build under Wine and the Linux build on the same files and the same server, and
//! compares what they print.
//!
//!   cargo run --example cli_fixtures -- DIR
//!
//! Writes into DIR an IdP certificate (`idp.pem`), a SAML response it signed (`good.b64`) and
//! one signed by another key (`forged.b64`), made now with the integration tests' signer.
//! Then starts the integration tests' SCIM server on 127.0.0.1 (plain HTTP, a token made now),
//! prints `tenant_url=...` and `token=...` lines, and serves until its standard input closes.

#[allow(dead_code)] // this example uses only part of the tests' helpers
#[path = "../tests/support/check_helpers.rs"]
mod check_helpers;
#[allow(dead_code)] // this example uses only part of the tests' helpers
#[path = "../tests/support/saml_signer.rs"]
mod saml_signer;
#[allow(dead_code)] // this example uses only part of the tests' helpers
#[path = "../tests/support/scim_server/mod.rs"]
mod scim_server;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use saml_signer::{ResponseSpec, Sign, idp_key, other_key, signed_response};
use scim_server::{ScimServer, ServerOptions};
use time::{Duration, OffsetDateTime};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cli_fixtures DIR");
        return ExitCode::from(2);
    };
    if let Err(problem) = write_files(&dir) {
        eprintln!(
            "cli_fixtures: could not write the files into {}: {problem}",
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    let token = check_helpers::new_token();
    let server = ScimServer::start(ServerOptions::http(&token));
    let mut stdout = std::io::stdout().lock();
    let announced = writeln!(stdout, "tenant_url={}\ntoken={token}", server.base_url)
        .and_then(|()| stdout.flush());
    if let Err(problem) = announced {
        eprintln!("cli_fixtures: could not print the server's address: {problem}");
        return ExitCode::FAILURE;
    }
    // Serve until the caller closes our stdin (or exits); then the server stops on drop.
    let mut sink = Vec::new();
    let _ = std::io::stdin().lock().read_to_end(&mut sink);
    drop(server);
    ExitCode::SUCCESS
}

fn write_files(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("idp.pem"), &idp_key().cert_pem)?;
    // Valid for two hours, so both builds see a response that is neither early nor late and
    // print no "N minutes" that would differ between their runs.
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let spec = ResponseSpec {
        not_on_or_after: now + Duration::hours(2),
        ..ResponseSpec::good(now)
    };
    let good = signed_response(&spec, Sign::Both, idp_key());
    std::fs::write(dir.join("good.b64"), STANDARD.encode(good))?;
    let forged = signed_response(&spec, Sign::Both, other_key());
    std::fs::write(dir.join("forged.b64"), STANDARD.encode(forged))?;
    Ok(())
}
