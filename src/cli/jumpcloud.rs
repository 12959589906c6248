//! `kb4-setup jumpcloud-key set|status|delete [--org-id ID]` (the API key in the OS
//! keychain, read from standard input only, never from argv) and
//! `kb4-setup jumpcloud verify [--app ID] [--json]` (the KnowBe4 application's SAML settings
//! in JumpCloud against the setup).
//!
//! Exit codes as `check`'s: 0 every finding passed (or only warnings), 1 a finding failed or
//! JumpCloud gave no usable answer, 2 unusable input (bad option, no key, refused key or
//! organisation id, no such application).

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::failure::{Failure, FailureKind, Finished, Outcome};
use super::jumpcloud_source::{JumpCloudOptions, key_from_env};
use super::token::{Io, with_process_io};
use crate::certificate::load_path;
use crate::jumpcloud::api_key::{delete_key, key_location, key_status, parse_api_key, save_key};
use crate::jumpcloud::applications::{Choice, choose, list_applications};
use crate::jumpcloud::verify::Expected;
use crate::jumpcloud::verify_run::verify_application;
use crate::jumpcloud::{JumpCloudClient, JumpCloudError, OrgId};
use crate::keychain::{OsKeychain, SecretStore, TokenPresence};
use crate::paths::AppPaths;
use crate::region::Region;
use crate::saml::{parse_saml_id, sp_entity_id};
use crate::settings::{Settings, SettingsStore};

#[derive(Debug, Subcommand)]
pub enum JumpCloudKeyCommand {
    /// Read the JumpCloud API key from standard input and store it in the keychain.
    Set(JumpCloudKeyArgs),
    /// Say whether a key is stored, without showing it.
    Status(JumpCloudKeyArgs),
    /// Delete the stored key.
    Delete(JumpCloudKeyArgs),
}

#[derive(Debug, Args)]
pub struct JumpCloudKeyArgs {
    /// Keep the key for this organisation (multi-tenant administrators); without it, the key
    /// used for every organisation that has none of its own.
    #[arg(long, value_name = "ID")]
    pub org_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum JumpCloudCommand {
    /// Verify the KnowBe4 application's SAML settings in JumpCloud against the setup.
    #[command(
        after_help = "Expected values come from the saved setup, or from the options \
        given. Exit status: 0 every finding passed (warnings allowed), 1 a finding failed or \
        JumpCloud gave no usable answer, 2 unusable input (options, key, organisation id, \
        application)."
    )]
    Verify(JumpCloudVerifyArgs),
}

#[derive(Debug, Args)]
pub struct JumpCloudVerifyArgs {
    /// The application's id in JumpCloud. Default: the saved choice, else the only
    /// application that looks like KnowBe4's.
    #[arg(long, value_name = "ID")]
    pub app: Option<String>,
    #[arg(
        long,
        value_parser = super::parse_region,
        help = format!("KnowBe4 region ({}), for the expected ACS URL.", super::region_codes())
    )]
    pub region: Option<Region>,
    /// The SAML ID from KnowBe4's SAML settings, for the expected ACS URL.
    #[arg(long)]
    pub saml_id: Option<String>,
    /// The SP Entity ID used in KnowBe4 (default: the saved one, else KnowBe4).
    #[arg(long)]
    pub entity_id: Option<String>,
    /// The IDP URL pasted into KnowBe4.
    #[arg(long)]
    pub idp_url: Option<String>,
    /// The IdP Entity ID the SAML inspector checks responses against.
    #[arg(long)]
    pub idp_entity_id: Option<String>,
    /// The IdP certificate file (PEM, DER or base64) loaded for KnowBe4.
    #[arg(long, value_name = "PEM")]
    pub cert: Option<PathBuf>,
    /// The fingerprint pasted into KnowBe4's IdP Cert Fingerprint field.
    #[arg(long)]
    pub fingerprint: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub jumpcloud: JumpCloudOptions,
}

/// Longest standard input read as a key.
const MAX_KEY_INPUT: u64 = 64 * 1024;

/// Runs `jumpcloud-key` against the OS keychain with the process's streams.
pub fn run_key(command: &JumpCloudKeyCommand) -> Outcome {
    with_process_io(|io| run_key_with(command, &OsKeychain::new(), io))
}

