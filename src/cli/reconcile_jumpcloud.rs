//! `kb4-setup reconcile --from-jumpcloud [--app ID]`: the JumpCloud side of the comparison
//! is read with JumpCloud's API (the users reached through the groups bound to the KnowBe4
//! application) instead of an export.
//!
//! Exit status as for an export: 0 nothing to act on; 1 users only in KnowBe4, conflicts, an
//! incomplete read, or an error from the tenant or from JumpCloud; 2 unusable input (bad URL
//! or option, no token, no key, a key or organisation id JumpCloud refuses, an application id
//! it does not have, several KnowBe4-looking applications and no --app), as for
//! `jumpcloud verify`.

use std::io::Read;
use std::sync::atomic::AtomicBool;

use super::ReconcileArgs;
use super::failure::{Failure, Outcome};
use super::jumpcloud_source::key_from_env;
use super::reconcile::finish_run;
use super::token_source::{TokenLookup, token_for};
use crate::jumpcloud::applications::{
    Choice, check_application_id, choose, fetch_application, list_applications,
};
use crate::jumpcloud::{JumpCloudClient, JumpCloudSettings};
use crate::keychain::SecretStore;
use crate::paths::AppPaths;
use crate::provisioning::bound_scope::{ScopePaging, ScopeProgress};
use crate::provisioning::job::{BoundGroups, reconcile_bound_groups};
use crate::provisioning::paging::PagingProgress;
use crate::provisioning::scope::ScopeApplication;
use crate::settings::SettingsStore;

/// What the run needs besides its options: the saved JumpCloud choices and where keys and
/// tokens are kept.
pub struct JumpCloudContext<'a> {
    pub saved: JumpCloudSettings,
    pub store: &'a dyn SecretStore,
    /// The value of `KB4_JUMPCLOUD_API_KEY`, if set.
    pub env_key: Option<String>,
}

impl JumpCloudContext<'_> {
    /// The saved settings (defaults when none or unreadable: the options then say all).
    pub fn from_os(store: &dyn SecretStore) -> JumpCloudContext<'_> {
        JumpCloudContext {
            saved: saved_jumpcloud_settings(),
            store,
            env_key: key_from_env(),
        }
    }
}

/// The JumpCloud choices saved by the window; defaults when there are none or the file
/// cannot be read (the options then say everything).
fn saved_jumpcloud_settings() -> JumpCloudSettings {
    AppPaths::from_os()
        .and_then(|paths| {
            SettingsStore::new(paths.settings_file())
                .read_existing()
                .ok()
        })
        .flatten()
        .map(|settings| settings.values.jumpcloud)
        .unwrap_or_default()
}

/// Runs `reconcile --from-jumpcloud` with the keychain as token and key source.
pub fn run_from_os(args: &ReconcileArgs) -> Outcome {
    let store = crate::keychain::OsKeychain::new();
    let context = JumpCloudContext::from_os(&store);
    let stdin = std::io::stdin();
    run(
        args,
        &super::keychain_token_lookup,
        &context,
        &mut stdin.lock(),
    )
}

/// Runs the comparison against the bound groups' users. `stdin` gives the token
/// (`--token-stdin`) or the key (`--key-stdin`), never both.
pub fn run(
    args: &ReconcileArgs,
    lookup: TokenLookup<'_>,
    context: &JumpCloudContext<'_>,
    stdin: &mut dyn Read,
) -> Outcome {
    if args.token_stdin && args.jumpcloud.key_stdin {
        return Err(Failure::input(
            "--token-stdin and --key-stdin both read standard input: pass the JumpCloud API key \
             in KB4_JUMPCLOUD_API_KEY or keep it in the keychain (kb4-setup jumpcloud-key set)",
        ));
    }
    let (tenant, config) = super::reconcile::paging_config(args).map_err(Failure::input)?;
    let wanted = args
        .app
        .clone()
        .or_else(|| context.saved.application_id().map(str::to_owned));
    if let Some(id) = &wanted
        && let Err(error) = check_application_id(id)
    {
        return Err(Failure::input(error.to_string()));
    }
    let client = args
        .jumpcloud
        .client(
            &context.saved,
            &mut *stdin,
            context.env_key.clone(),
            context.store,
        )
        .map_err(Failure::input)?;
    let token =
        token_for(&tenant, args.token_stdin, &mut *stdin, lookup).map_err(Failure::input)?;
    let application = find_application(&client, wanted.as_deref())?;
    let cancel = AtomicBool::new(false);
    let scope_from = BoundGroups {
        source: &client,
        application,
        paging: ScopePaging::default(),
        progress: &ScopeProgress::default(),
    };
    let result = reconcile_bound_groups(
        &config,
        &token,
        scope_from,
        &cancel,
        &PagingProgress::default(),
        &|| {},
    );
    finish_run(args, result)
}

/// The application asked for (by `--app` or the saved choice), read for its label; else the
/// only one that looks like KnowBe4.
fn find_application(
    client: &JumpCloudClient,
    wanted: Option<&str>,
) -> Result<ScopeApplication, Failure> {
    let found = JumpCloudClient::block_on(async {
        match wanted {
            Some(id) => fetch_application(client, id).await.map(Choice::One),
            None => list_applications(client)
                .await
                .map(|apps| choose(apps, None)),
        }
    });
    let choice = match found {
        Ok(Ok(choice)) => choice,
        Ok(Err(error)) | Err(error) => return Err(super::jumpcloud::failure(&error)),
    };
    match choice {
        Choice::One(app) => Ok(ScopeApplication {
            id: app.id,
            label: app.label,
        }),
        Choice::Several(candidates) => {
            let list: Vec<String> = candidates
                .iter()
                .map(|app| format!("  {}  {}", app.id, app.label))
                .collect();
            Err(Failure::input(format!(
                "several JumpCloud applications look like KnowBe4's; choose one with --app \
                 ID:\n{}",
                list.join("\n")
            )))
        }
        Choice::None { total } => Err(Failure::failed(format!(
            "none of the organisation's {total} JumpCloud applications looks like KnowBe4's \
             (by label, name or an ACS URL on a knowbe4.com host): give its id with --app"
        ))),
        Choice::UnknownId { id, .. } => Err(Failure::input(format!(
            "there is no JumpCloud application with id {id}"
        ))),
    }
}
