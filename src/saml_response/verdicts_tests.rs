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
    assert_eq!(verdict.status, Verdict::Fail);
    assert!(verdict.message.contains("letter case"));
    assert_eq!(
        audience(&["KnowBe4".to_owned()], "KnowBe4").status,
        Verdict::Pass
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
        Verdict::Skip
    );
    let fields = ResponseFields::default();
    assert_eq!(
        issuer(&fields, &AssertionFields::default(), None).status,
        Verdict::Skip
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
    assert_eq!(verdict.status, Verdict::Fail);
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

#[test]
fn fixes_use_jumpclouds_own_labels_or_the_api_key() {
    // "SP Entity ID" and "SAMLSubject NameID" are labels of JumpCloud's "SSO Application
    // Connector Fields" article; no source names the signing control's label.
    assert!(
        audience(&[], "KnowBe4")
            .fix
            .is_some_and(|f| f.contains("set SP Entity ID to KnowBe4"))
    );
    let name_id_fix = name_id(&AssertionFields::default()).fix.unwrap_or_default();
    assert!(name_id_fix.contains("SAMLSubject NameID"), "{name_id_fix}");
    assert!(name_id_fix.contains("or an alias"), "{name_id_fix}");
    let signed = assertion_signed(SignedParts::Response)
        .fix
        .unwrap_or_default();
    assert!(signed.contains("signAssertion"), "{signed}");
    assert!(!signed.contains("set Sign to"), "{signed}");
}

#[test]
fn an_encrypted_assertion_names_no_invented_switch() {
    let fields = ResponseFields {
        encrypted_assertion: true,
        ..ResponseFields::default()
    };
    let fix = single_assertion(&fields).fix.unwrap_or_default();
    assert!(fix.contains("not documented"), "{fix}");
    assert!(!fix.contains("turn off assertion encryption"), "{fix}");
}

#[test]
fn a_refused_sign_in_points_to_the_bound_user_groups() {
    let fields = ResponseFields {
        status_code: Some("urn:oasis:names:tc:SAML:2.0:status:Responder".to_owned()),
        ..ResponseFields::default()
    };
    let fix = status(&fields).fix.unwrap_or_default();
    assert!(
        fix.contains("user group bound to the KnowBe4 application"),
        "{fix}"
    );
    assert!(!fix.contains("directly"), "{fix}");
}

#[test]
fn a_nameid_that_is_no_email_asks_for_the_email_or_an_alias() {
    let assertion = AssertionFields {
        name_id: Some("ann".to_owned()),
        ..AssertionFields::default()
    };
    let message = name_id(&assertion).message;
    assert!(
        message.contains("the user's email (or an alias)"),
        "{message}"
    );
}
