use rcgen::{CertificateParams, DnType, KeyPair, PKCS_ECDSA_P256_SHA256};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::saml::lockout::LockoutGuard;

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

fn key() -> KeyPair {
    KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap()
}

fn pem(key: &KeyPair, common_name: &str, from: OffsetDateTime, until: OffsetDateTime) -> String {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.not_before = from;
    params.not_after = until;
    params.self_signed(key).unwrap().pem()
}

fn year_from(start: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    (start, start + Duration::days(365))
}

#[test]
fn a_re_keyed_certificate_differs_in_everything_that_matters() {
    let (from, until) = year_from(NOW - Duration::days(300));
    let current = pem(&key(), "JumpCloud", from, until);
    let (from, until) = year_from(NOW - Duration::days(1));
    let new = pem(&key(), "JumpCloud", from, until);
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), new.as_bytes(), NOW).unwrap();
    let current_info = load_bytes(current.as_bytes()).unwrap();
    let new_info = load_bytes(new.as_bytes()).unwrap();
    assert_eq!(comparison.current_sha1, current_info.sha1);
    assert_eq!(comparison.current_sha256, current_info.sha256);
    assert_eq!(comparison.new_sha1, new_info.sha1);
    assert_eq!(comparison.new_sha256, new_info.sha256);
    assert_eq!(comparison.current_days_left, 65);
    assert!(matches!(
        comparison.current_validity,
        Validity::Valid { days_left: 65 }
    ));
    assert!(!comparison.same_certificate);
    assert_eq!(comparison.same_public_key, Some(false));
    assert!(!comparison.new_expires_first);
    assert!(!comparison.subject_changed && !comparison.issuer_changed);
    assert!(comparison.warnings.is_empty(), "{:?}", comparison.warnings);
}

#[test]
fn a_re_issued_certificate_keeps_its_key_but_still_needs_the_new_fingerprint() {
    let key = key();
    let (from, until) = year_from(NOW - Duration::days(300));
    let current = pem(&key, "JumpCloud", from, until);
    let (from, until) = year_from(NOW);
    let new = pem(&key, "JumpCloud", from, until);
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), new.as_bytes(), NOW).unwrap();
    assert_eq!(comparison.same_public_key, Some(true));
    assert!(!comparison.same_certificate);
    assert_ne!(comparison.current_sha256, comparison.new_sha256);
    assert_eq!(comparison.warnings.len(), 1, "{:?}", comparison.warnings);
    assert!(comparison.warnings[0].contains("re-issued, not re-keyed"));
    // Without the files, the key cannot be compared, and the report says it does not know.
    let infos = RotationComparison::compare(
        &load_bytes(current.as_bytes()).unwrap(),
        &load_bytes(new.as_bytes()).unwrap(),
        NOW,
    );
    assert_eq!(infos.same_public_key, None);
}

#[test]
fn the_same_certificate_twice_is_nothing_to_rotate() {
    let (from, until) = year_from(NOW - Duration::days(10));
    let current = pem(&key(), "JumpCloud", from, until);
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), current.as_bytes(), NOW).unwrap();
    assert!(comparison.same_certificate);
    assert_eq!(comparison.same_public_key, Some(true));
    assert_eq!(comparison.warnings.len(), 1);
    assert!(comparison.warnings[0].contains("same certificate"));
}

#[test]
fn an_expired_current_certificate_has_negative_days_left() {
    let current = pem(
        &key(),
        "JumpCloud",
        NOW - Duration::days(400),
        NOW - Duration::hours(1),
    );
    let (from, until) = year_from(NOW - Duration::days(1));
    let new = pem(&key(), "JumpCloud", from, until);
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), new.as_bytes(), NOW).unwrap();
    assert_eq!(comparison.current_days_left, -1);
    assert!(matches!(
        comparison.current_validity,
        Validity::Expired { .. }
    ));
    assert!(
        comparison
            .warnings
            .iter()
            .any(|w| w.contains("already expired") && w.contains("not documented")),
        "{:?}",
        comparison.warnings
    );
}

#[test]
fn a_new_certificate_that_is_expired_not_yet_valid_or_shorter_is_flagged() {
    let (from, until) = year_from(NOW - Duration::days(100));
    let current = pem(&key(), "JumpCloud", from, until);
    let expired = pem(
        &key(),
        "JumpCloud",
        NOW - Duration::days(30),
        NOW - Duration::days(2),
    );
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), expired.as_bytes(), NOW).unwrap();
    assert!(matches!(comparison.new_validity, Validity::Expired { .. }));
    assert!(comparison.new_expires_first);
    let text = comparison.warnings.join("\n");
    assert!(text.contains("The new certificate expired on"), "{text}");
    assert!(text.contains("swapped"), "{text}");

    let future = pem(
        &key(),
        "JumpCloud",
        NOW + Duration::days(3),
        NOW + Duration::days(800),
    );
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), future.as_bytes(), NOW).unwrap();
    assert!(matches!(
        comparison.new_validity,
        Validity::NotYetValid { .. }
    ));
    assert!(comparison.warnings[0].contains("becomes valid only on"));
}

