//! How a subcommand ends: every subcommand returns an [`Outcome`] to [`super::run`], which
//! prints a [`Failure`] as one `error: ` message on standard error and turns the outcome into
//! the exit code. Notes and warnings that are not errors go through [`note`] and [`warning`].
//!
//! Exit codes are a contract: 0 success, 1 a check ran and failed, 2 bad input or usage.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use super::{EXIT_FAILED, EXIT_INPUT, EXIT_OK};

/// What starts every error line on standard error.
pub const ERROR_PREFIX: &str = "error: ";
/// What starts a note: something the operator should know, not an error.
pub const NOTE_PREFIX: &str = "note: ";
/// What starts a warning: the run goes on, but something may not be what was meant.
pub const WARNING_PREFIX: &str = "warning: ";

/// Why a subcommand stopped, which picks its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// Bad input or usage, or a missing prerequisite (no keychain, no token): exit 2.
    Input,
    /// The work started and failed (a server gave no usable answer, a worker stopped): exit 1.
    Failed,
}

impl FailureKind {
    pub fn exit_code(self) -> u8 {
        match self {
            FailureKind::Input => EXIT_INPUT,
            FailureKind::Failed => EXIT_FAILED,
        }
    }
}

/// An error for the operator: the message, written for them, and its kind.
/// The message must never hold a secret; it is printed as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    kind: FailureKind,
    message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
        }
    }

    /// Bad input or usage: exit 2.
    pub fn input(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Input, message)
    }

    /// The work ran and failed: exit 1.
    pub fn failed(message: impl Into<String>) -> Self {
        Failure::new(FailureKind::Failed, message)
    }

    pub fn kind(&self) -> FailureKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How a subcommand that ran to its end finished; what it found is already on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// Nothing to act on: exit 0.
    Clean,
    /// A check failed or something needs action: exit 1.
    ProblemsFound,
    /// The input was read only in part; what was read is reported: exit 2 (`preflight`).
    InputIncomplete,
}

impl Finished {
    /// [`Finished::ProblemsFound`] when `problems`, else [`Finished::Clean`].
    pub fn problems_if(problems: bool) -> Self {
        if problems {
            Finished::ProblemsFound
        } else {
            Finished::Clean
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            Finished::Clean => EXIT_OK,
            Finished::ProblemsFound => EXIT_FAILED,
            Finished::InputIncomplete => EXIT_INPUT,
        }
    }
}

/// What every subcommand returns to [`super::run`].
pub type Outcome = Result<Finished, Failure>;

/// Writes the failure, if any, to `err` as `error: MESSAGE` and returns the exit code.
/// A write error (a closed stderr) cannot be reported anywhere and is ignored.
pub fn report_to(outcome: &Outcome, err: &mut dyn Write) -> u8 {
    match outcome {
        Ok(finished) => finished.exit_code(),
        Err(failure) => {
            let _ = writeln!(err, "{ERROR_PREFIX}{}", failure.message);
            failure.exit_code()
        }
    }
}

/// Prints the failure, if any, on the process's standard error and gives the exit code.
pub fn report(outcome: &Outcome) -> ExitCode {
    ExitCode::from(report_to(outcome, &mut std::io::stderr().lock()))
}

/// Writes `text` to `err` as `note: TEXT`.
pub fn note_to(err: &mut dyn Write, text: &str) {
    let _ = writeln!(err, "{NOTE_PREFIX}{text}");
}

/// Prints `text` on standard error as `note: TEXT`.
pub fn note(text: &str) {
    note_to(&mut std::io::stderr().lock(), text);
}

/// Writes `text` to `err` as `warning: TEXT`.
pub fn warning_to(err: &mut dyn Write, text: &str) {
    let _ = writeln!(err, "{WARNING_PREFIX}{text}");
}

/// Prints `text` on standard error as `warning: TEXT`.
pub fn warning(text: &str) {
    warning_to(&mut std::io::stderr().lock(), text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(outcome: &Outcome) -> (u8, String) {
        let mut err = Vec::new();
        let code = report_to(outcome, &mut err);
        (code, String::from_utf8(err).unwrap())
    }

    #[test]
    fn a_finished_run_prints_nothing_and_maps_to_its_exit_code() {
        for (finished, code) in [
            (Finished::Clean, EXIT_OK),
            (Finished::ProblemsFound, EXIT_FAILED),
            (Finished::InputIncomplete, EXIT_INPUT),
        ] {
            assert_eq!(printed(&Ok(finished)), (code, String::new()));
        }
        assert_eq!(Finished::problems_if(true), Finished::ProblemsFound);
        assert_eq!(Finished::problems_if(false), Finished::Clean);
    }

    #[test]
    fn bad_input_is_one_error_line_and_exit_2() {
        let (code, err) = printed(&Err(Failure::input("the file is empty")));
        assert_eq!(code, 2);
        assert_eq!(err, "error: the file is empty\n");
    }

    #[test]
    fn a_failed_run_is_one_error_line_and_exit_1() {
        let failure = Failure::failed("the server did not answer");
        assert_eq!(failure.kind(), FailureKind::Failed);
        assert_eq!(failure.to_string(), "the server did not answer");
        let (code, err) = printed(&Err(failure));
        assert_eq!(code, 1);
        assert_eq!(err, "error: the server did not answer\n");
    }

    #[test]
    fn the_exit_codes_are_the_contract() {
        assert_eq!((EXIT_OK, EXIT_FAILED, EXIT_INPUT), (0, 1, 2));
        assert_eq!(FailureKind::Input.exit_code(), EXIT_INPUT);
        assert_eq!(FailureKind::Failed.exit_code(), EXIT_FAILED);
        assert_eq!(Failure::new(FailureKind::Input, "x").exit_code(), 2);
    }

    #[test]
    fn notes_and_warnings_have_their_own_prefix() {
        let mut err = Vec::new();
        note_to(&mut err, "one");
        warning_to(&mut err, "two");
        assert_eq!(String::from_utf8(err).unwrap(), "note: one\nwarning: two\n");
    }
}
