//! The vocabulary of the step texts: a step's content, its ticks and the consoles it links
//! to, and the console paths several steps name. The texts themselves are in
//! `catalog_sso.rs` and `catalog_scim.rs`; `catalog.rs` picks a step's.

use crate::certificate::rotation::ROTATE_SSO_CERTS_ARTICLE;
use crate::region::Region;

/// One action the operator performs in a console and ticks off here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    /// Stable id within its step; saved in settings as `step_key.id`.
    pub id: &'static str,
    pub label: &'static str,
}

/// A console the operator may need to open from a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleLink {
    JumpCloudAdminPortal,
    JumpCloudUserConsole,
    KnowBe4Console,
    /// JumpCloud's own article on rotating SSO certificates: its steps are not repeated here.
    JumpCloudRotateArticle,
}

impl ConsoleLink {
    pub fn label(self) -> &'static str {
        match self {
            ConsoleLink::JumpCloudAdminPortal => "Open JumpCloud Admin Portal",
            ConsoleLink::JumpCloudUserConsole => "Open JumpCloud User Console",
            ConsoleLink::KnowBe4Console => "Open KnowBe4 console",
            ConsoleLink::JumpCloudRotateArticle => {
                "Open JumpCloud's \"Rotate SSO certificates\" article"
            }
        }
    }

    /// The address to open; KnowBe4's depends on the operator's region.
    pub fn url(self, region: Region) -> String {
        match self {
            ConsoleLink::JumpCloudAdminPortal => "https://console.jumpcloud.com/".to_owned(),
            ConsoleLink::JumpCloudUserConsole => {
                "https://console.jumpcloud.com/userconsole".to_owned()
            }
            ConsoleLink::KnowBe4Console => format!("{}/", region.base_url()),
            ConsoleLink::JumpCloudRotateArticle => ROTATE_SSO_CERTS_ARTICLE.to_owned(),
        }
    }
}

/// Everything a step shows before its interactive parts.
#[derive(Debug, Clone, Copy)]
pub struct StepContent {
    pub title: &'static str,
    /// One sentence: why this step matters.
    pub summary: &'static str,
    /// Where to go in a console, e.g. `USER AUTHENTICATION > SSO Applications`.
    pub console_path: Option<&'static str>,
    /// Explanations and cautions, in order.
    pub guidance: &'static [&'static str],
    /// The actions to tick off, in order: the article's, and the app's own where a step adds
    /// one (saving the token in the keychain, pasting the renewed token).
    pub ticks: &'static [Tick],
    /// Consoles this step works in; every step also offers both main consoles.
    pub extra_links: &'static [ConsoleLink],
}

pub(super) const fn tick(id: &'static str, label: &'static str) -> Tick {
    Tick { id, label }
}

pub(super) const SSO_APPS: &str = "JumpCloud Admin Portal: USER AUTHENTICATION > SSO Applications";

/// Where KnowBe4 keeps its SAML settings (KnowBe4 KB 360041935913), with the article's words
/// for it: the same path as `crate::saml::KNOWBE4_SAML_SETTINGS`.
pub(super) const KNOWBE4_SAML_PATH: &str = "KnowBe4 console: Account Settings > Account \
    Integrations > SAML (the article: Account Settings, SAML section)";

/// The tick for KnowBe4's "Save Changes" button, on every step that changes a KnowBe4
/// setting: its settings take effect only once it is clicked.
pub(super) const SAVE_CHANGES_TICK: &str = "save_changes";
