//! What each step says and asks, taken from the vendor article (JumpCloud's "Integrate with
//! KnowBe4"). Wording is for the operator; console paths are spelled as the consoles show them.

use super::StepId;
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
}

impl ConsoleLink {
    pub fn label(self) -> &'static str {
        match self {
            ConsoleLink::JumpCloudAdminPortal => "Open JumpCloud Admin Portal",
            ConsoleLink::JumpCloudUserConsole => "Open JumpCloud User Console",
            ConsoleLink::KnowBe4Console => "Open KnowBe4 console",
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
    /// The article's actions, in order.
    pub ticks: &'static [Tick],
    /// Consoles this step works in; every step also offers both main consoles.
    pub extra_links: &'static [ConsoleLink],
}

const fn tick(id: &'static str, label: &'static str) -> Tick {
    Tick { id, label }
}

const SSO_APPS: &str = "JumpCloud Admin Portal: USER AUTHENTICATION > SSO Applications";

/// The content of `step`.
pub fn content(step: StepId) -> StepContent {
    match step {
        StepId::Prerequisites => PREREQUISITES,
        StepId::Region => REGION,
        StepId::CreateApplication => CREATE_APPLICATION,
        StepId::SamlId => SAML_ID,
        StepId::JumpCloudSso => JUMPCLOUD_SSO,
        StepId::IdpCertificate => IDP_CERTIFICATE,
        StepId::KnowBe4Saml => KNOWBE4_SAML,
        StepId::AuthorizeAccess => AUTHORIZE_ACCESS,
        StepId::ValidateSso => VALIDATE_SSO,
        StepId::ScimToken => SCIM_TOKEN,
        StepId::IdentityManagement => IDENTITY_MANAGEMENT,
        StepId::AttributeMapping => ATTRIBUTE_MAPPING,
        StepId::TestMode => TEST_MODE,
        StepId::ImportUsers => IMPORT_USERS,
        StepId::RenewToken => RENEW_TOKEN,
        StepId::RotateCertificate => ROTATE_CERTIFICATE,
        StepId::RemoveIntegration => REMOVE_INTEGRATION,
        StepId::Report => REPORT,
    }
}

const PREREQUISITES: StepContent = StepContent {
    title: "Prerequisites",
    summary: "Make sure you have the accounts and access this setup needs before you start.",
    console_path: None,
    guidance: &[
        "KnowBe4's SCIM API follows version 2.0 of the SCIM standard. SSO is not required for \
         provisioning, but it is strongly recommended.",
        "KnowBe4 shows the SCIM token only once. This app keeps it in your system keychain, so you \
         never need to paste it into a text file.",
        "Syncing can take a few minutes after each change.",
    ],
    ticks: &[
        tick(
            "jumpcloud_admin",
            "I have a JumpCloud Administrator account",
        ),
        tick("knowbe4_admin", "I have a KnowBe4 administrator account"),
        tick("knowbe4_subscription", "Our KnowBe4 subscription is active"),
        tick(
            "scim_article",
            "I have read KnowBe4's \"Configuring SCIM integration\" support article",
        ),
    ],
    extra_links: &[],
};

const REGION: StepContent = StepContent {
    title: "KnowBe4 region",
    summary: "Every KnowBe4 address depends on the region your account lives in.",
    console_path: None,
    guidance: &[
        "Sign in to KnowBe4 and look at the address bar: training.knowbe4.com is the US region; \
         eu., ca., uk. and de.knowbe4.com are the others.",
        "The ACS URL, the sign-in URL and the console links in this app are built for the region \
         you choose here.",
    ],
    ticks: &[tick(
        "confirmed",
        "I checked the region against the address of my KnowBe4 console",
    )],
    extra_links: &[],
};

const CREATE_APPLICATION: StepContent = StepContent {
    title: "Create the JumpCloud application",
    summary: "Add KnowBe4 to JumpCloud from its application catalogue.",
    console_path: Some(SSO_APPS),
    guidance: &[
        "Search the catalogue for KnowBe4 and select it, then click Next.",
        "The Display Label is the name your users see in the User Portal. A description, a User \
         Portal image and Show in User Portal are optional.",
        "After saving, choose Configure Application to continue, or Close to come back later.",
    ],
    ticks: &[
        tick("add_new", "Clicked + Add New Application"),
        tick(
            "selected",
            "Searched for KnowBe4, selected it and clicked Next",
        ),
        tick("display_label", "Typed a Display Label"),
        tick("saved", "Clicked Save Application"),
        tick("configure", "Clicked Configure Application"),
    ],
    extra_links: &[],
};

const SAML_ID: StepContent = StepContent {
    title: "KnowBe4 SAML ID",
    summary: "Copy the SAML ID that ties JumpCloud's settings to your KnowBe4 account.",
    console_path: Some("KnowBe4 console: Account Settings > SAML"),
    guidance: &[
        "In KnowBe4, open Account Settings, select Enable SAML in the SAML section, and copy the \
         value of the SAML ID field.",
        "Leave the KnowBe4 page open: you come back to it to paste JumpCloud's IdP URL and the \
         certificate fingerprint.",
    ],
    ticks: &[
        tick("account_settings", "Opened Account Settings in KnowBe4"),
        tick("enable_saml", "Selected Enable SAML"),
        tick("copied", "Copied the SAML ID"),
    ],
    extra_links: &[],
};

const JUMPCLOUD_SSO: StepContent = StepContent {
    title: "JumpCloud SSO settings",
    summary: "Put your SAML ID into JumpCloud's ACS URL and Default RelayState.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "Open the KnowBe4 application from Configured Applications and select the SSO tab.",
        "In the ACS URL and Default RelayState fields, replace {SAML_ACCOUNT_ID} with your SAML ID. \
         The ACS URL must use your region's host and must not end with an extra slash.",
        "Copy the IDP URL (it looks like https://sso.jumpcloud.com/saml2/knowbe4). It cannot be \
         changed after the application is created.",
    ],
    ticks: &[
        tick("sso_tab", "Opened the application and selected the SSO tab"),
        tick("acs_url", "Replaced {SAML_ACCOUNT_ID} in the ACS URL"),
        tick(
            "relay_state",
            "Replaced {SAML_ACCOUNT_ID} in the Default RelayState",
        ),
        tick("idp_url", "Copied the IDP URL"),
        tick("saved", "Clicked save"),
    ],
    extra_links: &[],
};

