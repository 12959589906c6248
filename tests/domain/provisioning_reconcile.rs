//! Reconciliation on generated data with known answers, through a real loopback server.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use kb4_setup::provisioning::job::reconcile_tenant;
use kb4_setup::provisioning::paging::{PagingConfig, PagingProgress};
use kb4_setup::provisioning::reconcile::{ConflictKind, ReconcileReport, Reconciler};
use kb4_setup::provisioning::tenant_user::TenantUser;
use kb4_setup::provisioning::users_csv::read_users_csv;
use paging_server::{PagingServer, Quirks, ServedUser};
use proptest::prelude::*;
use secrecy::SecretString;

use crate::support::paging_server;

/// What person `i` is on each side; the expected list follows from `i % 10` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    OnlyKnowbe4,
    OnlyJumpcloud,
    NameConflict,
    UserNameConflict,
    EmailConflict,
    Matched,
}

fn case_of(i: usize) -> Case {
    match i % 10 {
        0 => Case::OnlyKnowbe4,
        1 => Case::OnlyJumpcloud,
        2 => Case::NameConflict,
        3 => Case::UserNameConflict,
        4 => Case::EmailConflict,
        _ => Case::Matched,
    }
}

fn tenant_side(i: usize) -> Option<ServedUser> {
    let base = ServedUser::numbered(i);
    match case_of(i) {
        Case::OnlyJumpcloud => None,
        Case::NameConflict => Some(ServedUser {
            given_name: "Someone".into(),
            ..base
        }),
        Case::UserNameConflict => Some(ServedUser {
            user_name: base.email.clone(),
            ..base
        }),
        Case::EmailConflict => Some(ServedUser {
            email: format!("user{i}@old.example"),
            ..base
        }),
        // Case differences must not matter.
        Case::Matched if i % 20 == 5 => Some(ServedUser {
            email: base.email.to_uppercase(),
            ..base
        }),
        _ => Some(base),
    }
}

/// The JumpCloud export as bytes, with a BOM and CRLF like a Windows export.
fn jumpcloud_csv(n: usize) -> Vec<u8> {
    let mut text =
        String::from("\u{feff}Company Email,Last Name,Username,First Name,Department\r\n");
    for i in (0..n).filter(|i| case_of(*i) != Case::OnlyKnowbe4) {
        let u = ServedUser::numbered(i);
        text.push_str(&format!(
            "{},{},{},{},\"R&D, Lab {i}\"\r\n",
            u.email, u.family_name, u.user_name, u.given_name
        ));
    }
    text.into_bytes()
}

fn expected(n: usize, case: Case) -> usize {
    (0..n).filter(|i| case_of(*i) == case).count()
}

fn reconcile(n: usize, quirks: Quirks, page_size: u32) -> ReconcileReport {
    let served: Vec<ServedUser> = (0..n).filter_map(tenant_side).collect();
    let server = PagingServer::start(&served, quirks);
    let csv = read_users_csv(&jumpcloud_csv(n)[..]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(csv.read_error, None);
    let mut config = PagingConfig {
        page_size,
        ..PagingConfig::new(server.tenant_url())
    };
    config.http.timeout = Duration::from_secs(10);
    let token = SecretString::from("generated-test-token".to_owned());
    reconcile_tenant(
        &config,
        &token,
        csv.users,
        &AtomicBool::new(false),
        &PagingProgress::default(),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn assert_known_answers(report: &ReconcileReport, n: usize) {
    let s = report.summary;
    assert_eq!(s.only_in_knowbe4, expected(n, Case::OnlyKnowbe4));
    assert_eq!(s.only_in_jumpcloud, expected(n, Case::OnlyJumpcloud));
    assert_eq!(s.matched, expected(n, Case::Matched));
    let conflicts = expected(n, Case::NameConflict)
        + expected(n, Case::UserNameConflict)
        + expected(n, Case::EmailConflict);
    assert_eq!(s.conflicts, conflicts);
    let only_kb4: HashSet<String> = report
        .only_in_knowbe4
        .iter()
        .map(|u| u.id.clone())
        .collect();
    let want: HashSet<String> = (0..n)
        .filter(|i| case_of(*i) == Case::OnlyKnowbe4)
        .map(|i| ServedUser::numbered(i).id)
        .collect();
    assert_eq!(only_kb4, want);
    for conflict in &report.conflicts {
        let i: usize = conflict
            .knowbe4
            .id
            .trim_start_matches("kb4-")
            .parse()
            .unwrap_or(usize::MAX);
        let want = match case_of(i) {
            Case::NameConflict => ConflictKind::NameDiffers,
            Case::UserNameConflict => ConflictKind::UserNameDiffers,
            Case::EmailConflict => ConflictKind::EmailDiffers,
            other => panic!("user {i} ({other:?}) should not conflict"),
        };
        assert_eq!(conflict.kind, want, "user {i}");
        assert_eq!(conflict.jumpcloud.username, format!("user{i}"));
    }
}

#[test]
fn generated_tenant_gives_the_known_answers() {
    let report = reconcile(2_000, Quirks::default(), 100);
    assert_known_answers(&report, 2_000);
    assert!(report.is_complete());
    assert_eq!(report.summary.duplicate_rows_skipped, 0);
}

#[test]
fn quirky_server_gives_the_same_answers() {
    let quirks = Quirks {
        cap: Some(33),
        echo_items_per_page: true,
        rows_past_end: true,
        repeat_previous_once_at: Some(100),
        ..Quirks::default()
    };
    let report = reconcile(1_000, quirks, 100);
    assert_known_answers(&report, 1_000);
    assert!(
        report.summary.duplicate_rows_skipped > 0,
        "the wrapped rows are dropped, not counted twice"
    );
}

fn tenant(i: usize) -> TenantUser {
    TenantUser {
        id: format!("id{i}"),
        user_name: format!("u{i}"),
        email: format!("u{i}@example.com"),
        given_name: "G".into(),
        family_name: "F".into(),
        active: true,
    }
}

proptest! {
    /// Whatever the overlap and page size, the lists partition both sides.
    #[test]
    fn lists_partition_both_sides(
        sides in proptest::collection::vec(0u8..3, 1..300),
        page in 1usize..50,
    ) {
        // 0: KnowBe4 only, 1: JumpCloud only, 2: both.
        let rows = sides.iter().enumerate().filter(|(_, s)| **s != 0).map(|(i, _)| {
            let t = tenant(i);
            kb4_setup::provisioning::users_csv::CsvUser {
                line: i as u64 + 2, username: t.user_name, email: t.email, first_name: "G".into(), last_name: "F".into(),
            }
        }).collect();
        let users: Vec<TenantUser> = sides.iter().enumerate().filter(|(_, s)| **s != 1).map(|(i, _)| tenant(i)).collect();
        let mut reconciler = Reconciler::new(rows);
        for chunk in users.chunks(page) {
            reconciler.add_users(chunk);
        }
        let s = reconciler.finish(None).summary;
        prop_assert_eq!(s.only_in_knowbe4, sides.iter().filter(|s| **s == 0).count());
        prop_assert_eq!(s.only_in_jumpcloud, sides.iter().filter(|s| **s == 1).count());
        prop_assert_eq!(s.matched, sides.iter().filter(|s| **s == 2).count());
        prop_assert_eq!(s.conflicts, 0);
    }
}
