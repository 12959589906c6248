//! Problems that come from two saved things disagreeing: a KnowBe4 URL of another region than
//! the one chosen, and a check run that failed for the Tenant URL in use. Each disappears as
//! soon as what it is about is fixed, because it is worked out again from the settings.

use crate::scim::check_results::CheckReport;
use crate::scim::run_verdict::{self, Freshness};
use crate::settings::Settings;

/// The KnowBe4 URL the SAML ID came from is on another region's console than the one chosen.
pub fn region_mismatch(settings: &Settings) -> Option<String> {
    let url_region = settings.values.saml_url_region?;
    if url_region == settings.region || settings.values.saml_id.trim().is_empty() {
        return None;
    }
    Some(format!(
        "The KnowBe4 URL your SAML ID came from is on the {} console ({}), but your region is set \
         to {} ({}). Choose the region your KnowBe4 account is on, on the KnowBe4 region step.",
        url_region.code().to_uppercase(),
        url_region.host(),
        settings.region.code().to_uppercase(),
        settings.region.host(),
    ))
}

/// The saved check run, when it was for the Tenant URL entered now and the token has not
/// changed since: the only run a status or a report may speak of.
pub fn current_check(settings: &Settings) -> Option<&CheckReport> {
    let report = settings.last_check.as_ref()?;
    let freshness = run_verdict::freshness(
        report,
        &settings.values.tenant_url,
        token_changed_at(settings),
    );
    (freshness == Freshness::Current).then_some(report)
}

/// When the token of the Tenant URL entered now was last saved or removed, if ever.
pub fn token_changed_at(settings: &Settings) -> Option<&str> {
    let tenant = settings.values.tenant_url.url()?;
    settings
        .token_changed_at
        .get(tenant.normalized())
        .map(String::as_str)
}

/// The current check run failed: the Identity Management step needs attention until a run
/// passes (or the tenant or token changes, which makes the failed run out of date).
pub fn failed_check(settings: &Settings) -> Option<String> {
    let report = current_check(settings)?;
    if !report.has_failures() {
        return None;
    }
    let any_failed = report
        .results
        .iter()
        .any(|result| result.status == crate::verdict::Verdict::Fail);
    let advice = if any_failed {
        "Fix what the failed checks say, then run the checks again."
    } else {
        "Then run the checks again."
    };
    Some(format!(
        "The last connection check run: {} {advice}",
        run_verdict::verdict(report)
    ))
}

/// The fingerprint the operator says KnowBe4 holds is not the loaded certificate's (or is not
/// a fingerprint at all): SSO would fail, so the KnowBe4 SAML settings step needs attention.
pub fn fingerprint_mismatch(
    pasted: &str,
    certificate: Option<&crate::certificate::CertificateInfo>,
) -> Option<String> {
    if pasted.trim().is_empty() {
        return None;
    }
    let certificate = certificate?;
    let verdict = crate::saml::check_fingerprint(pasted, certificate);
    (!verdict.is_match()).then(|| verdict.message())
}

/// Every action of the SCIM token step is ticked, but the keychain says no token is stored for
/// the Tenant URL entered now (it changed, or the token was removed): not Done.
pub fn missing_token(settings: &Settings, stored: Option<bool>) -> Option<String> {
    let step = crate::steps::StepId::ScimToken;
    let all_ticked = crate::steps::content(step)
        .ticks
        .iter()
        .all(|tick| settings.is_ticked(step, tick.id));
    (all_ticked && stored == Some(false)).then(|| {
        "No SCIM token is stored for this Tenant URL. Paste the token KnowBe4 gave you for it \
         and save it, or generate a new one in KnowBe4."
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::scim::CheckId;
    use crate::scim::check_results::{CheckResult, RunOutcome};
    use crate::verdict::Verdict;

    const TENANT: &str = "https://training.knowbe4.com/scim/v2/A1b2";
    const OTHER: &str = "https://eu.knowbe4.com/scim/v2/Zz";

    fn with_url_region(chosen: Region, url_region: Region) -> Settings {
        let mut settings = Settings {
            region: chosen,
            ..Settings::default()
        };
        settings.values.saml_id = "Ab12Cd34Ef5".into();
        settings.values.saml_url_region = Some(url_region);
        settings
    }

    #[test]
    fn a_url_of_another_region_is_a_problem_until_the_region_is_fixed() {
        let mut settings = with_url_region(Region::Us, Region::Eu);
        let problem = region_mismatch(&settings).expect("a mismatch");
        assert!(problem.contains("on the EU console"), "{problem}");
        assert!(problem.contains("your region is set to US"), "{problem}");
        settings.region = Region::Eu;
        assert_eq!(region_mismatch(&settings), None);
    }

    #[test]
    fn no_url_or_no_saml_id_means_no_mismatch() {
        let mut settings = with_url_region(Region::Us, Region::Eu);
        settings.values.saml_url_region = None;
        assert_eq!(region_mismatch(&settings), None);
        let mut settings = with_url_region(Region::Us, Region::Eu);
        settings.values.saml_id.clear();
        assert_eq!(region_mismatch(&settings), None);
    }

    fn failed_run(tenant: &str) -> CheckReport {
        CheckReport {
            started_at: "2026-06-01T12:00:00Z".into(),
            finished_at: "2026-06-01T12:00:05Z".into(),
            tenant_url: tenant.into(),
            outcome: RunOutcome::Completed,
            results: vec![
                CheckResult::new(CheckId::Url, "A", Verdict::Pass, "ok"),
                CheckResult::new(CheckId::UsersList, "B", Verdict::Fail, "401"),
            ],
            leftovers: vec![],
        }
    }

    #[test]
    fn a_failed_run_for_this_tenant_needs_attention() {
        let mut settings = Settings::default();
        settings.values.tenant_url = TENANT.into();
        settings.last_check = Some(failed_run(TENANT));
        let problem = failed_check(&settings).expect("a failed run");
        assert!(problem.contains("1 of 2 checks failed"), "{problem}");
        settings.last_check.as_mut().unwrap().results.pop();
        assert_eq!(failed_check(&settings), None);
    }

    #[test]
    fn a_run_for_another_tenant_or_an_older_token_is_not_current() {
        let mut settings = Settings::default();
        settings.values.tenant_url = "https://eu.knowbe4.com/scim/v2/Zz".into();
        settings.last_check = Some(failed_run(TENANT));
        assert!(current_check(&settings).is_none());
        assert_eq!(failed_check(&settings), None);
        settings.values.tenant_url = TENANT.into();
        assert!(current_check(&settings).is_some());
        // Another tenant's token changing says nothing about this tenant's run.
        settings
            .token_changed_at
            .insert(OTHER.into(), "2026-06-02T08:00:00Z".into());
        assert!(current_check(&settings).is_some());
        settings
            .token_changed_at
            .insert(TENANT.into(), "2026-06-02T08:00:00Z".into());
        assert!(current_check(&settings).is_none());
    }

    #[test]
    fn a_done_token_step_without_a_stored_token_needs_attention() {
        let mut settings = Settings::default();
        let step = crate::steps::StepId::ScimToken;
        assert_eq!(missing_token(&settings, Some(false)), None);
        for tick in crate::steps::content(step).ticks {
            settings.set_ticked(step, tick.id, true);
        }
        assert!(missing_token(&settings, Some(false)).is_some());
        assert_eq!(missing_token(&settings, Some(true)), None);
        // Not known yet (the keychain has not answered): no claim either way.
        assert_eq!(missing_token(&settings, None), None);
    }
}
