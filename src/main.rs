// On Windows a double-clicked app must not open a console window.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use kb4_setup::cli::{self, Cli};
use kb4_setup::paths::AppPaths;
use kb4_setup::{logging, ui};

fn main() -> ExitCode {
    let args = Cli::parse();
    let Some(paths) = AppPaths::from_os() else {
        eprintln!(
            "kb4-setup: the system gives no home folder, so there is nowhere to keep settings and logs. Set HOME and try again."
        );
        return ExitCode::from(cli::EXIT_INPUT);
    };
    if let Err(problem) = logging::init(&paths.log_file(), args.verbose) {
        eprintln!("kb4-setup: running without a log file: {problem}");
    }
    match args.command {
        Some(command) => cli::run(command),
        None => {
            let options = ui::AppOptions {
                quit_after_first_frame: args.quit_after_first_frame,
                fixed_now: None,
                fixed_version: None,
            };
            match ui::run_window(paths, options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(problem) => {
                    eprintln!("kb4-setup: {problem}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
