//! Unit tests of `verdicts.rs`.

use super::*;

#[test]
fn emails_are_told_from_usernames() {
    assert!(is_email("ann.lee@example.co.uk"));
    for not in [
        "ann",
        "ann@",
        "@example.com",
        "ann@localhost",
        "a b@example.com",
        "a@b@c.com",
        "ann@example.",
    ] {
        assert!(!is_email(not), "{not}");
    }
}

#[test]
fn audience_case_difference_is_named() {
    let verdict = audience(&["knowbe4".to_owned()], "KnowBe4");
    assert_eq!(verdict.status, VerdictStatus::Fail);
    assert!(verdict.message.contains("letter case"));
    assert_eq!(
        audience(&["KnowBe4".to_owned()], "KnowBe4").status,
        VerdictStatus::Pass
    );
}

#[test]
fn unknown_expectations_skip_instead_of_passing() {
    let expectations = Expectations::default();
    assert_eq!(
        acs(
            CheckKind::Destination,
            Some("https://x"),
            &expectations,
            false
        )
        .status,
        VerdictStatus::Skipped
    );
    let fields = ResponseFields::default();
    assert_eq!(
        issuer(&fields, &AssertionFields::default(), None).status,
        VerdictStatus::Skipped
    );
}

#[test]
fn an_expected_acs_that_is_not_the_callback_fails() {
    let expectations = Expectations {
        acs_url: Some("https://training.knowbe4.com/auth/saml/abc123/".to_owned()),
        ..Expectations::default()
    };
    let verdict = acs(
        CheckKind::Recipient,
        Some("https://training.knowbe4.com/auth/saml/abc123/"),
        &expectations,
        true,
    );
    assert_eq!(verdict.status, VerdictStatus::Fail);
    assert!(
        verdict.message.contains("does not end in /callback"),
        "{}",
        verdict.message
    );
}

#[test]
fn verdicts_name_the_setup_value_and_never_knowbe4_internals() {
    let expectations = Expectations {
        acs_url: Some("https://eu.knowbe4.com/auth/saml/abc123/callback".to_owned()),
        ..Expectations::default()
    };
    let passed = acs(
        CheckKind::Destination,
        Some("https://eu.knowbe4.com/auth/saml/abc123/callback"),
        &expectations,
        false,
    );
    assert!(
        passed.message.contains("matches the setup"),
        "{}",
        passed.message
    );
    let failed = audience(&["other".to_owned()], "KnowBe4");
    assert!(
        failed
            .message
            .contains("does not match the setup's SP Entity ID \"KnowBe4\"")
    );
    assert!(headline(std::slice::from_ref(&passed)).starts_with("The response matches the setup"));
    assert!(headline(&[passed, failed]).contains("does not match the setup: 1 check fails"));
}
