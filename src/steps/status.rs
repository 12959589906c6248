//! How a step's status follows from the operator's ticks and entered values.

use super::{StepId, content};
use crate::settings::{Settings, SetupValues};

/// What the step list shows beside each step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepStatus {
    NotStarted,
    InProgress,
    Done,
    /// Something entered on the step is wrong or has gone stale; the reason is shown on the step.
    NeedsAttention,
}

impl StepStatus {
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::NotStarted => "Not started",
            StepStatus::InProgress => "In progress",
            StepStatus::Done => "Done",
            StepStatus::NeedsAttention => "Needs attention",
        }
    }
}

/// The status of `step`, given everything saved so far. `attention` lists problems found on
/// the step's values by the domain checks (an invalid SAML ID, an expired certificate, ...).
pub fn step_status(step: StepId, settings: &Settings, attention: &[String]) -> StepStatus {
    if !attention.is_empty() {
        return StepStatus::NeedsAttention;
    }
    let ticks = content(step).ticks;
    let ticked = ticks
        .iter()
        .filter(|tick| settings.is_ticked(step, tick.id))
        .count();
    if ticked == ticks.len() {
        StepStatus::Done
    } else if ticked > 0 || has_values_for(&settings.values, step) {
        StepStatus::InProgress
    } else {
        StepStatus::NotStarted
    }
}

/// Whether the operator has entered anything that belongs to `step`.
fn has_values_for(values: &SetupValues, step: StepId) -> bool {
    match step {
        StepId::SamlId => !values.saml_id.trim().is_empty(),
        StepId::JumpCloudSso => !values.idp_url.trim().is_empty(),
        StepId::IdpCertificate => values.certificate_path.is_some(),
        StepId::KnowBe4Saml => values.saml_lockout != Default::default(),
        StepId::ScimToken => !values.tenant_url.is_blank(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_ticks() {
        let mut settings = Settings::default();
        let step = StepId::CreateApplication;
        assert_eq!(step_status(step, &settings, &[]), StepStatus::NotStarted);
        settings.set_ticked(step, "add_new", true);
        assert_eq!(step_status(step, &settings, &[]), StepStatus::InProgress);
        for tick in content(step).ticks {
            settings.set_ticked(step, tick.id, true);
        }
        assert_eq!(step_status(step, &settings, &[]), StepStatus::Done);
        settings.set_ticked(step, "saved", false);
        assert_eq!(step_status(step, &settings, &[]), StepStatus::InProgress);
    }

    #[test]
    fn an_entered_value_starts_a_step() {
        let mut settings = Settings::default();
        settings.values.saml_id = "abc123".into();
        assert_eq!(
            step_status(StepId::SamlId, &settings, &[]),
            StepStatus::InProgress
        );
    }

    #[test]
    fn attention_wins_over_done() {
        let mut settings = Settings::default();
        for tick in content(StepId::Region).ticks {
            settings.set_ticked(StepId::Region, tick.id, true);
        }
        let problems = vec!["wrong".to_owned()];
        assert_eq!(
            step_status(StepId::Region, &settings, &problems),
            StepStatus::NeedsAttention
        );
    }
}