/// Runs `jumpcloud-key` against `store`.
pub fn run_key_with(command: &JumpCloudKeyCommand, store: &dyn SecretStore, io: Io<'_>) -> Outcome {
    let args = match command {
        JumpCloudKeyCommand::Set(a)
        | JumpCloudKeyCommand::Status(a)
        | JumpCloudKeyCommand::Delete(a) => a,
    };
    let org = OrgId::parse_optional(args.org_id.as_deref().unwrap_or(""))
        .map_err(|problem| Failure::input(problem.to_string()))?;
    let org = org.as_ref();
    let location = key_location(store, org);
    let result =
        match command {
            JumpCloudKeyCommand::Set(_) => {
                if io.interactive {
                    let _ = writeln!(
                        io.err,
                        "Paste the JumpCloud API key and press Enter (it is shown as you type; to \
                     avoid that, pipe it in: kb4-setup jumpcloud-key set < file)."
                    );
                }
                read_key_input(io.input, io.interactive).and_then(|raw| {
                    let key = parse_api_key(&raw).map_err(|e| e.to_string())?;
                    save_key(store, org, &key).map_err(|e| e.to_string())?;
                    let _ = writeln!(
                        io.out,
                        "Saved the JumpCloud API key ({} characters) in {location}. It carries its \
                     administrator's role: prefer an administrator with a read-only role.",
                        key.char_count()
                    );
                    Ok(())
                })
            }
            JumpCloudKeyCommand::Status(_) => key_status(store, org)
                .map_err(|e| e.to_string())
                .map(|presence| {
                    let _ = match presence {
                        TokenPresence::Present => {
                            writeln!(io.out, "JumpCloud API key: present\nStored in: {location}")
                        }
                        TokenPresence::Absent => {
                            writeln!(io.out, "JumpCloud API key: absent\nLooked in: {location}")
                        }
                    };
                }),
            JumpCloudKeyCommand::Delete(_) => delete_key(store, org)
                .map_err(|e| e.to_string())
                .map(|removed| {
                    let _ = if removed {
                        writeln!(io.out, "Deleted the JumpCloud API key from {location}.")
                    } else {
                        writeln!(
                            io.out,
                            "No JumpCloud API key was stored in {location}; nothing to delete."
                        )
                    };
                }),
        };
    result.map_err(Failure::input)?;
    Ok(Finished::Clean)
}

fn read_key_input(input: &mut dyn BufRead, one_line: bool) -> Result<Zeroizing<String>, String> {
    let mut raw = Zeroizing::new(String::new());
    let mut limited = input.take(MAX_KEY_INPUT + 1);
    let read = if one_line {
        limited.read_line(&mut raw)
    } else {
        limited.read_to_string(&mut raw)
    };
    read.map_err(|e| format!("could not read the key from standard input: {e}"))?;
    if raw.len() as u64 > MAX_KEY_INPUT {
        return Err(format!(
            "standard input is longer than {MAX_KEY_INPUT} bytes, which is not an API key"
        ));
    }
    Ok(raw)
}

/// Runs `jumpcloud verify` with the saved settings, the OS keychain and the process's streams.
pub fn run(command: &JumpCloudCommand) -> Outcome {
    let JumpCloudCommand::Verify(args) = command;
    let settings = saved_settings().map_err(Failure::input)?;
    let context = VerifyContext {
        settings: &settings,
        store: &OsKeychain::new(),
        env_key: key_from_env(),
        now: OffsetDateTime::now_utc(),
    };
    let stdin = std::io::stdin();
    run_verify(
        args,
        &context,
        &mut stdin.lock(),
        &mut std::io::stdout().lock(),
    )
}

fn saved_settings() -> Result<Settings, String> {
    let Some(paths) = AppPaths::from_os() else {
        return Ok(Settings::default());
    };
    SettingsStore::new(paths.settings_file())
        .read_existing()
        .map(Option::unwrap_or_default)
        .map_err(|e| e.to_string())
}

/// What `jumpcloud verify` runs against besides its options.
pub struct VerifyContext<'a> {
    pub settings: &'a Settings,
    pub store: &'a dyn SecretStore,
    /// The value of `KB4_JUMPCLOUD_API_KEY`, if set.
    pub env_key: Option<String>,
    pub now: OffsetDateTime,
}

/// Runs `jumpcloud verify`.
pub fn run_verify(
    args: &JumpCloudVerifyArgs,
    context: &VerifyContext<'_>,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
) -> Outcome {
    let expected = expected_values(args, context.settings).map_err(Failure::input)?;
    let saved = &context.settings.values.jumpcloud;
    let client = args
        .jumpcloud
        .client(saved, stdin, context.env_key.clone(), context.store)
        .map_err(Failure::input)?;
    let wanted = args
        .app
        .clone()
        .or_else(|| saved.application_id().map(str::to_owned));
    let outcome = JumpCloudClient::block_on(async {
        let app_id = match wanted {
            Some(id) => id,
            None => pick_application(&client).await?,
        };
        verify_application(&client, &app_id, &expected, context.now)
            .await
            .map_err(|error| failure(&error))
    });
    let verification = match outcome {
        Ok(found) => found?,
        Err(error) => return Err(failure(&error)),
    };
    let text = if args.json {
        serde_json::to_string_pretty(&verification).unwrap_or_default()
    } else {
        verification.to_text()
    };
    let _ = writeln!(out, "{}", text.trim_end());
    Ok(Finished::problems_if(verification.has_failures()))
}

