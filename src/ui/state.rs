//! What the window knows: the saved settings plus things that live only while it is open.

use crate::paths::AppPaths;
use crate::settings::Settings;
use crate::steps::{StepId, StepStatus, step_status};

/// State shared by every step. Steps read it, draw it and change it through plain calls.
pub struct AppState {
    pub settings: Settings,
    pub paths: AppPaths,
    /// Something to tell the operator at the top of the window (e.g. settings were reset).
    pub notice: Option<String>,
    /// The last failure to save settings, shown until a save works again.
    pub save_error: Option<String>,
}

impl AppState {
    pub fn new(settings: Settings, paths: AppPaths, notice: Option<String>) -> AppState {
        AppState {
            settings,
            paths,
            notice,
            save_error: None,
        }
    }

    /// Problems with what was entered on `step`, worded for the operator.
    pub fn attention(&self, step: StepId) -> Vec<String> {
        crate::steps::attention::settings_problems(step, &self.settings)
    }

    pub fn status(&self, step: StepId) -> StepStatus {
        step_status(step, &self.settings, &self.attention(step))
    }

    pub fn current_step(&self) -> StepId {
        self.settings.current_step
    }

    pub fn go_to(&mut self, step: StepId) {
        self.settings.current_step = step;
    }
}