const IDP_CERTIFICATE: StepContent = StepContent {
    title: "IdP certificate",
    summary: "Download JumpCloud's signing certificate; KnowBe4 needs its fingerprint.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "Click the application's row in Configured Applications, select the SSO tab and click \
         IDP Certificate Valid > Download certificate.",
        "The file certificate.pem lands in your Downloads folder. It holds only the public \
         certificate: never share the private key, if you ever have one.",
        "KnowBe4 does not take the file itself but its SHA-1 or SHA-256 fingerprint, which this \
         app computes for you.",
    ],
    ticks: &[
        tick("reopened", "Reopened the application's configuration"),
        tick(
            "downloaded",
            "Clicked IDP Certificate Valid > Download certificate",
        ),
    ],
    extra_links: &[],
};

const KNOWBE4_SAML: StepContent = StepContent {
    title: "KnowBe4 SAML settings",
    summary: "Tell KnowBe4 where JumpCloud signs users in and which certificate it signs with.",
    console_path: Some("KnowBe4 console: Account Settings > SAML"),
    guidance: &[
        "Paste JumpCloud's IDP URL into KnowBe4's IdP SSO Target URL field.",
        "Under IdP Cert Fingerprint, choose SHA-1 or SHA-256 in the selector and paste the matching \
         fingerprint of certificate.pem.",
        "Keep one administrator able to sign in without SAML until you have tested SSO, so a \
         mistake cannot lock everyone out.",
    ],
    ticks: &[
        tick(
            "idp_url",
            "Pasted the IDP URL into the IdP SSO Target URL field",
        ),
        tick(
            "fingerprint",
            "Entered the certificate fingerprint with the matching selector",
        ),
        tick("saved", "Clicked Save SAML Settings"),
    ],
    extra_links: &[],
};

