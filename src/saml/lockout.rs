//! The lock-out guard of KnowBe4's SAML section. "Disable non-SAML Logins for All Users"
//! disables every bypass URL; only "Allow Admins w/MFA to Bypass SAML Login", which appears
//! once it is ticked, keeps a way in for admins who have MFA on (KnowBe4 KB 12769050560403).
//! The operator confirms an admin has MFA before saying they ticked it, and the report
//! records both answers.

use serde::{Deserialize, Serialize};

use crate::certificate::rotation::WayIn;

/// Shown on the KnowBe4 SAML settings step, before the operator touches that option.
pub const LOCKOUT_WARNING: &str = "Before you tick Disable non-SAML Logins for All Users: it \
    disables every bypass URL. Only Allow Admins w/MFA to Bypass SAML Login, which appears once \
    it is ticked, keeps a way in, for admins who have MFA on. Make sure at least one admin has \
    MFA and tick that option too, or nobody can sign in to KnowBe4 if SAML breaks.";

/// The operator's confirmation, asked before the option may be recorded as ticked.
pub const ADMIN_MFA_LABEL: &str = "At least one KnowBe4 admin has MFA on, and Allow Admins w/MFA \
    to Bypass SAML Login is ticked";

/// The option itself, which the operator may tick in KnowBe4 (it is not required).
pub const NON_SAML_DISABLED_LABEL: &str =
    "I ticked Disable non-SAML Logins for All Users in KnowBe4 (optional)";

/// Why the second box cannot be ticked yet. It names the two options in the order KnowBe4's
/// SAML section shows them: Disable non-SAML Logins first, the admin bypass box under it.
pub const CONFIRM_FIRST: &str = "Disable non-SAML Logins for All Users can be recorded here once \
    the box that appears under it, Allow Admins w/MFA to Bypass SAML Login, is ticked and an admin \
    has MFA on: confirm that above first.";

/// KnowBe4's SAML options (KnowBe4 KB 12769050560403), each with what is known about it.
pub const SAML_OPTIONS: [(&str, &str); 3] = [
    (
        "Disable non-SAML Logins for All Users",
        "Disables every bypass URL: only the admin option below keeps a way in. Leave it off at \
         least until Validate SSO has passed.",
    ),
    (
        "Allow Admins w/MFA to Bypass SAML Login",
        "Appears once the option above is ticked. Admins who have MFA on can then sign in with \
         password and MFA token instead of SAML.",
    ),
    (
        "Allow account creation from SAML login",
        "Creates an account when someone without one signs in with SAML. The article does not \
         use it: with SCIM, users come from the groups bound to the application.",
    ),
];

/// The admin login page, and where its address comes from.
pub const ADMIN_LOGIN_NOTE: &str = "The admin login page below is the one KnowBe4's support \
    article gives; the console also shows a Bypass-SSO Login URL: if they differ, use the \
    console's.";

/// What the operator said about KnowBe4's non-SAML logins. Saved with the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LockoutGuard {
    /// An admin has MFA and "Allow Admins w/MFA to Bypass SAML Login" is ticked.
    pub admin_mfa_confirmed: bool,
    /// "Disable non-SAML Logins for All Users" is ticked in KnowBe4.
    pub non_saml_logins_disabled: bool,
}

impl LockoutGuard {
    /// How an admin gets into KnowBe4 if SAML breaks, for what was recorded here.
    pub fn way_in(self) -> WayIn {
        match (self.non_saml_logins_disabled, self.admin_mfa_confirmed) {
            (false, _) => WayIn::AdminLoginPage,
            (true, true) => WayIn::AdminWithMfa,
            (true, false) => WayIn::NoneConfirmed,
        }
    }

    /// Non-SAML logins may be recorded as disabled only once an admin way in is confirmed.
    pub fn may_disable_non_saml_logins(&self) -> bool {
        self.admin_mfa_confirmed
    }

    /// A problem when non-SAML logins are off without a confirmed admin way in.
    pub fn problem(&self) -> Option<&'static str> {
        (self.non_saml_logins_disabled && !self.admin_mfa_confirmed).then_some(
            "Non-SAML logins are recorded as disabled, but no admin with MFA and the admin \
             bypass option is confirmed: if SAML breaks, nobody can sign in to KnowBe4.",
        )
    }

    /// The answer in the report: the admin way in.
    pub fn admin_mfa_text(&self) -> &'static str {
        if self.admin_mfa_confirmed {
            "confirmed: an admin has MFA and Allow Admins w/MFA to Bypass SAML Login is ticked"
        } else {
            "not confirmed"
        }
    }

    /// The answer in the report: KnowBe4's non-SAML logins.
    pub fn non_saml_text(&self) -> &'static str {
        if self.non_saml_logins_disabled {
            "disabled (Disable non-SAML Logins for All Users ticked)"
        } else {
            "not recorded as disabled"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabling_without_an_admin_way_in_is_a_problem() {
        let mut guard = LockoutGuard::default();
        assert!(!guard.may_disable_non_saml_logins());
        assert_eq!(guard.problem(), None);
        guard.non_saml_logins_disabled = true;
        assert!(
            guard
                .problem()
                .is_some_and(|p| p.contains("nobody can sign in"))
        );
        guard.admin_mfa_confirmed = true;
        assert!(guard.may_disable_non_saml_logins());
        assert_eq!(guard.problem(), None);
        assert!(guard.admin_mfa_text().starts_with("confirmed"));
        assert!(guard.non_saml_text().starts_with("disabled"));
    }

    #[test]
    fn confirm_first_names_the_options_in_knowbe4s_order() {
        let disable = CONFIRM_FIRST.find("Disable non-SAML Logins for All Users");
        let allow = CONFIRM_FIRST.find("Allow Admins w/MFA to Bypass SAML Login");
        assert!(disable.is_some() && allow.is_some(), "{CONFIRM_FIRST}");
        assert!(disable < allow, "{CONFIRM_FIRST}");
        let options: Vec<_> = SAML_OPTIONS.iter().map(|(option, _)| *option).collect();
        assert_eq!(
            options[..2],
            [
                "Disable non-SAML Logins for All Users",
                "Allow Admins w/MFA to Bypass SAML Login"
            ]
        );
    }

    #[test]
    fn old_settings_without_the_guard_read_as_unconfirmed() {
        let guard: LockoutGuard = serde_json::from_str("{}").unwrap_or(LockoutGuard {
            admin_mfa_confirmed: true,
            non_saml_logins_disabled: true,
        });
        assert_eq!(guard, LockoutGuard::default());
    }
}