#[test]
fn a_changed_subject_is_named_with_both_values() {
    let (from, until) = year_from(NOW - Duration::days(100));
    let current = pem(&key(), "JumpCloud", from, until);
    let (from, until) = year_from(NOW);
    let new = pem(&key(), "Someone Else", from, until);
    let comparison =
        RotationComparison::compare_files(current.as_bytes(), new.as_bytes(), NOW).unwrap();
    assert!(comparison.subject_changed && comparison.issuer_changed);
    let text = comparison.warnings.join("\n");
    assert!(
        text.contains("CN=JumpCloud") && text.contains("CN=Someone Else"),
        "{text}"
    );
}

#[test]
fn a_wrong_file_names_which_side_it_was() {
    let (from, until) = year_from(NOW);
    let good = pem(&key(), "JumpCloud", from, until);
    let error = RotationComparison::compare_files(good.as_bytes(), b"", NOW).unwrap_err();
    assert!(matches!(error, RotationError::New(_)));
    assert!(
        error.to_string().starts_with("The new certificate: "),
        "{error}"
    );
    let error = RotationComparison::compare_files(b"junk", good.as_bytes(), NOW).unwrap_err();
    assert!(matches!(error, RotationError::Current(_)), "{error}");
}

const ALLOWED: LockoutGuard = LockoutGuard {
    admin_mfa_confirmed: false,
    non_saml_logins_disabled: false,
};
const DISABLED_WITH_MFA: LockoutGuard = LockoutGuard {
    admin_mfa_confirmed: true,
    non_saml_logins_disabled: true,
};
const DISABLED_UNCONFIRMED: LockoutGuard = LockoutGuard {
    admin_mfa_confirmed: false,
    non_saml_logins_disabled: true,
};

fn action(guard: LockoutGuard, id: &str) -> &'static str {
    safe_order(guard.way_in())
        .iter()
        .find(|step| step.id == id)
        .map(|step| step.action)
        .unwrap_or_else(|| panic!("step {id}"))
}

#[test]
fn the_safe_order_keeps_a_way_in_and_the_outage_short() {
    for guard in [ALLOWED, DISABLED_WITH_MFA, DISABLED_UNCONFIRMED] {
        let order = safe_order(guard.way_in());
        let position = |id: &str| {
            order
                .iter()
                .position(|step| step.id == id)
                .unwrap_or_else(|| panic!("step {id}"))
        };
        assert!(position("admin_way_in") < position("replace"));
        assert!(position("open_knowbe4") < position("replace"));
        assert!(position("replace") < position("download"));
        assert!(action(guard, "replace").contains(ROTATE_SSO_CERTS_ARTICLE));
        assert_eq!(position("fingerprint"), position("download") + 1);
        assert!(position("fingerprint") < position("verify"));
        assert!(position("verify") < position("recover"));
        let text = safe_order_text(Region::Eu, guard.way_in());
        assert_eq!(text.len(), order.len());
        assert!(text[0].starts_with("1. kb4-setup: "), "{}", text[0]);
        for id in ["admin_way_in", "recover"] {
            let line = &text[position(id)];
            assert!(
                line.contains("https://eu.knowbe4.com/ui/users/login"),
                "{line}"
            );
        }
    }
}

#[test]
fn while_non_saml_logins_are_allowed_the_admin_login_page_is_the_way_in() {
    // The bypass box appears only once non-SAML logins are disabled: it is not asked for.
    for id in ["admin_way_in", "recover"] {
        let text = action(ALLOWED, id);
        assert!(text.contains("admin login page"), "{text}");
        assert!(!text.contains("Allow Admins w/MFA"), "{text}");
        assert!(!text.contains("MFA"), "{text}");
    }
    // Confirming an admin with MFA early changes nothing while non-SAML logins are allowed.
    let early = LockoutGuard {
        admin_mfa_confirmed: true,
        non_saml_logins_disabled: false,
    };
    assert_eq!(safe_order(early.way_in()), safe_order(ALLOWED.way_in()));
    assert_eq!(early.way_in(), WayIn::AdminLoginPage);
}

#[test]
fn once_non_saml_logins_are_disabled_the_admin_with_mfa_is_the_way_in() {
    assert_eq!(DISABLED_WITH_MFA.way_in(), WayIn::AdminWithMfa);
    let keep = action(DISABLED_WITH_MFA, "admin_way_in");
    assert!(
        keep.contains("Disable non-SAML Logins for All Users")
            && keep.contains("Allow Admins w/MFA to Bypass SAML Login"),
        "{keep}"
    );
    let named = |text: &str, option: &str| text.find(option).unwrap_or(usize::MAX);
    assert!(
        named(keep, "Disable non-SAML") < named(keep, "Allow Admins"),
        "the options in KnowBe4's order: {keep}"
    );
    assert!(action(DISABLED_WITH_MFA, "recover").contains("admin with MFA"));
    assert_ne!(
        action(DISABLED_WITH_MFA, "admin_way_in"),
        action(ALLOWED, "admin_way_in")
    );
}

#[test]
fn disabled_non_saml_logins_without_a_confirmed_admin_say_not_to_rotate() {
    assert_eq!(DISABLED_UNCONFIRMED.way_in(), WayIn::NoneConfirmed);
    let keep = action(DISABLED_UNCONFIRMED, "admin_way_in");
    assert!(keep.contains("nobody can sign in"), "{keep}");
    assert!(keep.contains("Do not rotate"), "{keep}");
}
