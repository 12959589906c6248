//! `kb4-setup token set|status|delete --tenant-url URL`: the SCIM token in the OS keychain.
//!
//! The token is read from standard input only, never from the command line (argv is visible
//! to other users in `ps` and lands in shell history). Messages are the ones the window shows.

use std::io::{BufRead, IsTerminal, Read, Write};

use zeroize::Zeroizing;

use super::failure::{Failure, Finished, Outcome, warning_to};
use super::{TokenArgs, TokenCommand};
use crate::keychain::{OsKeychain, TokenPresence, TokenStore};
use crate::tenant_url::{TenantUrl, TenantUrlCheck, check_tenant_url};
use crate::token::parse_pasted_token;

/// Longest standard input accepted as a token. Far above any bearer token; it stops a
/// mistaken `< big-file` from being read whole.
const MAX_TOKEN_INPUT: u64 = 64 * 1024;

/// Runs a `token` subcommand against the OS keychain, with the process's stdin/stdout/stderr.
pub fn run(command: &TokenCommand) -> Outcome {
    with_process_io(|io| run_with(command, &OsKeychain::new(), io))
}

/// Runs `work` with the process's stdin (and whether it is a terminal), stdout and stderr.
pub fn with_process_io(work: impl FnOnce(Io<'_>) -> Outcome) -> Outcome {
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut input = stdin.lock();
    work(Io {
        input: &mut input,
        interactive,
        out: &mut std::io::stdout().lock(),
        err: &mut std::io::stderr().lock(),
    })
}

/// Where a secret-keeping subcommand (`token`, `jumpcloud-key`) reads and writes; tests pass
/// buffers.
pub struct Io<'a> {
    pub input: &'a mut dyn BufRead,
    /// Standard input is a terminal: read one line and say so, instead of reading to the end.
    pub interactive: bool,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Runs a `token` subcommand against `store`.
pub fn run_with(command: &TokenCommand, store: &dyn TokenStore, io: Io<'_>) -> Outcome {
    // Write errors on stdout/stderr (a closed pipe) cannot be reported anywhere; ignore them.
    let args = match command {
        TokenCommand::Set(args) | TokenCommand::Status(args) | TokenCommand::Delete(args) => args,
    };
    let tenant = checked_tenant(args, io.err)?;
    let result = match command {
        TokenCommand::Set(_) => set(&tenant, store, io.input, io.interactive, io.out, io.err),
        TokenCommand::Status(_) => status(&tenant, store, io.out),
        TokenCommand::Delete(_) => delete(&tenant, store, io.out),
    };
    result.map_err(Failure::input)?;
    Ok(Finished::Clean)
}

/// The checked Tenant URL, or why it was refused. Warnings go to `err`.
fn checked_tenant(args: &TokenArgs, err: &mut dyn Write) -> Result<TenantUrl, Failure> {
    match check_tenant_url(&args.tenant_url, None) {
        TenantUrlCheck::Ok { url, warnings } => {
            for warning in warnings {
                warning_to(err, &warning.to_string());
            }
            Ok(url)
        }
        TenantUrlCheck::Refused(refusal) => Err(Failure::input(refusal.to_string())),
    }
}

fn set(
    tenant: &TenantUrl,
    store: &dyn TokenStore,
    input: &mut dyn BufRead,
    interactive: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    if interactive {
        let _ = writeln!(
            err,
            "Paste the SCIM token and press Enter (it is shown as you type; to avoid that, pipe \
             it in: kb4-setup token set --tenant-url URL < file)."
        );
    }
    let raw = read_token_input(input, interactive)?;
    let pasted = parse_pasted_token(&raw).map_err(|error| error.to_string())?;
    for warning in &pasted.warnings {
        warning_to(err, &warning.to_string());
    }
    store
        .save(tenant, &pasted.token)
        .map_err(|error| error.to_string())?;
    let _ = writeln!(
        out,
        "Saved the SCIM token for {tenant} ({} characters) in {}.",
        pasted.token.char_count(),
        store.describe_location(tenant)
    );
    Ok(())
}

/// Reads the token text into a buffer that is wiped when dropped.
fn read_token_input(input: &mut dyn BufRead, one_line: bool) -> Result<Zeroizing<String>, String> {
    let mut raw = Zeroizing::new(String::new());
    let mut limited = input.take(MAX_TOKEN_INPUT + 1);
    let read = if one_line {
        limited.read_line(&mut raw)
    } else {
        limited.read_to_string(&mut raw)
    };
    read.map_err(|error| format!("could not read the token from standard input: {error}"))?;
    if raw.len() as u64 > MAX_TOKEN_INPUT {
        return Err(format!(
            "standard input is longer than {MAX_TOKEN_INPUT} bytes, which is not a SCIM token. \
             Pipe in only the token KnowBe4 showed."
        ));
    }
    Ok(raw)
}

fn status(tenant: &TenantUrl, store: &dyn TokenStore, out: &mut dyn Write) -> Result<(), String> {
    let presence = store.status(tenant).map_err(|error| error.to_string())?;
    let location = store.describe_location(tenant);
    let _ = match presence {
        TokenPresence::Present => writeln!(
            out,
            "SCIM token for {tenant}: present\nStored in: {location}"
        ),
        TokenPresence::Absent => writeln!(
            out,
            "SCIM token for {tenant}: absent\nLooked in: {location}"
        ),
    };
    Ok(())
}

fn delete(tenant: &TenantUrl, store: &dyn TokenStore, out: &mut dyn Write) -> Result<(), String> {
    let removed = store.delete(tenant).map_err(|error| error.to_string())?;
    let location = store.describe_location(tenant);
    let _ = if removed {
        writeln!(out, "Deleted the SCIM token for {tenant} from {location}.")
    } else {
        writeln!(
            out,
            "No SCIM token was stored for {tenant} in {location}; nothing to delete."
        )
    };
    Ok(())
}

#[cfg(test)]
mod tests;
