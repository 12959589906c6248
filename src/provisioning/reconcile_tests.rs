//! Unit tests of the matching rules, one small case each.

use super::*;

use std::borrow::Cow;

use crate::provisioning::key_index::key;
use crate::provisioning::tenant_user::test_user as tenant;
use crate::provisioning::users_csv::test_row as row;

fn rows() -> Vec<CsvUser> {
    vec![
        row(2, "ada", "ada@example.com", "Ada", "Lovelace"),
        row(3, "bob", "bob@example.com", "Bob", "Babbage"),
        row(4, "cy", "cy@example.com", "Cy", "Clark"),
        row(5, "di", "di@example.com", "Di", "Dee"),
    ]
}

fn kinds(report: &ReconcileReport) -> Vec<ConflictKind> {
    report.conflicts.iter().map(|c| c.kind).collect()
}

#[test]
fn match_is_case_insensitive_and_ignores_spaces() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[tenant("1", "ADA", " Ada@Example.COM", "ada", "LOVELACE")]);
    let report = r.finish(None);
    assert_eq!(report.summary.matched, 1);
    assert_eq!(report.summary.only_in_jumpcloud, 3);
    assert!(report.conflicts.is_empty());
}

#[test]
fn non_ascii_case_matches_both_ways() {
    let mut r = Reconciler::new(vec![row(2, "élodie", "ÉLODIE@exemple.fr", "Élodie", "Ré")]);
    r.add_users(&[tenant("1", "ÉLODIE", "élodie@exemple.fr", "élodie", "RÉ")]);
    let report = r.finish(None);
    assert_eq!(report.summary.matched, 1, "{:?}", report.conflicts);
    assert_eq!(key("  ÉLODIE "), "élodie");
    assert!(matches!(
        key("ada@example.com "),
        Cow::Borrowed("ada@example.com")
    ));
}

#[test]
fn unknown_tenant_user_is_only_in_knowbe4() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[tenant("9", "zed", "zed@example.com", "Zed", "Z")]);
    let report = r.finish(None);
    assert_eq!(report.only_in_knowbe4.len(), 1);
    assert_eq!(report.summary.only_in_jumpcloud, 4);
}

#[test]
fn each_conflict_kind() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[
        tenant("1", "ada", "ada@example.com", "Augusta", "Lovelace"),
        tenant("2", "bob@example.com", "bob@example.com", "Bob", "Babbage"),
        tenant("3", "cy", "cy@elsewhere.example", "Cy", "Clark"),
        tenant("4", "ada", "di@example.com", "Di", "Dee"),
    ]);
    let report = r.finish(None);
    assert_eq!(
        kinds(&report),
        vec![
            ConflictKind::NameDiffers,
            ConflictKind::UserNameDiffers,
            ConflictKind::EmailDiffers,
            ConflictKind::SplitMatch
        ]
    );
    assert_eq!(report.summary.matched, 0);
    assert_eq!(report.summary.only_in_jumpcloud, 0);
}

#[test]
fn conflicts_say_what_differs_and_what_may_happen_never_what_will() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[
        tenant("1", "ada", "ada@example.com", "Augusta", "Lovelace"),
        tenant("2", "bob@example.com", "bob@example.com", "Bob", "Babbage"),
        tenant("3", "cy", "cy@elsewhere.example", "Cy", "Clark"),
    ]);
    let report = r.finish(None);
    let details: Vec<&str> = report.conflicts.iter().map(|c| c.detail.as_str()).collect();
    assert!(details[0].contains("'Augusta Lovelace' and JumpCloud 'Ada Lovelace'"));
    assert!(details[1].contains("'bob@example.com' is not JumpCloud's username 'bob'"));
    assert!(details[2].contains("'cy@elsewhere.example' is not JumpCloud's 'cy@example.com'"));
    for detail in details {
        assert!(detail.contains(" may "), "{detail}");
        for claim in [
            "will overwrite",
            "will try",
            "will not find",
            "looks users up",
        ] {
            assert!(!detail.contains(claim), "{detail}");
        }
    }
    assert!(report.conflicts[1].detail.contains("not documented"));
}

#[test]
fn empty_knowbe4_name_is_not_a_conflict() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[tenant("1", "ada", "ada@example.com", "", "")]);
    assert_eq!(r.finish(None).summary.matched, 1);
}

#[test]
fn repeated_rows_are_counted_once() {
    let mut r = Reconciler::new(rows());
    let page = vec![
        tenant("1", "ada", "ada@example.com", "Ada", "Lovelace"),
        tenant("9", "zed", "z@x.example", "Z", "Z"),
    ];
    r.add_users(&page);
    r.add_users(&page);
    let report = r.finish(None);
    assert_eq!(
        (report.summary.matched, report.summary.only_in_knowbe4),
        (1, 1)
    );
    assert_eq!(report.summary.duplicate_rows_skipped, 2);
    assert_eq!(report.summary.knowbe4_users, 2);
}

#[test]
fn second_account_for_one_person_is_a_conflict() {
    let mut r = Reconciler::new(rows());
    r.add_users(&[
        tenant("1", "ada", "ada@example.com", "Ada", "Lovelace"),
        tenant("2", "ada", "ada@example.com", "Ada", "Lovelace"),
    ]);
    let report = r.finish(None);
    assert_eq!(kinds(&report), vec![ConflictKind::AlreadyMatched]);
    assert_eq!(report.summary.matched, 0);
}

#[test]
fn duplicate_rows_in_export_are_noted() {
    let mut data = rows();
    data.push(row(6, "ada2", "ADA@example.com", "Ada", "L"));
    let report = Reconciler::new(data).finish(None);
    assert_eq!(report.notes.len(), 1);
    assert_eq!(report.summary.only_in_jumpcloud, 5);
}

/// The email finds the second of two rows sharing a username; the username lookup finds
/// the first, so this is a split match, not a match, whatever shortcut the lookup takes.
#[test]
fn shadowed_username_is_still_looked_up() {
    let mut r = Reconciler::new(vec![
        row(2, "ada", "ada.old@example.com", "Ada", "Lovelace"),
        row(3, "Ada", "ada@example.com", "Ada", "Lovelace"),
    ]);
    r.add_users(&[tenant("1", "ada", "ada@example.com", "Ada", "Lovelace")]);
    let report = r.finish(None);
    assert_eq!(kinds(&report), vec![ConflictKind::SplitMatch]);
    assert_eq!(report.summary.matched, 0);
}

/// Each email or username that an earlier row already holds is counted once in the notes;
/// empty fields are not duplicates.
#[test]
fn shared_emails_and_usernames_are_counted_in_the_notes() {
    let r = Reconciler::new(vec![
        row(2, "ada", "ada@example.com", "Ada", "L"),
        row(3, "ADA", "other@example.com", "Ada", "L"),
        row(4, "bob", " Ada@Example.com", "Bob", "B"),
        row(5, "", "", "Nobody", "N"),
        row(6, "", "", "Nobody", "N"),
    ]);
    let report = r.finish(None);
    assert_eq!(
        report.notes,
        vec![
            "2 email(s) or username(s) appear on more than one JumpCloud row; run the pre-flight and fix them first"
                .to_owned()
        ]
    );
}
