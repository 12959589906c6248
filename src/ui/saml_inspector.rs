//! The SAML response inspector's window state: the pasted or loaded response, the file dialog
//! and the last inspection. The response is an identity assertion, so it lives only in memory
//! while the window is open and is never saved or logged.

use std::io::Read;
use std::path::Path;

use time::OffsetDateTime;

use super::background::{Poll, Task, take_finished};
use super::file_dialog::{self, Picked};
use crate::saml_response::{self, Expectations, Inspection};

/// What the last click on Inspect produced.
#[derive(Debug, Clone)]
pub enum InspectorResult {
    Inspected(Box<Inspection>),
    /// The input could not be decoded or parsed; the message says why.
    Unreadable(String),
}

#[derive(Default)]
pub struct SamlInspector {
    /// The response as pasted (any of the captured forms).
    pub input: String,
    /// Where the input came from, when it was loaded from a file.
    pub loaded_from: Option<String>,
    pub result: Option<InspectorResult>,
    /// A file that could not be read.
    pub file_problem: Option<String>,
    dialog: Option<Task<Picked>>,
    /// The inspection in progress, on its own thread: a hostile response may take a moment.
    running: Option<Task<InspectorResult>>,
}

impl SamlInspector {
    /// Starts inspecting the current input against `expectations` on a background thread
    /// (offline; nothing leaves the machine). [`SamlInspector::poll`] takes the result.
    pub fn inspect(
        &mut self,
        ctx: &egui::Context,
        expectations: Expectations,
        now: OffsetDateTime,
    ) {
        if self.running.is_some() {
            return;
        }
        let input = self.input.clone();
        self.running = Some(Task::spawn(ctx, move || {
            inspect_input(&input, &expectations, now)
        }));
    }

    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes the result of the inspection, if it has ended.
    pub fn poll(&mut self) {
        match take_finished(&mut self.running) {
            Some(Poll::Done(result)) => self.result = Some(result),
            Some(Poll::Vanished) => {
                self.result = Some(InspectorResult::Unreadable(
                    "The inspection stopped unexpectedly. The log has the details; please \
                     report it with the log attached (it never contains the response)."
                        .to_owned(),
                ));
            }
            Some(Poll::Running) | None => {}
        }
    }

    pub fn clear(&mut self) {
        self.input.clear();
        self.loaded_from = None;
        self.result = None;
        self.file_problem = None;
        self.running = None;
    }

    /// Reads a captured response from `path`, refusing files over the inspector's size cap.
    pub fn load_file(&mut self, path: &Path) {
        match read_capped(path) {
            Ok(text) => {
                self.input = text;
                self.loaded_from = Some(file_name(path));
                self.file_problem = None;
                self.result = None;
            }
            Err(problem) => self.file_problem = Some(problem),
        }
    }

    /// Opens the system file dialog on a background thread, so the window keeps painting.
    pub fn open_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        self.dialog = Some(Task::spawn(ctx, || {
            file_dialog::pick_file(
                "Choose a captured SAML response",
                "SAML responses",
                &["xml", "txt", "b64", "saml"],
            )
        }));
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Takes the file chosen in the dialog, if it has closed.
    pub fn poll_dialog(&mut self) {
        match take_finished(&mut self.dialog) {
            Some(Poll::Done(Picked {
                path: Some(path), ..
            })) => self.load_file(&path),
            Some(Poll::Done(picked)) if !picked.never_showed() => {}
            Some(Poll::Running) | None => {}
            Some(Poll::Done(_) | Poll::Vanished) => {
                self.file_problem = Some(file_dialog::no_dialog_message(
                    "Paste the response into the box instead.",
                ));
            }
        }
    }
}

/// Inspects `input` against `expectations` (offline; nothing leaves the machine).
pub fn inspect_input(
    input: &str,
    expectations: &Expectations,
    now: OffsetDateTime,
) -> InspectorResult {
    if input.trim().is_empty() {
        return InspectorResult::Unreadable(
            "Paste a SAMLResponse first, or load it from a file.".to_owned(),
        );
    }
    match saml_response::inspect(input.as_bytes(), expectations, now) {
        Ok(inspection) => InspectorResult::Inspected(Box::new(inspection)),
        Err(error) => InspectorResult::Unreadable(error.to_string()),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn read_capped(path: &Path) -> Result<String, String> {
    let shown = file_name(path);
    let limit = saml_response::decode::MAX_INPUT_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes))
        .map_err(|error| format!("{shown} could not be read: {error}"))?;
    if bytes.len() > limit {
        return Err(format!(
            "{shown} is larger than {} MiB; a SAML response is a few kilobytes. Check that this \
             is the captured SAMLResponse and not a whole browser log.",
            limit / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{shown} is not text. Save the SAMLResponse from the SAML tracer as text (base64 or \
             XML) and load that."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspected(input: &str) -> Option<InspectorResult> {
        let ctx = egui::Context::default();
        let mut inspector = SamlInspector {
            input: input.to_owned(),
            ..SamlInspector::default()
        };
        inspector.inspect(&ctx, Expectations::default(), OffsetDateTime::UNIX_EPOCH);
        assert!(inspector.running());
        for _ in 0..1000 {
            inspector.poll();
            if !inspector.running() {
                return inspector.result;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the inspection did not end");
    }

    #[test]
    fn empty_input_asks_for_a_response() {
        assert!(matches!(
            inspected("  \n"),
            Some(InspectorResult::Unreadable(ref m)) if m.contains("Paste a SAMLResponse")
        ));
    }

    #[test]
    fn garbage_is_unreadable_with_a_message() {
        assert!(matches!(
            inspected("not a saml response at all !!"),
            Some(InspectorResult::Unreadable(ref m)) if !m.is_empty()
        ));
    }

    #[test]
    fn binary_and_oversized_files_are_refused_and_keep_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("capture.bin");
        std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x80]).unwrap();
        let big = dir.path().join("browser.har");
        std::fs::write(&big, vec![b'a'; saml_response::decode::MAX_INPUT_BYTES + 1]).unwrap();
        let mut inspector = SamlInspector {
            input: "kept".to_owned(),
            ..SamlInspector::default()
        };
        inspector.load_file(&binary);
        assert!(
            inspector
                .file_problem
                .as_deref()
                .unwrap()
                .contains("not text")
        );
        inspector.load_file(&big);
        assert!(
            inspector
                .file_problem
                .as_deref()
                .unwrap()
                .contains("larger than")
        );
        inspector.load_file(&dir.path().join("missing.xml"));
        assert!(
            inspector
                .file_problem
                .as_deref()
                .unwrap()
                .contains("could not be read")
        );
        assert_eq!(inspector.input, "kept");
    }

    #[test]
    fn a_text_file_replaces_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("response.txt");
        std::fs::write(&path, "PHNhbWxwOlJlc3BvbnNlLz4=").unwrap();
        let mut inspector = SamlInspector::default();
        inspector.load_file(&path);
        assert_eq!(inspector.input, "PHNhbWxwOlJlc3BvbnNlLz4=");
        assert_eq!(inspector.loaded_from.as_deref(), Some("response.txt"));
        assert!(inspector.file_problem.is_none());
    }
}
