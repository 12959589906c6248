//! Rotating JumpCloud's IdP certificate: what changes between the certificate KnowBe4 trusts
//! now and the new one, and the order of changes that keeps the outage short.
//!
//! KnowBe4 holds only the fingerprint of JumpCloud's signing certificate: after a rotation it
//! must be updated or SSO breaks (JumpCloud "Rotate SSO certificates"). JumpCloud's own clicks
//! are in that article, which [`safe_order`] links instead of repeating; the KnowBe4 side and
//! the checks this app offers are listed in full.

use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::error::CertificateError;
use super::fingerprint::openssl_style_hex;
use super::info::CertificateInfo;
use super::load::{first_certificate_der, load_bytes};
pub use super::validity::ROTATE_SSO_CERTS_ARTICLE;
use super::validity::Validity;
use crate::region::Region;

/// The current and the new IdP certificate, side by side, with what the operator must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationComparison {
    pub current_sha1: String,
    pub current_sha256: String,
    pub new_sha1: String,
    pub new_sha256: String,
    /// Whole days until the current certificate expires; negative once it has expired.
    pub current_days_left: i64,
    pub current_validity: Validity,
    pub new_validity: Validity,
    /// Both files hold the very same certificate: nothing to rotate yet.
    pub same_certificate: bool,
    /// Whether the new certificate keeps the old public key (re-issued, not re-keyed). `None`
    /// when only [`CertificateInfo`]s were compared, which do not carry the key.
    pub same_public_key: Option<bool>,
    /// The new certificate expires before the current one does.
    pub new_expires_first: bool,
    pub subject_changed: bool,
    pub issuer_changed: bool,
    /// Things to check before putting the new fingerprint into KnowBe4, worded for the operator.
    pub warnings: Vec<String>,
}

/// A certificate file that could not be compared, naming which of the two it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RotationError {
    #[error("The current certificate: {0}")]
    Current(CertificateError),
    #[error("The new certificate: {0}")]
    New(CertificateError),
}

impl RotationComparison {
    /// Compares the certificate KnowBe4 trusts now with the new one, at `now`.
    pub fn compare(
        current: &CertificateInfo,
        new: &CertificateInfo,
        now: OffsetDateTime,
    ) -> RotationComparison {
        let same_certificate = current.sha256 == new.sha256;
        let mut comparison = RotationComparison {
            current_sha1: current.sha1.clone(),
            current_sha256: current.sha256.clone(),
            new_sha1: new.sha1.clone(),
            new_sha256: new.sha256.clone(),
            current_days_left: current.days_left(now),
            current_validity: current.validity(now),
            new_validity: new.validity(now),
            same_certificate,
            same_public_key: same_certificate.then_some(true),
            new_expires_first: new.not_after_unix < current.not_after_unix,
            subject_changed: current.subject != new.subject,
            issuer_changed: current.issuer != new.issuer,
            warnings: Vec::new(),
        };
        comparison.warnings = comparison.warnings_for(current, new);
        comparison
    }

    /// Compares two certificate files' bytes (PEM, DER or base64), public keys included.
    pub fn compare_files(
        current: &[u8],
        new: &[u8],
        now: OffsetDateTime,
    ) -> Result<RotationComparison, RotationError> {
        let current_info = load_bytes(current).map_err(RotationError::Current)?;
        let new_info = load_bytes(new).map_err(RotationError::New)?;
        let current_key = public_key_sha256(current).map_err(RotationError::Current)?;
        let new_key = public_key_sha256(new).map_err(RotationError::New)?;
        let mut comparison = RotationComparison::compare(&current_info, &new_info, now);
        comparison.same_public_key = Some(current_key == new_key);
        comparison.warnings = comparison.warnings_for(&current_info, &new_info);
        Ok(comparison)
    }