const AUTHORIZE_ACCESS: StepContent = StepContent {
    title: "Authorize user access",
    summary: "Users are denied every application until a group that holds them is bound to it.",
    console_path: Some(SSO_APPS),
    guidance: &[
        "Select the KnowBe4 application and open its User Groups tab. Tick the groups whose members \
         should sign in to KnowBe4, then click save.",
        "You can also bind the application from a group's own configuration panel.",
        "If you need a new group, create it first (JumpCloud: Get Started: Groups).",
    ],
    ticks: &[
        tick(
            "user_groups_tab",
            "Opened the application's User Groups tab",
        ),
        tick(
            "groups_selected",
            "Ticked the groups that should have access",
        ),
        tick("saved", "Clicked save"),
    ],
    extra_links: &[],
};

const VALIDATE_SSO: StepContent = StepContent {
    title: "Validate SSO",
    summary: "Sign in both ways to prove single sign-on works before anyone depends on it.",
    console_path: None,
    guidance: &[
        "IdP-initiated: open the JumpCloud User Console and select the KnowBe4 icon. KnowBe4 should \
         open already signed in.",
        "SP-initiated: open KnowBe4's sign-in address for your account. You are sent to the \
         JumpCloud User Portal to sign in, then back to KnowBe4, signed in.",
        "Test with a user who belongs to a bound group and whose KnowBe4 email equals their \
         JumpCloud email: KnowBe4 matches the SAML NameID against the user's email.",
    ],
    ticks: &[
        tick(
            "idp_initiated",
            "IdP-initiated: the KnowBe4 icon in the User Console signed me in",
        ),
        tick(
            "sp_redirected",
            "SP-initiated: KnowBe4 sent me to the JumpCloud User Portal",
        ),
        tick(
            "sp_signed_in",
            "SP-initiated: I came back to KnowBe4 signed in",
        ),
    ],
    extra_links: &[ConsoleLink::JumpCloudUserConsole],
};

const SCIM_TOKEN: StepContent = StepContent {
    title: "KnowBe4 SCIM token",
    summary: "Generate the SCIM token and the Tenant URL that JumpCloud uses to provision users.",
    console_path: Some(
        "KnowBe4 console: your email (top right) > Account Settings > User Management > User Provisioning",
    ),
    guidance: &[
        "Select Enable User Provisioning (User Syncing). The toggle starts on ADI: switch it to \
         SCIM, then expand + SCIM Settings and click Generate SCIM Token.",
        "The token is shown only once. Store it here, in your system keychain, before you close \
         KnowBe4's window. If it is lost, regenerating it breaks the link until JumpCloud has the \
         new one.",
        "Copy the Tenant URL as KnowBe4 shows it, and make sure Test Mode is selected, so the \
         first syncs only report what they would change.",
    ],
    ticks: &[
        tick(
            "enable_provisioning",
            "Selected Enable User Provisioning (User Syncing)",
        ),
        tick(
            "scim_toggle",
            "Switched the toggle from ADI to SCIM and expanded + SCIM Settings",
        ),
        tick("generated", "Clicked Generate SCIM Token"),
        tick(
            "token_saved",
            "Saved the token (in the keychain, on this step)",
        ),
        tick("tenant_url", "Copied the Tenant URL"),
        tick("test_mode", "Made sure Test Mode is selected"),
    ],
    extra_links: &[],
};

const IDENTITY_MANAGEMENT: StepContent = StepContent {
    title: "JumpCloud Identity Management",
    summary: "Give JumpCloud the Tenant URL and the token, and let it verify the connection.",
    console_path: Some(
        "JumpCloud Admin Portal: SSO Applications > KnowBe4 > Identity Management tab",
    ),
    guidance: &[
        "Tick Enable management of User Groups and Group Membership in this application if you \
         want JumpCloud to create and sync groups in KnowBe4.",
        "Click Configure. Paste the Tenant URL into Base URL (with no trailing slash) and the SCIM \
         token into Token Key, then click save.",
        "JumpCloud confirms that the Identity Management integration has been verified. If it does \
         not, the connection checks explain why.",
    ],
    ticks: &[
        tick("tab", "Selected the Identity Management tab"),
        tick(
            "groups_choice",
            "Decided on group management (ticked the checkbox, or left it off)",
        ),
        tick("configure", "Clicked Configure"),
        tick("base_url", "Pasted the Tenant URL into Base URL"),
        tick("token_key", "Pasted the SCIM token into Token Key"),
        tick("saved", "Clicked save"),
        tick(
            "verified",
            "JumpCloud confirmed the integration was verified",
        ),
    ],
    extra_links: &[],
};

