//! A fixed, fully filled-in setup for the report tests: settings, a deterministic IdP
//! certificate, and the last check, pre-flight and reconciliation records.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kb4_setup::certificate::{CertificateInfo, load_bytes};
use kb4_setup::provisioning::preflight::ProblemKind;
use kb4_setup::provisioning::reconcile::ReconcileSummary;
use kb4_setup::provisioning::records::{PreflightRecord, ReconcileRecord};
use kb4_setup::provisioning::scope::{ComparisonScope, ScopeKind};
use kb4_setup::region::Region;
use kb4_setup::scim::CheckId;
use kb4_setup::scim::check_results::{CheckReport, CheckResult, Leftover, RunOutcome};
use kb4_setup::settings::Settings;
use kb4_setup::steps::{StepId, content};
use kb4_setup::verdict::Verdict;
use time::OffsetDateTime;
use time::macros::datetime;

use super::fixed_certs;

/// The moment every fixed report is made at.
pub const NOW: OffsetDateTime = datetime!(2026-03-15 09:30:00 UTC);

/// The version line golden files show, so they do not change with every commit.
pub const FIXED_VERSION: &str = "0.0.0-test (commit golden)";

pub fn certificate() -> CertificateInfo {
    let pem = fixed_certs::idp_certificate_pem(
        "report golden",
        datetime!(2026-01-01 00:00 UTC),
        datetime!(2028-01-01 00:00 UTC),
    );
    load_bytes(pem.as_bytes()).expect("the fixed certificate loads")
}

pub fn full_settings() -> Settings {
    let mut settings = Settings {
        current_step: StepId::TestMode,
        region: Region::De,
        ..Settings::default()
    };
    let values = &mut settings.values;
    values.saml_id = "Ab12Cd34Ef5".into();
    values.idp_url = "https://sso.jumpcloud.com/saml2/knowbe4".into();
    values.idp_entity_id = "JumpCloud-KnowBe4".into();
    values.certificate_path = Some(PathBuf::from("/home/operator/Downloads/certificate.pem"));
    values.tenant_url = "https://de.knowbe4.com/scim/v2/abc123".into();
    values.group_management = true;
    values.saml_lockout.admin_mfa_confirmed = true;
    for step in [
        StepId::Prerequisites,
        StepId::Region,
        StepId::CreateApplication,
        StepId::SamlId,
        StepId::JumpCloudSso,
        StepId::IdpCertificate,
        StepId::KnowBe4Saml,
    ] {
        for tick in content(step).ticks {
            settings.set_ticked(step, tick.id, true);
        }
    }
    settings.set_ticked(StepId::ValidateSso, "idp_initiated", true);
    settings.set_ticked(StepId::ScimToken, "generated", true);
    settings.last_check = Some(check_report());
    settings.last_preflight = Some(preflight_record());
    settings.last_reconcile = Some(reconcile_record());
    settings
}

pub fn check_report() -> CheckReport {
    let mut users = CheckResult::new(
        CheckId::UsersList,
        "List users",
        Verdict::Pass,
        "the tenant has 42 users",
    )
    .with_request("GET /scim/v2/abc123/Users?startIndex=1&count=1");
    users.http_status = Some(200);
    users.duration_ms = 120;
    let filter = CheckResult::new(
        CheckId::UsersFilter,
        "Filter an unknown user",
        Verdict::Warn,
        "404 instead of an empty list",
    )
    .with_hint("JumpCloud expects 200 with an empty ListResponse | ask KnowBe4 support.");
    CheckReport {
        started_at: "2026-03-15T09:10:00Z".into(),
        finished_at: "2026-03-15T09:10:04Z".into(),
        tenant_url: "https://de.knowbe4.com/scim/v2/abc123".into(),
        outcome: RunOutcome::Completed,
        results: vec![
            CheckResult::new(CheckId::Tls, "TLS", Verdict::Pass, "certificate trusted"),
            users,
            filter,
        ],
        leftovers: vec![Leftover {
            kind: "user".into(),
            id: Some("u-77".into()),
            name: "kb4-setup-test@example.com".into(),
        }],
    }
}

pub fn preflight_record() -> PreflightRecord {
    let mut counts: BTreeMap<ProblemKind, usize> =
        ProblemKind::ALL.iter().map(|kind| (*kind, 0)).collect();
    counts.insert(ProblemKind::MissingEmail, 2);
    counts.insert(ProblemKind::DuplicateEmail, 1);
    PreflightRecord {
        ran_at: "2026-03-14T16:00:00Z".into(),
        file_name: "jumpcloud_users.csv".into(),
        rows: 120,
        users_with_problems: 3,
        counts,
        read_error: None,
        usernames_not_email: 0,
    }
}

pub fn reconcile_record() -> ReconcileRecord {
    ReconcileRecord {
        ran_at: "2026-03-14T16:05:00Z".into(),
        tenant_url: "https://de.knowbe4.com/scim/v2/abc123".into(),
        file_name: "jumpcloud_users.csv".into(),
        summary: ReconcileSummary {
            only_in_knowbe4: 4,
            matched: 110,
            only_in_jumpcloud: 10,
            conflicts: 1,
            knowbe4_users: 115,
            jumpcloud_users: 120,
            duplicate_rows_skipped: 0,
        },
        complete: true,
        scope: Some(ComparisonScope {
            kind: ScopeKind::Members,
            description: "the members of the groups bound to the KnowBe4 application, as given \
                by the file knowbe4-members.csv: 120 of the export's 150 users; 2 given member(s) \
                are not in the export and could not be compared"
                .into(),
            export_rows: 150,
            compared_rows: 120,
            members_not_in_export: 2,
            ..ComparisonScope::default()
        }),
    }
}