    fn warnings_for(&self, current: &CertificateInfo, new: &CertificateInfo) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.same_certificate {
            warnings.push(
                "Both are the same certificate (same SHA-256 fingerprint): there is nothing to \
                 change in KnowBe4. If JumpCloud has a new certificate, download it again from \
                 the application's SSO tab."
                    .to_owned(),
            );
            return warnings;
        }
        match self.new_validity {
            Validity::Expired { .. } => warnings.push(format!(
                "The new certificate expired on {}. Do not put its fingerprint into KnowBe4: \
                 download the certificate JumpCloud signs with now.",
                new.not_after
            )),
            Validity::NotYetValid { .. } => warnings.push(format!(
                "The new certificate becomes valid only on {}. Check this computer's date and \
                 time, and that this is the certificate JumpCloud signs with now.",
                new.not_before
            )),
            Validity::ExpiringSoon { days_left } => warnings.push(format!(
                "The new certificate expires in {days_left} days ({}): you will have to rotate \
                 again soon.",
                new.not_after
            )),
            Validity::Valid { .. } => {}
        }
        if self.new_expires_first {
            warnings.push(format!(
                "The new certificate expires ({}) before the current one ({}). Check that the \
                 two files are not swapped.",
                new.not_after, current.not_after
            ));
        }
        if self.current_days_left < 0 {
            warnings.push(
                "The current certificate has already expired. Whether KnowBe4 refuses it is not \
                 documented; put the new fingerprint into KnowBe4 as soon as JumpCloud signs \
                 with the new certificate."
                    .to_owned(),
            );
        }
        if self.same_public_key == Some(true) {
            warnings.push(
                "The new certificate keeps the same public key (re-issued, not re-keyed). Its \
                 fingerprint still differs, so KnowBe4 must still get the new one."
                    .to_owned(),
            );
        }
        if self.subject_changed {
            warnings.push(format!(
                "The subject differs (current: {}; new: {}). Make sure the new file is \
                 JumpCloud's IdP certificate for the KnowBe4 application.",
                current.subject, new.subject
            ));
        }
        if self.issuer_changed {
            warnings.push(format!(
                "The issuer differs (current: {}; new: {}).",
                current.issuer, new.issuer
            ));
        }
        warnings.extend(
            new.warnings
                .iter()
                .map(|w| format!("The new certificate: {w}")),
        );
        warnings
    }
}

/// SHA-256 of the first certificate's SubjectPublicKeyInfo, in openssl's hex form: equal for
/// two certificates that share a key pair. Public data only.
pub fn public_key_sha256(certificate_bytes: &[u8]) -> Result<String, CertificateError> {
    let der = first_certificate_der(certificate_bytes)?;
    let (_, certificate) =
        X509Certificate::from_der(&der).map_err(|_| CertificateError::CorruptCertificate {
            detail: "its contents do not parse".to_owned(),
        })?;
    let spki = certificate.tbs_certificate.subject_pki.raw;
    Ok(openssl_style_hex(&sha2::Sha256::digest(spki)))
}

/// One action of the rotation, where it happens, and what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationStep {
    /// Stable id, e.g. for ticks.
    pub id: &'static str,
    /// `kb4-setup`, `JumpCloud Admin Portal` or `KnowBe4 console`.
    pub console: &'static str,
    pub action: &'static str,
}

const fn step(id: &'static str, console: &'static str, action: &'static str) -> RotationStep {
    RotationStep {
        id,
        console,
        action,
    }
}

const KB4: &str = "KnowBe4 console";
const JC: &str = "JumpCloud Admin Portal";
const APP: &str = "kb4-setup";

/// How an admin still gets into KnowBe4 if SAML breaks during the rotation, for what the
/// operator recorded about non-SAML logins on the KnowBe4 SAML settings step. While non-SAML
/// logins are allowed, the admin login page is the way in. "Disable non-SAML Logins for All
/// Users" disables every bypass URL; "Allow Admins w/MFA to Bypass SAML Login" appears only
/// once it is ticked, and then only admins with MFA on get in (KnowBe4 KB 12769050560403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WayIn {
    /// Non-SAML logins are not recorded as disabled: the admin login page.
    AdminLoginPage,
    /// Non-SAML logins are disabled and an admin with MFA and the bypass box are confirmed.
    AdminWithMfa,
    /// Non-SAML logins are disabled and no admin way in is confirmed.
    NoneConfirmed,
}

