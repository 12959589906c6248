//! Opening a web page in the operator's browser, on a background thread, with the outcome kept:
//! when no browser opens, the step says so and keeps the address on screen with a Copy button.

use std::sync::Arc;

use super::background::{Poll, Task, take_finished};

/// Opens a URL; `Err` says why no browser opened. Tests put a launcher of their own here.
pub type Launch = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// The system's browser, as `webbrowser` finds it (BROWSER, xdg-open, ...).
pub fn system_browser() -> Launch {
    Arc::new(|url: &str| webbrowser::open(url).map_err(|error| error.to_string()))
}

/// What became of the last page the operator asked to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Opening,
    Opened,
    Failed(String),
}

pub struct Browser {
    launch: Launch,
    pending: Option<Task<Result<(), String>>>,
    /// The address asked for last, and what became of it.
    pub last: Option<(String, Opened)>,
}

impl Default for Browser {
    fn default() -> Self {
        Browser::with_launcher(system_browser())
    }
}

impl Browser {
    pub fn with_launcher(launch: Launch) -> Browser {
        Browser {
            launch,
            pending: None,
            last: None,
        }
    }

    /// Opens `url` in the background; the outcome arrives through [`Self::poll`].
    pub fn open(&mut self, ctx: &egui::Context, url: &str) {
        let launch = self.launch.clone();
        let target = url.to_owned();
        tracing::info!("opening a console page in the browser");
        self.pending = Some(Task::spawn(ctx, move || launch(&target)));
        self.last = Some((url.to_owned(), Opened::Opening));
    }

    pub fn poll(&mut self) {
        let outcome = match take_finished(&mut self.pending) {
            Some(Poll::Done(Ok(()))) => Opened::Opened,
            Some(Poll::Done(Err(error))) => Opened::Failed(error),
            Some(Poll::Vanished) => Opened::Failed("the browser launcher stopped".to_owned()),
            Some(Poll::Running) | None => return,
        };
        if let Some((_, state)) = &mut self.last {
            if let Opened::Failed(error) = &outcome {
                tracing::warn!("no browser opened: {error}");
            }
            *state = outcome;
        }
    }
}
