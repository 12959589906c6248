//! How a part of the window starts JumpCloud work: the connection the settings describe, and
//! the key read from the keychain by the [`KeyVault`] (never on the UI thread). The result is
//! a ready [`JumpCloudClient`], or the operator's words for why there is none.

use crate::jumpcloud::{Connection, JumpCloudClient};
use crate::settings::SetupValues;
use crate::ui::jumpcloud::key_vault::{KeyVault, KeyWait};

/// The connection of the moment: the API host (or API URL) and organisation id of the
/// JumpCloud settings, with the proxy and extra CA file the connection checks use.
pub fn connection(values: &SetupValues) -> Result<Connection, String> {
    let mut connection = values.jumpcloud.connection()?;
    connection.client.proxy_url = values.proxy();
    connection.client.extra_ca_file = values.extra_ca();
    connection
        .client
        .validate()
        .map_err(|error| error.to_string())?;
    Ok(connection)
}

/// JumpCloud work that waits for the key. Made when the operator clicks, with the connection
/// of that moment; [`KeyedStart::advance`] is called once per frame until it answers.
#[derive(Debug)]
pub struct KeyedStart {
    wait: KeyWait,
    connection: Connection,
}

impl KeyedStart {
    /// Work with the connection `values` describe; an unusable setting is said at once.
    pub fn new(values: &SetupValues) -> Result<KeyedStart, String> {
        Ok(KeyedStart {
            wait: KeyWait::new(()),
            connection: connection(values)?,
        })
    }

    /// `None` while the key is being read; then a client, or why there is none.
    pub fn advance(
        &mut self,
        ctx: &egui::Context,
        vault: &mut KeyVault,
    ) -> Option<Result<JumpCloudClient, String>> {
        let key = vault.secret_for_run(ctx, &mut self.wait)?;
        Some(key.and_then(|key| {
            JumpCloudClient::new(&self.connection, key).map_err(|error| error.to_string())
        }))
    }
}
