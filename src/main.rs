// On Windows a double-clicked app must not open a console window.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use kb4_setup::cli::failure::{self, Failure};
use kb4_setup::cli::{self, Cli};
use kb4_setup::paths::AppPaths;
use kb4_setup::{logging, ui};

fn main() -> ExitCode {
    // First, while the process has one thread: the only time the local offset can be read.
    kb4_setup::local_time::capture_local_offset();
    // Before parsing: clap prints --help and --version from inside `parse()`.
    #[cfg(windows)]
    if std::env::args_os().len() > 1 {
        windows_console::attach_to_parent();
    }
    let args = Cli::parse();
    let Some(paths) = AppPaths::from_os() else {
        return failure::report(&Err(Failure::input(
            "the system gives no home folder, so there is nowhere to keep settings and logs. Set \
             HOME and try again.",
        )));
    };
    if let Err(problem) = logging::init(&paths.log_file(), args.verbose) {
        failure::warning(&format!("running without a log file: {problem}"));
    }
    match args.command {
        Some(command) => cli::run(command),
        None => {
            let options = ui::AppOptions {
                quit_after_first_frame: args.quit_after_first_frame,
                fixed_now: None,
                fixed_version: None,
                bench_frames: args.bench_frames.map(std::time::Duration::from_secs),
            };
            let outcome = ui::run_window(paths, options)
                .map(|()| failure::Finished::Clean)
                .map_err(|problem| Failure::failed(problem.to_string()));
            failure::report(&outcome)
        }
    }
}

/// The Windows build is a GUI-subsystem program, so Windows gives it no console. Started from
/// a terminal with arguments (a subcommand, `--help`, `--version`), it attaches to that
/// terminal's console so what it prints appears there.
#[cfg(windows)]
mod windows_console {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};

    pub fn attach_to_parent() {
        // SAFETY: AttachConsole takes a process id by value and touches no memory of ours. It
        // fails when the parent has no console (started from Explorer) or output is already
        // redirected; both are fine, so the result is ignored.
        let _ = unsafe { AttachConsole(ATTACH_PARENT_PROCESS) };
    }
}
