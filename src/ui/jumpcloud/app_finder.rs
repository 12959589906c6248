//! Finding the KnowBe4 application: the organisation's applications are listed on a background
//! thread (v1, 100 a page, `sort=_id`), the KnowBe4-looking ones are offered, and the one the
//! operator picks (or the only one) is remembered by id in the settings.

use crate::jumpcloud::applications::{Application, Choice, candidates, choose, list_applications};
use crate::jumpcloud::{JumpCloudClient, JumpCloudError, JumpCloudSettings};
use crate::settings::SetupValues;
use crate::ui::background::{Poll, Task, take_finished};
use crate::ui::jumpcloud::key_vault::KeyVault;
use crate::ui::jumpcloud::keyed_start::KeyedStart;

/// What the last listing found.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The KnowBe4-looking applications, those with an ACS URL on a knowbe4.com host first.
    pub candidates: Vec<Application>,
    /// Every application read, for an operator whose KnowBe4 application looks like none.
    pub all: Vec<Application>,
    /// The API host (or URL) asked, to say where nothing was found.
    pub asked: String,
}

#[derive(Default)]
pub struct AppFinder {
    start: Option<KeyedStart>,
    task: Option<Task<Result<Vec<Application>, JumpCloudError>>>,
    /// Where the running listing asks.
    asking: String,
    pub listing: Option<Listing>,
    /// Why the last listing gave nothing, in the operator's words.
    pub problem: Option<String>,
    /// The operator asked to see every application, not only the KnowBe4-looking ones.
    pub show_all: bool,
}

impl AppFinder {
    pub fn running(&self) -> bool {
        self.start.is_some() || self.task.is_some()
    }

    /// Starts a listing with the settings of now; the key is read first.
    pub fn request(&mut self, values: &SetupValues) {
        if self.running() {
            return;
        }
        self.problem = None;
        match KeyedStart::new(values) {
            Ok(start) => {
                self.asking = values
                    .jumpcloud
                    .api_base()
                    .map(|base| base.as_str().to_owned())
                    .unwrap_or_default();
                self.start = Some(start);
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// Moves a requested listing along; once it ends, the choice is recorded in `settings`
    /// when there is exactly one KnowBe4-looking application.
    pub fn advance(
        &mut self,
        ctx: &egui::Context,
        vault: &mut KeyVault,
        settings: &mut JumpCloudSettings,
    ) {
        if let Some(start) = self.start.as_mut()
            && let Some(client) = start.advance(ctx, vault)
        {
            self.start = None;
            match client {
                Ok(client) => self.task = Some(Task::spawn(ctx, move || list(&client))),
                Err(problem) => self.problem = Some(problem),
            }
        }
        match take_finished(&mut self.task) {
            Some(Poll::Done(Ok(apps))) => self.found(apps, settings),
            Some(Poll::Done(Err(error))) => self.problem = Some(error.to_string()),
            Some(Poll::Vanished) => {
                self.problem =
                    Some("Listing the applications stopped unexpectedly. Try again.".to_owned())
            }
            Some(Poll::Running) | None => {}
        }
    }

    fn found(&mut self, apps: Vec<Application>, settings: &mut JumpCloudSettings) {
        tracing::info!("JumpCloud: {} applications listed", apps.len());
        self.show_all = false;
        if let Choice::One(app) = choose(apps.clone(), None) {
            remember(settings, &app);
        }
        self.listing = Some(Listing {
            candidates: candidates(apps.clone()),
            all: apps,
            asked: std::mem::take(&mut self.asking),
        });
    }
}

/// Remembers `app` as the KnowBe4 application (its id, and its label to name it).
pub fn remember(settings: &mut JumpCloudSettings, app: &Application) {
    settings.application_id = app.id.clone();
    settings.application_label = app.label.clone();
}

fn list(client: &JumpCloudClient) -> Result<Vec<Application>, JumpCloudError> {
    JumpCloudClient::block_on(list_applications(client))?
}
