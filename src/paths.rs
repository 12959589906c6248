//! Where kb4-setup keeps its files: settings in the OS config directory, the log in the OS
//! state (or data) directory. Tests point all of them at a temporary folder.

use std::path::{Path, PathBuf};

/// The folders the app writes to. Nothing secret is ever written to any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub config_dir: PathBuf,
    pub log_dir: PathBuf,
    pub cache_dir: PathBuf,
    /// Files the app keeps for the operator, e.g. a copy of a pasted (public) certificate.
    pub data_dir: PathBuf,
}

impl AppPaths {
    /// The OS locations: `~/.config/kb4-setup`, `~/.local/state/kb4-setup` and
    /// `~/.cache/kb4-setup` on Linux (following XDG variables), the usual Application Support
    /// and AppData folders on macOS and Windows. `None` when the OS gives no home folder.
    pub fn from_os() -> Option<AppPaths> {
        let dirs = directories::ProjectDirs::from("", "", "kb4-setup")?;
        let log_dir = dirs
            .state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().join("logs"));
        Some(AppPaths {
            config_dir: dirs.config_dir().to_path_buf(),
            log_dir,
            cache_dir: dirs.cache_dir().to_path_buf(),
            data_dir: dirs.data_local_dir().to_path_buf(),
        })
    }

    /// Every folder under one root, for tests and portable use.
    pub fn under(root: &Path) -> AppPaths {
        AppPaths {
            config_dir: root.join("config"),
            log_dir: root.join("state"),
            cache_dir: root.join("cache"),
            data_dir: root.join("data"),
        }
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// The kept copy of an IdP certificate loaded by paste.
    pub fn pasted_certificate_file(&self) -> PathBuf {
        self.data_dir
            .join(crate::certificate::pem_copy::PASTED_COPY_NAME)
    }

    /// The log file.
    pub fn log_file(&self) -> PathBuf {
        self.log_dir.join("kb4-setup.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_live_in_their_folders() {
        let paths = AppPaths::under(Path::new("/tmp/x"));
        assert_eq!(
            paths.settings_file(),
            Path::new("/tmp/x/config/settings.json")
        );
        assert_eq!(paths.log_file(), Path::new("/tmp/x/state/kb4-setup.log"));
    }
}
