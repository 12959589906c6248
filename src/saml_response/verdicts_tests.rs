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
