//! Running the verification against JumpCloud: read the application, read its metadata.xml
//! when the config holds no certificate (or to cross-check it), then compare with the setup.
//! The one function the window and the CLI call.

use time::OffsetDateTime;

use super::applications::{Application, fetch_application};
use super::client::JumpCloudClient;
use super::error::JumpCloudError;
use super::metadata::{IdpMetadata, fetch_metadata, organisation_id};
use super::verify::{Expected, Verification, verify};

/// Reads application `app_id` and its metadata, and verifies it against `expected` at `now`.
/// A metadata.xml that cannot be read is not an error: the config's values are used, and a
/// certificate finding says when neither holds one.
pub async fn verify_application(
    client: &JumpCloudClient,
    app_id: &str,
    expected: &Expected,
    now: OffsetDateTime,
) -> Result<Verification, JumpCloudError> {
    let app = fetch_application(client, app_id).await?;
    let metadata = read_metadata(client, &app).await;
    Ok(verify(&app, metadata.as_ref(), expected, now))
}

/// The application's metadata, or `None` when it cannot be read (logged without detail
/// that could hold a secret).
async fn read_metadata(client: &JumpCloudClient, app: &Application) -> Option<IdpMetadata> {
    let org = match organisation_id(client, app.organization.as_deref()).await {
        Ok(Some(org)) => org,
        Ok(None) => return None,
        Err(error) => {
            tracing::info!("JumpCloud organisation id not read: {error}");
            return None;
        }
    };
    match fetch_metadata(client, &org, &app.id).await {
        Ok(metadata) => Some(metadata),
        Err(error) => {
            tracing::info!("JumpCloud metadata.xml not read: {error}");
            None
        }
    }
}

/// [`verify_application`] on a runtime of its own, for a background thread or a CLI command.
pub fn verify_application_blocking(
    client: &JumpCloudClient,
    app_id: &str,
    expected: &Expected,
    now: OffsetDateTime,
) -> Result<Verification, JumpCloudError> {
    JumpCloudClient::block_on(verify_application(client, app_id, expected, now))?
}