const ATTRIBUTE_MAPPING: StepContent = StepContent {
    title: "Attribute mapping",
    summary: "Know which JumpCloud fields become which KnowBe4 fields before the first sync.",
    console_path: None,
    guidance: &[
        "JumpCloud sends Company Email as the user's email, Username as the IdP username, First \
         Name and Last Name, Work Phone, Work Address (as location), Job Title, Employee ID (as \
         Employee Number), Company (as Organization) and Department.",
        "KnowBe4 identifies users by email. A user without a company email, or whose email differs \
         from the email they sign in with, is skipped or duplicated.",
    ],
    ticks: &[
        tick("reviewed", "Reviewed the mapping table"),
        tick(
            "emails_checked",
            "Checked that every user to sync has a company email",
        ),
    ],
    extra_links: &[],
};

const TEST_MODE: StepContent = StepContent {
    title: "Verify in Test Mode",
    summary: "Let a sync run in Test Mode and read what it would change before it changes anything.",
    console_path: Some("KnowBe4 console: Users > Provisioning"),
    guidance: &[
        "Test Mode reports what a sync would do without doing it. Syncs show as Pending, \
         Processing, Completed or Skipped. Skipped usually means KnowBe4's settings and the data \
         sent disagree, or legacy SCIM is in use instead of SCIM.",
        "Once Test Mode is off, users in KnowBe4 who are not provisioned from JumpCloud are \
         archived, and alias emails are removed. Import them first (Import users) if they should stay.",
    ],
    ticks: &[
        tick(
            "groups_associated",
            "Associated one or more user groups with the KnowBe4 application in JumpCloud",
        ),
        tick("provisioning_tab", "Opened Users > Provisioning in KnowBe4"),
        tick(
            "details_reviewed",
            "Clicked Details for the received sync and reviewed the results",
        ),
        tick("test_mode_off", "Disabled Test Mode in Account Settings"),
    ],
    extra_links: &[],
};

const IMPORT_USERS: StepContent = StepContent {
    title: "Import users",
    summary: "Bring users who exist only in KnowBe4 into JumpCloud, so they are not archived.",
    console_path: Some(
        "JumpCloud Admin Portal: SSO Applications > KnowBe4 > Identity Management tab",
    ),
    guidance: &[
        "Click manual import. Users marked New have not been imported; Imported ones already have \
         a JumpCloud account. The New Users-only filter moves new users to the top.",
        "Imports of fewer than 100 users show their results at once; larger imports end with an \
         email from JumpCloud.",
        "Imported users must be members of a user group bound to the application, or JumpCloud \
         does not manage their identity and access in KnowBe4.",
    ],
    ticks: &[
        tick("manual_import", "Clicked manual import"),
        tick("selected", "Selected the New users to create in JumpCloud"),
        tick("imported", "Clicked import and saw the results"),
        tick(
            "grouped",
            "Added the imported users to a group bound to the application",
        ),
    ],
    extra_links: &[],
};

const RENEW_TOKEN: StepContent = StepContent {
    title: "Renew the SCIM token",
    summary: "Replace the token without breaking provisioning: the order matters.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4"),
    guidance: &[
        "JumpCloud must stop using the old token before KnowBe4 invalidates it, so deactivate \
         Identity Management first, regenerate the token, then reactivate with the new one.",
        "After reactivating, run the connection checks again to prove the new token works.",
    ],
    ticks: &[
        tick(
            "deactivated",
            "Deactivated Identity Management in JumpCloud",
        ),
        tick("regenerated", "Clicked Regenerate SCIM Token in KnowBe4"),
        tick(
            "replaced",
            "Replaced the token in the keychain (on the KnowBe4 SCIM token step)",
        ),
        tick("pasted", "Pasted the new token into JumpCloud's Token Key"),
        tick("reactivated", "Reactivated Identity Management"),
    ],
    extra_links: &[],
};

