//! Verifying the chosen application's SAML settings: the key is read, then the application
//! and its metadata.xml are read on a background thread and compared with the setup values of
//! the moment the operator clicked. The result remembers those values, so it is marked out of
//! date as soon as the setup changes.

use time::OffsetDateTime;

use crate::jumpcloud::verify::{Expected, Verification};
use crate::jumpcloud::verify_run::verify_application_blocking;
use crate::jumpcloud::{JumpCloudError, JumpCloudSettings};
use crate::settings::SetupValues;
use crate::ui::background::{Poll, Task, take_finished};
use crate::ui::jumpcloud::key_vault::KeyVault;
use crate::ui::jumpcloud::keyed_start::KeyedStart;

/// A finished verification and what it was compared with.
#[derive(Debug, Clone)]
pub struct Verified {
    pub verification: Verification,
    pub expected: Expected,
    /// The application id it read.
    pub application_id: String,
}

/// What a requested verification needs once the key is read.
struct Request {
    start: KeyedStart,
    application_id: String,
    expected: Expected,
    now: OffsetDateTime,
}

type Outcome = (Result<Verification, JumpCloudError>, Expected, String);

#[derive(Default)]
pub struct VerificationRun {
    request: Option<Request>,
    task: Option<Task<Outcome>>,
    pub last: Option<Verified>,
    /// Why the last verification gave no findings, in the operator's words.
    pub problem: Option<String>,
}

impl VerificationRun {
    pub fn running(&self) -> bool {
        self.request.is_some() || self.task.is_some()
    }

    /// Starts a verification of the chosen application against `expected`, judged at `now`.
    pub fn request(&mut self, values: &SetupValues, expected: Expected, now: OffsetDateTime) {
        if self.running() {
            return;
        }
        self.problem = None;
        let Some(application_id) = values.jumpcloud.application_id().map(str::to_owned) else {
            self.problem = Some("Choose the KnowBe4 application first.".to_owned());
            return;
        };
        match KeyedStart::new(values) {
            Ok(start) => {
                self.request = Some(Request {
                    start,
                    application_id,
                    expected,
                    now,
                })
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// Moves a requested verification along and takes its result when it ends.
    pub fn advance(&mut self, ctx: &egui::Context, vault: &mut KeyVault) {
        if let Some(request) = self.request.as_mut()
            && let Some(client) = request.start.advance(ctx, vault)
            && let Some(request) = self.request.take()
        {
            match client {
                Ok(client) => {
                    let Request {
                        application_id,
                        expected,
                        now,
                        ..
                    } = request;
                    self.task = Some(Task::spawn(ctx, move || {
                        let result =
                            verify_application_blocking(&client, &application_id, &expected, now);
                        (result, expected, application_id)
                    }));
                }
                Err(problem) => self.problem = Some(problem),
            }
        }
        match take_finished(&mut self.task) {
            Some(Poll::Done((Ok(verification), expected, application_id))) => {
                tracing::info!(
                    "JumpCloud verification: {} findings",
                    verification.findings.len()
                );
                self.last = Some(Verified {
                    verification,
                    expected,
                    application_id,
                });
            }
            Some(Poll::Done((Err(error), _, _))) => self.problem = Some(error.to_string()),
            Some(Poll::Vanished) => {
                self.problem = Some("The verification stopped unexpectedly. Try again.".to_owned())
            }
            Some(Poll::Running) | None => {}
        }
    }

    /// Why the last result no longer describes the setup, if it does not.
    pub fn staleness(
        &self,
        now_expected: &Expected,
        settings: &JumpCloudSettings,
    ) -> Option<&'static str> {
        let last = self.last.as_ref()?;
        if settings.application_id() != Some(last.application_id.as_str()) {
            Some("These results are for another application: verify again.")
        } else if &last.expected != now_expected {
            Some("The setup values changed since these results: verify again.")
        } else {
            None
        }
    }
}
