//! The work behind the window's "Connect to JumpCloud (optional)": the administrator's API key
//! in the keychain, finding the KnowBe4 application and verifying its SAML settings. Every
//! request runs on a background thread; `ui::logic` collects the results once per frame. The
//! part is drawn by the Create the JumpCloud application step (`ui::steps::create_application`).
//! Every step works without a key.

pub mod app_finder;
pub mod expected_values;
pub mod key_vault;
pub mod keyed_start;
pub mod verification_run;

use app_finder::AppFinder;
use key_vault::KeyVault;
use verification_run::VerificationRun;

/// What the window holds for JumpCloud while it is open (the saved choices are in the
/// settings' `values.jumpcloud`; the key only ever in the keychain).
#[derive(Default)]
pub struct JumpCloudPanel {
    /// The API key's keychain calls and masked draft.
    pub key: KeyVault,
    /// Listing the organisation's applications to find the KnowBe4 one.
    pub finder: AppFinder,
    /// Verifying the chosen application's SAML settings.
    pub verification: VerificationRun,
    /// What became of "Use the certificate from JumpCloud", and whether it is a problem.
    pub certificate_note: Option<(String, bool)>,
}

impl JumpCloudPanel {
    /// Whether a request is under way, so the window keeps polling.
    pub fn running(&self) -> bool {
        self.finder.running() || self.verification.running()
    }
}
