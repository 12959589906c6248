//! Logging to a file in the OS state directory. Nothing secret is ever passed to `tracing`:
//! tokens travel only inside secret types whose `Debug` prints a mask.

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Starts logging to `log_file`, at info level (debug with `verbose`). `RUST_LOG` overrides.
/// Logging is a convenience: if the file cannot be opened the app runs without it and says why.
pub fn init(log_file: &Path, verbose: bool) -> Result<(), String> {
    if let Some(folder) = log_file.parent() {
        fs::create_dir_all(folder)
            .map_err(|e| format!("could not create the log folder {}: {e}", folder.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_file)
        .map_err(|e| format!("could not open the log file {}: {e}", log_file.display()))?;
    let default_level = if verbose {
        "kb4_setup=debug,info"
    } else {
        "kb4_setup=info,warn"
    };
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init()
        .map_err(|e| format!("logging was already set up: {e}"))
}