const ROTATE_CERTIFICATE: StepContent = StepContent {
    title: "Rotate the IdP certificate",
    summary: "When JumpCloud's certificate is renewed, KnowBe4 must get the new fingerprint or SSO breaks.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "JumpCloud warns 60, 30 and 7 days, and 24 hours, before the IdP certificate expires.",
        "Keep one administrator able to sign in without SAML, download the new certificate, update \
         the fingerprint in KnowBe4 at the moment JumpCloud starts signing with the new \
         certificate, then validate SSO again.",
    ],
    ticks: &[
        tick(
            "new_downloaded",
            "Downloaded the new certificate from JumpCloud",
        ),
        tick(
            "fingerprint_updated",
            "Entered the new fingerprint in KnowBe4 and saved",
        ),
        tick("validated", "Signed in again with SSO"),
    ],
    extra_links: &[],
};

const REMOVE_INTEGRATION: StepContent = StepContent {
    title: "Remove the integration",
    summary: "Take KnowBe4 out of JumpCloud cleanly, in three procedures.",
    console_path: Some(SSO_APPS),
    guidance: &[
        "Deactivate Identity Management: open the application's details panel and click the \
         Deactivate IdM connection link under the company name and logo, then confirm.",
        "Deactivate SSO: on the SSO tab, scroll to the bottom, click Deactivate SSO, then save.",
        "Delete the application: tick its box, click Delete, enter the number of applications you \
         are deleting and click Delete Application.",
    ],
    ticks: &[
        tick(
            "idm_deactivated",
            "Deactivated the Identity Management connection",
        ),
        tick("sso_deactivated", "Deactivated SSO and saved"),
        tick("application_deleted", "Deleted the application"),
        tick(
            "token_removed",
            "Removed the SCIM token from this computer's keychain",
        ),
    ],
    extra_links: &[],
};

const REPORT: StepContent = StepContent {
    title: "Report",
    summary: "A record of this setup: what was configured and what was proven, without secrets.",
    console_path: None,
    guidance: &[
        "The summary below lists every step with its status and the values you entered. It never \
         contains the SCIM token or any key material.",
    ],
    ticks: &[tick("reviewed", "Reviewed the setup summary")],
    extra_links: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_guidance_ticks_and_unique_tick_ids() {
        for step in StepId::ALL {
            let content = content(step);
            assert!(!content.title.is_empty(), "{step:?}");
            assert!(!content.summary.is_empty(), "{step:?}");
            assert!(!content.guidance.is_empty(), "{step:?}");
            assert!(!content.ticks.is_empty(), "{step:?}");
            let mut ids: Vec<_> = content.ticks.iter().map(|t| t.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                content.ticks.len(),
                "duplicate tick id in {step:?}"
            );
        }
    }

    #[test]
    fn knowbe4_console_link_follows_the_region() {
        assert_eq!(
            ConsoleLink::KnowBe4Console.url(Region::Eu),
            "https://eu.knowbe4.com/"
        );
        assert_eq!(
            ConsoleLink::KnowBe4Console.url(Region::Us),
            "https://training.knowbe4.com/"
        );
        assert_eq!(
            ConsoleLink::JumpCloudAdminPortal.url(Region::De),
            "https://console.jumpcloud.com/"
        );
    }

    #[test]
    fn console_paths_use_the_consoles_own_words() {
        assert_eq!(
            content(StepId::CreateApplication).console_path,
            Some("JumpCloud Admin Portal: USER AUTHENTICATION > SSO Applications")
        );
        assert!(
            content(StepId::ScimToken)
                .console_path
                .unwrap_or("")
                .contains("User Provisioning")
        );
    }
}