/// The kind of failure of a command that stopped on `error`, the same for every command that
/// talks to JumpCloud: bad input (exit 2) when the input cannot be used (options, a key or
/// organisation id JumpCloud refuses, an id it does not have), a failed run (exit 1) when
/// JumpCloud gave no usable answer.
pub fn failure_kind(error: &JumpCloudError) -> FailureKind {
    if error.is_input_error()
        || error.is_access_error()
        || matches!(error, JumpCloudError::NotFound { .. })
    {
        FailureKind::Input
    } else {
        FailureKind::Failed
    }
}

/// `error` as the command line reports it, with its kind from [`failure_kind`].
pub fn failure(error: &JumpCloudError) -> Failure {
    Failure::new(failure_kind(error), error.to_string())
}

/// The KnowBe4 application when exactly one looks like it; otherwise why not.
async fn pick_application(client: &JumpCloudClient) -> Result<String, Failure> {
    let apps = list_applications(client)
        .await
        .map_err(|error| failure(&error))?;
    match choose(apps, None) {
        Choice::One(app) => Ok(app.id),
        Choice::Several(candidates) => {
            let list: Vec<String> = candidates
                .iter()
                .map(|app| format!("  {}  {}", app.id, app.label))
                .collect();
            Err(Failure::input(format!(
                "several applications look like KnowBe4's; choose one with --app ID:\n{}",
                list.join("\n")
            )))
        }
        Choice::None { total } => Err(Failure::failed(format!(
            "none of the organisation's {total} applications looks like KnowBe4's (by label, \
             name or an ACS URL on a knowbe4.com host). Create it (see the article's \
             \"Creating a new JumpCloud Application Integration\"), or give its id with --app."
        ))),
        Choice::UnknownId { id, .. } => Err(Failure::input(format!(
            "there is no application with id {id}"
        ))),
    }
}

/// The values to compare with: the options over the saved setup.
pub fn expected_values(
    args: &JumpCloudVerifyArgs,
    settings: &Settings,
) -> Result<Expected, String> {
    let values = &settings.values;
    let saml_text = args
        .saml_id
        .clone()
        .unwrap_or_else(|| values.saml_id.clone());
    let saml_id = if saml_text.trim().is_empty() {
        None
    } else {
        Some(parse_saml_id(&saml_text).map_err(|e| e.to_string())?.id)
    };
    // The saved region belongs to the saved SAML ID; with only --saml-id it is not assumed.
    let saved_saml = !values.saml_id.trim().is_empty();
    let region = args.region.or(saved_saml.then_some(settings.region));
    let custom = args
        .entity_id
        .clone()
        .or_else(|| Some(values.custom_entity_id.clone()).filter(|c| !c.trim().is_empty()));
    let entity_id = sp_entity_id(custom.as_deref()).map_err(|e| e.to_string())?;
    let text = |given: &Option<String>, saved: &str| {
        given
            .clone()
            .or_else(|| Some(saved.to_owned()))
            .filter(|t| !t.trim().is_empty())
    };
    let cert_path = args
        .cert
        .clone()
        .or_else(|| values.certificate_path.clone());
    let certificate = match cert_path {
        Some(path) => Some(load_path(&path).map_err(|e| format!("{}: {e}", path.display()))?),
        None => None,
    };
    Ok(Expected {
        region,
        saml_id,
        entity_id,
        idp_url: text(&args.idp_url, &values.idp_url),
        idp_entity_id: text(&args.idp_entity_id, &values.idp_entity_id),
        certificate,
        fingerprint: args.fingerprint.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jumpcloud_errors_in_the_input_exit_2_and_the_others_exit_1() {
        let input = [
            JumpCloudError::Setup("the proxy URL cannot be used".into()),
            JumpCloudError::Unauthorized { message: None },
            JumpCloudError::BadOrgId {
                org_id: "x".into(),
                message: None,
            },
            JumpCloudError::NotFound {
                what: "the application".into(),
                message: None,
            },
        ];
        for error in input {
            let failure = failure(&error);
            assert_eq!(failure.kind(), FailureKind::Input, "{error}");
            assert_eq!(failure.exit_code(), 2);
            assert_eq!(failure.message(), error.to_string());
        }
        let failed = [
            JumpCloudError::Throttled {
                what: "the applications".into(),
                attempts: 3,
            },
            JumpCloudError::Malformed {
                what: "the applications".into(),
                detail: "not JSON".into(),
            },
        ];
        for error in failed {
            assert_eq!(failure(&error).exit_code(), 1, "{error}");
        }
    }
}
