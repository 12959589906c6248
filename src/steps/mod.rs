//! The setup procedure as data: every step of the vendor article, its group, its guidance
//! and its ticks, and how a step's status follows from what the operator has done.
//! The UI draws this; it holds no wording of its own.

pub mod attention;
mod catalog;
mod catalog_scim;
mod catalog_sso;
pub mod consistency;
pub mod knowbe4_sync;
mod status;
mod step_content;

pub use catalog::{ConsoleLink, StepContent, Tick, content};
pub use status::{StepStatus, step_status};

pub use crate::step_id::{StepGroup, StepId};

/// A step's title comes from its content, so the wording stays in the catalogue.
impl StepId {
    /// Short title, as shown in the step list and as the step's heading.
    pub fn title(self) -> &'static str {
        content(self).title
    }
}