impl WayIn {
    /// The "keep a way in" step's action.
    fn keep_action(self) -> &'static str {
        match self {
            WayIn::AdminLoginPage => {
                "Non-SAML logins are not recorded as disabled, so the admin login page still \
                 signs admins in without SAML: make sure it works for you and keep it at hand. \
                 If Disable non-SAML Logins for All Users is ticked in KnowBe4 after all, record \
                 it on the KnowBe4 SAML settings step: the way in is then different."
            }
            WayIn::AdminWithMfa => {
                "Non-SAML logins are recorded as disabled (Disable non-SAML Logins for All Users \
                 ticked), which disables every bypass URL. The way in is an admin with MFA on and \
                 Allow Admins w/MFA to Bypass SAML Login ticked: check both still hold, and keep \
                 the admin login page at hand."
            }
            WayIn::NoneConfirmed => {
                "Non-SAML logins are recorded as disabled (Disable non-SAML Logins for All Users \
                 ticked), which disables every bypass URL, and no admin with MFA and Allow Admins \
                 w/MFA to Bypass SAML Login ticked is confirmed: if SAML breaks, nobody can sign \
                 in. Do not rotate until an admin has MFA on and that box is ticked (confirm it \
                 on the KnowBe4 SAML settings step)."
            }
        }
    }

    /// The "recover" step's action.
    fn recover_action(self) -> &'static str {
        match self {
            WayIn::AdminLoginPage => {
                "If sign-in fails, sign in at the admin login page to reach the SAML settings, \
                 and compare the fingerprint and the selector again."
            }
            WayIn::AdminWithMfa | WayIn::NoneConfirmed => {
                "If sign-in fails, sign in as the admin with MFA, with password and MFA token, \
                 at the admin login page (or the console's Bypass-SSO Login URL) to reach the \
                 SAML settings, and compare the fingerprint and the selector again."
            }
        }
    }
}

/// The safe order of changes when JumpCloud's IdP certificate is rotated, for the recorded
/// lock-out state (see [`WayIn`]; `LockoutGuard::way_in` gives it). SSO breaks from the
/// rotation in JumpCloud until KnowBe4 has the new fingerprint, so everything that can be
/// done before is done before.
pub fn safe_order(way_in: WayIn) -> Vec<RotationStep> {
    vec![
        step(
            "note_current",
            APP,
            "Load the current certificate and note its expiry date and fingerprints, so you can \
             tell the old certificate from the new one.",
        ),
        step("admin_way_in", KB4, way_in.keep_action()),
        step(
            "schedule",
            APP,
            "Pick a quiet time and tell your users: from the rotation in JumpCloud until the new \
             fingerprint is saved in KnowBe4, single sign-on to KnowBe4 breaks.",
        ),
        step(
            "open_knowbe4",
            KB4,
            "Open Account Settings > Account Integrations > SAML in a browser tab, signed in, \
             ready for the new fingerprint.",
        ),
        step(
            "replace",
            JC,
            "Rotate the certificate as JumpCloud's \"Rotate SSO certificates\" article describes \
             (https://jumpcloud.com/support/rotate-sso-certs). SSO to KnowBe4 breaks from then \
             until the fingerprint step.",
        ),
        step(
            "download",
            JC,
            "Download the new certificate (IDP Certificate Valid > Download certificate) and load \
             it here to compare it with the current one.",
        ),
        step(
            "fingerprint",
            KB4,
            "At once, paste the new fingerprint into IdP Cert Fingerprint (SHA-1, the article's \
             route, or SHA-256), set the selector to the same kind, click Save SAML Settings, \
             then Save Changes at the bottom of Account Settings.",
        ),
        step(
            "verify",
            APP,
            "Check the fingerprint saved in KnowBe4 against the new certificate, then sign in \
             with SSO both ways (from the JumpCloud User Console and from KnowBe4's sign-in URL).",
        ),
        step("recover", KB4, way_in.recover_action()),
    ]
}

/// [`safe_order`] for the recorded lock-out state as numbered sentences, with the region's
/// admin login page filled in where the way in needs it.
pub fn safe_order_text(region: Region, way_in: WayIn) -> Vec<String> {
    let bypass = region.admin_bypass_login_url();
    safe_order(way_in)
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let mut line = format!("{}. {}: {}", index + 1, step.console, step.action);
            if step.id == "admin_way_in" || step.id == "recover" {
                line.push_str(&format!(" Admin login page: {bypass}"));
            }
            line
        })
        .collect()
}

#[cfg(test)]
#[path = "rotation_tests.rs"]
mod tests;
