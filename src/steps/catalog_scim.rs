//! The texts of the provisioning and maintenance steps, from the SCIM token to the report
//! (JumpCloud's "Integrate with KnowBe4", SCIM part, and keeping the integration running).

use super::step_content::{ConsoleLink, SAVE_CHANGES_TICK, SSO_APPS, StepContent, tick};

const SAVE_CHANGES_LABEL: &str = "Clicked Save Changes at the bottom of Account Settings";

pub(super) const SCIM_TOKEN: StepContent = StepContent {
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
        "Copy the Tenant URL exactly as KnowBe4 shows it: its format is not documented, so this \
         app never builds it. Make sure Test Mode is selected, so the first syncs only report what \
         they would change, then click Save Changes at the bottom of Account Settings.",
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
        tick(SAVE_CHANGES_TICK, SAVE_CHANGES_LABEL),
    ],
    extra_links: &[],
};

pub(super) const IDENTITY_MANAGEMENT: StepContent = StepContent {
    title: "JumpCloud Identity Management",
    summary: "Give JumpCloud the Tenant URL and the token, and let it verify the connection.",
    console_path: Some(
        "JumpCloud Admin Portal: SSO Applications > KnowBe4 > Identity Management tab",
    ),
    guidance: &[
        "Tick Enable management of User Groups and Group Membership in this application if you \
         want to provision, manage and sync groups in KnowBe4 from JumpCloud.",
        "Click Configure. Paste the Tenant URL into Base URL (with no trailing slash) and the SCIM \
         token into Token Key, then click save.",
        "JumpCloud confirms that the Identity Management integration has been verified. If it does \
         not, the connection checks below may show why. Provisioning errors after that are \
         recorded in JumpCloud's Directory Insights, as user_create_provision, \
         user_update_provision, user_deprovision, user_delete_provision, user_lookup_provision \
         and group_*_provision events.",
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

pub(super) const ATTRIBUTE_MAPPING: StepContent = StepContent {
    title: "Attribute mapping",
    summary: "Know which JumpCloud fields become which KnowBe4 fields before the first sync.",
    console_path: None,
    guidance: &[
        "The table is the article's: Company Email goes to emails (KnowBe4's Email), Username to \
         userName (IdP Username), First Name and Last Name, Work Phone, Work Address (location), \
         Job Title, Employee ID to externalId (Employee Number), Company to organization, \
         Department and Display Name.",
        "How KnowBe4 matches incoming users to users it already has is not documented; userName \
         is the only user attribute it lists as filterable. A user without a Company Email, or \
         whose username is not an email address, may be skipped or duplicated: the pre-flight \
         lists them.",
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

pub(super) const IMPORT_USERS: StepContent = StepContent {
    title: "Import users",
    summary: "Before Test Mode is turned off, bring users who exist only in KnowBe4 into \
              JumpCloud, so they are not archived.",
    console_path: Some(
        "JumpCloud Admin Portal: SSO Applications > KnowBe4 > Identity Management tab",
    ),
    guidance: &[
        "The article describes importing users after Verify in Test Mode and the attribute table. \
         This app puts it before Verify in Test Mode, its own order: once Test Mode is off and \
         syncing is live, KnowBe4 archives users not present in JumpCloud, so they are imported \
         while nothing is archived yet.",
        "Click manual import. Users marked New have not been imported; Imported ones already have \
         a JumpCloud account. The New Users-only filter moves new users to the top.",
        "The article: when you import fewer than 100 users, the results show in real time; when \
         you import more than 100, JumpCloud emails you once the import is complete.",
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

pub(super) const TEST_MODE: StepContent = StepContent {
    title: "Verify in Test Mode",
    summary: "If you enabled Test Mode, read what each sync would change before turning it off.",
    console_path: Some("KnowBe4 console: Users > Provisioning"),
    guidance: &[
        "If you enabled Test Mode when you configured SCIM in KnowBe4, syncs report what they \
         would change without changing it. Each sync shows as Pending, Processing, Completed or \
         Skipped; Details breaks its results into Archived, Changed, Created and Restored, for \
         Groups, Users and Memberships.",
        "Disable Test Mode only once the results meet your expectations. Once it is off, users in \
         KnowBe4 who are not provisioned from JumpCloud are archived, and alias emails are \
         removed: import the ones who should stay first, on the Import users step.",
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
        tick(SAVE_CHANGES_TICK, SAVE_CHANGES_LABEL),
    ],
    extra_links: &[],
};

pub(super) const RENEW_TOKEN: StepContent = StepContent {
    title: "Renew the SCIM token",
    summary: "Replace the token: provisioning stops while Identity Management is deactivated, \
              so do it in one go, in this order.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4"),
    guidance: &[
        "The article gives three steps: deactivate the Identity Management integration in \
         JumpCloud, renew the token in KnowBe4, then reactivate the integration. Pasting the new \
         token into JumpCloud's Token Key before reactivating is this app's addition: the article \
         does not say where the new token goes, but Token Key is where JumpCloud takes it.",
        "Provisioning stops while Identity Management is deactivated. Whether changes made in \
         JumpCloud meanwhile reach KnowBe4 once it is reactivated is not documented: make none \
         until it is.",
        "The token is long-lived: no expiry is documented. Besides Regenerate SCIM Token, KnowBe4's \
         User Provisioning section offers Revoke SCIM Token and Force Sync Now.",
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

pub(super) const ROTATE_CERTIFICATE: StepContent = StepContent {
    title: "Rotate the IdP certificate",
    summary: "When JumpCloud's certificate is renewed, KnowBe4 must get the new fingerprint or SSO breaks.",
    console_path: Some("JumpCloud Admin Portal: SSO Applications > KnowBe4 > SSO tab"),
    guidance: &[
        "JumpCloud warns 60, 30 and 7 days, and 24 hours, before the IdP certificate expires.",
        "For JumpCloud's side of the rotation, follow its \"Rotate SSO certificates\" article \
         (link above); this app does not repeat its steps.",
        "On KnowBe4's side, first keep a way in for an admin in case SAML breaks. While non-SAML \
         logins are allowed, that is the admin login page. Once Disable non-SAML Logins for All \
         Users is ticked, every bypass URL is off, and only an admin with MFA on gets in, through \
         Allow Admins w/MFA to Bypass SAML Login, the box that appears under it. The safe order \
         below follows what you recorded on the KnowBe4 SAML settings step.",
        "Then download the new certificate, put its fingerprint into IdP Cert Fingerprint with \
         the selector set to the same kind, click Save SAML Settings and Save Changes, and \
         validate SSO again.",
    ],
    ticks: &[
        tick(
            "new_downloaded",
            "Downloaded the new certificate from JumpCloud",
        ),
        tick(
            "fingerprint_updated",
            "Entered the new fingerprint in KnowBe4 and clicked Save SAML Settings",
        ),
        tick(SAVE_CHANGES_TICK, SAVE_CHANGES_LABEL),
        tick("validated", "Signed in again with SSO"),
    ],
    extra_links: &[ConsoleLink::JumpCloudRotateArticle],
};

pub(super) const REMOVE_INTEGRATION: StepContent = StepContent {
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

pub(super) const REPORT: StepContent = StepContent {
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
