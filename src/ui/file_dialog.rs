//! The system file dialog, and what the window offers when there is none. On a desktop without
//! the XDG desktop portal (and without zenity, rfd's fallback) the dialog returns nothing at
//! once: the window says so beside the button and offers a path field, besides drop and paste.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Ui, Widget as _};

use super::theme;
use crate::ui::fields;

/// A dialog that answered "nothing chosen" faster than this never showed: nobody cancels a
/// file dialog within half a second of it opening.
pub const NO_DIALOG_WITHIN: Duration = Duration::from_millis(500);

/// What the dialog gave back, and how long it was open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub path: Option<PathBuf>,
    pub open_for: Duration,
}

impl Picked {
    /// True when no dialog appeared: nothing came back, and at once.
    pub fn never_showed(&self) -> bool {
        self.path.is_none() && self.open_for < NO_DIALOG_WITHIN
    }
}

/// Runs a blocking dialog (on a background thread) and times it.
pub fn timed(dialog: impl FnOnce() -> Option<PathBuf>) -> Picked {
    let started = Instant::now();
    let path = dialog();
    Picked {
        path,
        open_for: started.elapsed(),
    }
}

/// The system's "open" dialog, blocking (call it on a background thread) and timed: `title`,
/// the files offered first (`kind` with its `extensions`), then "All files".
pub fn pick_file(title: &str, kind: &str, extensions: &[&str]) -> Picked {
    timed(|| {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(kind, extensions)
            .add_filter("All files", &["*"])
            .pick_file()
    })
}

/// The system's "save" dialog, blocking and timed: `title`, the suggested `file_name` and
/// the one file type it saves (`kind` with its `extensions`).
pub fn save_file(title: &str, file_name: &str, kind: &str, extensions: &[&str]) -> Picked {
    timed(|| {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(kind, extensions)
            .save_file()
    })
}

/// The sentence shown beside a file button when no dialog could open.
pub fn no_dialog_message(alternatives: &str) -> String {
    format!(
        "No file dialog could open on this desktop (it needs the XDG desktop portal, or zenity). \
         {alternatives}"
    )
}

/// A path typed by hand, for when no dialog can open: a field and a button (Enter works too).
#[derive(Debug, Default)]
pub struct PathEntry {
    pub typed: String,
}

impl PathEntry {
    /// Draws the field; returns the path when the operator asks to use it.
    pub fn show(&mut self, ui: &mut Ui, label: &str, action: &str) -> Option<PathBuf> {
        let mut chosen = false;
        ui.horizontal_top(|ui| {
            let label = fields::field_label(ui, label);
            let field = egui::TextEdit::singleline(&mut self.typed)
                .hint_text("/home/you/Downloads/file")
                .desired_width((ui.available_width() - 110.0).max(120.0))
                .ui(ui)
                .labelled_by(label.id);
            let entered =
                field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            let has_text = !self.typed.trim().is_empty();
            let clicked = ui
                .add_enabled(has_text, egui::Button::new(action))
                .clicked();
            chosen = has_text && (clicked || entered);
        });
        chosen.then(|| PathBuf::from(self.typed.trim()))
    }
}

/// The no-dialog note and the path field under a file button, once a dialog failed to open.
pub fn fallback(
    ui: &mut Ui,
    entry: &mut PathEntry,
    alternatives: &str,
    action: &str,
) -> Option<PathBuf> {
    theme::message(ui, &no_dialog_message(alternatives), true);
    entry.show(ui, "File path", action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_at_once_means_no_dialog_showed() {
        let quick = Picked {
            path: None,
            open_for: Duration::from_millis(20),
        };
        assert!(quick.never_showed());
        let cancelled = Picked {
            path: None,
            open_for: Duration::from_secs(4),
        };
        assert!(!cancelled.never_showed());
        let chosen = Picked {
            path: Some(PathBuf::from("/tmp/a.pem")),
            open_for: Duration::from_millis(20),
        };
        assert!(!chosen.never_showed());
    }

    #[test]
    fn a_dialog_that_returns_at_once_is_timed_as_such() {
        assert!(timed(|| None).never_showed());
    }
}
