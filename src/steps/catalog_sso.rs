//! The texts of the single sign-on steps, from the prerequisites to validating a login
//! (JumpCloud's "Integrate with KnowBe4", SAML part).

use super::step_content::{
    ConsoleLink, KNOWBE4_SAML_PATH, SAVE_CHANGES_TICK, SSO_APPS, StepContent, tick,
};
use crate::saml::lockout::LOCKOUT_WARNING;

pub(super) const PREREQUISITES: StepContent = StepContent {
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

pub(super) const REGION: StepContent = StepContent {
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

pub(super) const CREATE_APPLICATION: StepContent = StepContent {
    title: "Create the JumpCloud application",
    summary: "Add KnowBe4 to JumpCloud from its application catalogue.",
    console_path: Some(SSO_APPS),
    guidance: &[
        "Search the catalogue for KnowBe4 and select it, then click Next.",
        "In Display Label, type your name for the application. Optionally enter a Description, \
         adjust the User Portal Image and choose to hide or Show in User Portal.",
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

pub(super) const SAML_ID: StepContent = StepContent {
    title: "KnowBe4 SAML ID",
    summary: "Copy the SAML ID that ties JumpCloud's settings to your KnowBe4 account.",
    console_path: Some(KNOWBE4_SAML_PATH),
    guidance: &[
        "In KnowBe4, open Account Settings > Account Integrations > SAML (the article: Account \
         Settings, then the SAML section), select Enable SAML, and copy the value of the SAML ID \
         field.",
        "Leave the KnowBe4 page open: you come back to it to paste JumpCloud's IDP URL and the \
         certificate fingerprint.",
    ],
    ticks: &[
        tick("account_settings", "Opened Account Settings in KnowBe4"),
        tick("enable_saml", "Selected Enable SAML"),
        tick("copied", "Copied the SAML ID"),
    ],
    extra_links: &[],
};

pub(super) const JUMPCLOUD_SSO: StepContent = StepContent {
    title: "JumpCloud SSO settings",
    summary: "Put your SAML ID into JumpCloud's ACS URL and Default RelayState.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "Open the KnowBe4 application from Configured Applications and select the SSO tab.",
        "In the ACS URL and Default RelayState fields, replace {SAML_ACCOUNT_ID} with your SAML ID. \
         The ACS URL is KnowBe4's Callback URL: it uses your region's host and ends in /callback, \
         with no slash after it.",
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

pub(super) const IDP_CERTIFICATE: StepContent = StepContent {
    title: "IdP certificate",
    summary: "Download JumpCloud's signing certificate; KnowBe4 needs its fingerprint.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "Click the application's row in Configured Applications, select the SSO tab and click \
         IDP Certificate Valid > Download certificate.",
        "The file certificate.pem lands in your Downloads folder. It holds only the public \
         certificate: never share the private key, if you ever have one.",
        "KnowBe4's IdP Cert Fingerprint field takes the certificate's fingerprint. The article \
         converts the certificate to a SHA-1 fingerprint; KnowBe4's selector also offers SHA-256. \
         This app computes both.",
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

pub(super) const KNOWBE4_SAML: StepContent = StepContent {
    title: "KnowBe4 SAML settings",
    summary: "Tell KnowBe4 where JumpCloud signs users in and which certificate it signs with.",
    console_path: Some(KNOWBE4_SAML_PATH),
    guidance: &[
        "In the SAML section, paste JumpCloud's IDP URL into the IDP URL field.",
        "Under IdP Cert Fingerprint, enter the fingerprint of certificate.pem. The article's route \
         is the SHA-1 fingerprint; SHA-256 is the other option. Set KnowBe4's selector to the kind \
         you paste (SHA-1 has 40 hex digits, SHA-256 has 64): they must match.",
        "Click Save SAML Settings, then Save Changes at the bottom of Account Settings: settings \
         take effect only after Save Changes.",
        LOCKOUT_WARNING,
    ],
    ticks: &[
        tick("idp_url", "Pasted the IDP URL into the IDP URL field"),
        tick(
            "fingerprint",
            "Entered the fingerprint and set the selector to the same kind (SHA-1 or SHA-256)",
        ),
        tick("saved", "Clicked Save SAML Settings"),
        tick(
            SAVE_CHANGES_TICK,
            "Clicked Save Changes at the bottom of Account Settings",
        ),
    ],
    extra_links: &[],
};

pub(super) const AUTHORIZE_ACCESS: StepContent = StepContent {
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

pub(super) const VALIDATE_SSO: StepContent = StepContent {
    title: "Validate SSO",
    summary: "Sign in both ways to prove single sign-on works before anyone depends on it.",
    console_path: None,
    guidance: &[
        "IdP-initiated: open the JumpCloud User Console and select the KnowBe4 icon. KnowBe4 should \
         open already signed in.",
        "SP-initiated: open KnowBe4's sign-in address for your account. You are sent to the \
         JumpCloud User Portal to sign in, then back to KnowBe4, signed in.",
        "Test with a user who belongs to a bound group and whose KnowBe4 email (or an alias) \
         equals their JumpCloud email: KnowBe4 matches the SAML NameID against the email or an \
         alias of the KnowBe4 user.",
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
