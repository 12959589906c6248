//! Reading and writing the settings file: atomic writes, and a corrupt file never stops the app.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Settings;

/// A problem saving settings, worded for the operator.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not create the settings folder {path}: {source}")]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write the settings file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not encode the settings: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("could not read the settings file {path}: {source}. Check that you may read it.")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the settings file {path} is not valid settings ({detail}). Open kb4-setup's window \
         once: it keeps the file as a backup and starts fresh."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error("could not delete {path}: {source}. Delete it yourself, or check its permissions.")]
    Delete {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What [`SettingsStore::forget_all`] deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForgetOutcome {
    /// Every file deleted: the settings file (if there was one), then corrupt-file backups.
    pub removed: Vec<PathBuf>,
}

impl ForgetOutcome {
    /// One sentence for the operator.
    pub fn message(&self) -> String {
        match self.removed.len() {
            0 => "There were no saved settings to forget.".to_owned(),
            1 => "Forgot the saved settings (1 file deleted).".to_owned(),
            n => format!("Forgot the saved settings ({n} files deleted, backups included)."),
        }
    }
}

/// What loading found.
#[derive(Debug)]
pub struct LoadOutcome {
    pub settings: Settings,
    /// Something the operator should be told, e.g. that a corrupt file was set aside.
    pub notice: Option<String>,
}

/// The settings file at one path.
#[derive(Debug, Clone)]
pub struct SettingsStore {
    path: PathBuf,
}

impl SettingsStore {
    pub fn new(path: PathBuf) -> SettingsStore {
        SettingsStore { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Loads the saved settings. A missing file gives defaults; an unreadable or corrupt one
    /// is renamed to a backup beside it, and defaults are used with a notice saying so.
    pub fn load(&self) -> LoadOutcome {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return LoadOutcome {
                    settings: Settings::default(),
                    notice: None,
                };
            }
            Err(error) => return self.start_fresh(&format!("it could not be read ({error})")),
        };
        match serde_json::from_slice::<Settings>(&bytes) {
            Ok(settings) => LoadOutcome {
                settings,
                notice: None,
            },
            Err(error) => self.start_fresh(&format!("it is not valid settings ({error})")),
        }
    }

    /// Reads the saved settings without touching the file: `None` when there is none, an
    /// error when it cannot be read or is not valid settings. For headless commands, which
    /// must not move the operator's file aside as the window does.
    pub fn read_existing(&self) -> Result<Option<Settings>, SettingsError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        serde_json::from_slice::<Settings>(&bytes)
            .map(Some)
            .map_err(|error| SettingsError::Corrupt {
                path: self.path.clone(),
                detail: error.to_string(),
            })
    }

    /// Deletes the settings file and the `settings.json.corrupt-*` backups beside it; the log
    /// and the keychain are left alone. A missing file is not an error.
    pub fn forget_all(&self) -> Result<ForgetOutcome, SettingsError> {
        let mut outcome = ForgetOutcome::default();
        remove_if_present(&self.path, &mut outcome)?;
        let Some(folder) = self.path.parent() else {
            return Ok(outcome);
        };
        let prefix = format!("{}.corrupt-", self.file_name());
        let entries = match fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(outcome),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: folder.to_path_buf(),
                    source,
                });
            }
        };
        let mut backups: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .map(|entry| entry.path())
            .collect();
        backups.sort();
        for backup in backups {
            remove_if_present(&backup, &mut outcome)?;
        }
        Ok(outcome)
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "settings.json".to_owned())
    }

    fn start_fresh(&self, why: &str) -> LoadOutcome {
        let backup = self.backup_path();
        let notice = match fs::rename(&self.path, &backup) {
            Ok(()) => format!(
                "Your saved progress in {} could not be used: {why}. kb4-setup started fresh and \
                 kept the old file as {}.",
                self.path.display(),
                backup.display()
            ),
            Err(error) => format!(
                "Your saved progress in {} could not be used: {why}. kb4-setup started fresh, but \
                 could not keep the old file as a backup ({error}); it will be replaced when \
                 progress is next saved.",
                self.path.display()
            ),
        };
        tracing::warn!("{notice}");
        LoadOutcome {
            settings: Settings::default(),
            notice: Some(notice),
        }
    }

    fn backup_path(&self) -> PathBuf {
        let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
        self.path
            .with_file_name(format!("{}.corrupt-{stamp}", self.file_name()))
    }

    /// Writes the settings atomically: a temporary file in the same folder, flushed to disk,
    /// then renamed over the old one, so a crash never leaves a half-written file.
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder).map_err(|source| SettingsError::CreateFolder {
            path: folder.to_path_buf(),
            source,
        })?;
        let mut to_save = settings.clone();
        to_save.format_version = Settings::FORMAT_VERSION;
        let json = serde_json::to_vec_pretty(&to_save)?;
        let write_error = |source| SettingsError::Write {
            path: self.path.clone(),
            source,
        };
        let mut file = tempfile::NamedTempFile::new_in(folder).map_err(write_error)?;
        file.write_all(&json).map_err(write_error)?;
        file.as_file().sync_all().map_err(write_error)?;
        file.persist(&self.path).map_err(|e| write_error(e.error))?;
        // The rename lives in the folder: flush it too, so a power cut after a save keeps it.
        // Where a folder cannot be opened as a file (Windows), the rename is already durable
        // enough for a crash of the app, which is what matters most.
        #[cfg(unix)]
        if let Ok(dir) = fs::File::open(folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

fn remove_if_present(path: &Path, outcome: &mut ForgetOutcome) -> Result<(), SettingsError> {
    match fs::remove_file(path) {
        Ok(()) => {
            outcome.removed.push(path.to_path_buf());
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(SettingsError::Delete {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::step_id::StepId;

    fn store_in(dir: &tempfile::TempDir) -> SettingsStore {
        SettingsStore::new(dir.path().join("config").join("settings.json"))
    }

    #[test]
    fn missing_file_gives_defaults_without_notice() {
        let dir = tempfile::tempdir().unwrap();
        let outcome = store_in(&dir).load();
        assert_eq!(outcome.settings, Settings::default());
        assert!(outcome.notice.is_none());
    }

    #[test]
    fn settings_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let mut settings = Settings {
            current_step: StepId::IdpCertificate,
            region: Region::Uk,
            ..Settings::default()
        };
        settings.set_ticked(StepId::Prerequisites, "jumpcloud_admin", true);
        settings.values.saml_id = "Ab12Cd34Ef5".into();
        settings.values.tenant_url = "https://uk.knowbe4.com/scim/v2/x".into();
        store.save(&settings).unwrap();
        let loaded = store.load();
        assert!(loaded.notice.is_none());
        assert_eq!(loaded.settings.current_step, StepId::IdpCertificate);
        assert_eq!(loaded.settings.region, Region::Uk);
        assert!(
            loaded
                .settings
                .is_ticked(StepId::Prerequisites, "jumpcloud_admin")
        );
        assert_eq!(loaded.settings.values, settings.values);
        assert_eq!(loaded.settings.format_version, Settings::FORMAT_VERSION);
    }

    #[test]
    fn corrupt_file_is_kept_as_backup_and_app_starts_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(store.path(), b"{ this is not json").unwrap();
        let outcome = store.load();
        assert_eq!(outcome.settings, Settings::default());
        let notice = outcome.notice.expect("a notice for the operator");
        assert!(notice.contains("started fresh"), "{notice}");
        let backups: Vec<_> = fs::read_dir(store.path().parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(fs::read(backups[0].path()).unwrap(), b"{ this is not json");
        assert!(!store.path().exists(), "the bad file is moved aside");
        assert!(notice.contains(&backups[0].file_name().to_string_lossy().into_owned()));
    }

    #[test]
    fn wrong_shape_json_is_treated_as_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(store.path(), br#"{"region": "mars"}"#).unwrap();
        let outcome = store.load();
        assert!(outcome.notice.is_some());
        assert_eq!(outcome.settings.region, Region::Us);
    }

    #[test]
    fn unknown_fields_and_missing_fields_are_tolerated() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(
            store.path(),
            br#"{"region": "eu", "from_a_newer_version": 1}"#,
        )
        .unwrap();
        let outcome = store.load();
        assert!(outcome.notice.is_none());
        assert_eq!(outcome.settings.region, Region::Eu);
    }

    #[test]
    fn save_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        store.save(&Settings::default()).unwrap();
        store.save(&Settings::default()).unwrap();
        let names: Vec<_> = fs::read_dir(store.path().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("settings.json")]);
    }

    #[test]
    fn read_existing_never_moves_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        assert!(store.read_existing().unwrap().is_none());
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(store.path(), b"{ nope").unwrap();
        let error = store.read_existing().unwrap_err();
        assert!(matches!(error, SettingsError::Corrupt { .. }), "{error}");
        assert!(error.to_string().contains("starts fresh"), "{error}");
        assert_eq!(fs::read(store.path()).unwrap(), b"{ nope");
        let saved = Settings {
            region: Region::Ca,
            ..Settings::default()
        };
        store.save(&saved).unwrap();
        assert_eq!(store.read_existing().unwrap().unwrap().region, Region::Ca);
    }

    #[test]
    fn forget_all_deletes_settings_and_backups_but_not_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let folder = store.path().parent().unwrap().to_path_buf();
        store.save(&Settings::default()).unwrap();
        fs::write(folder.join("settings.json.corrupt-100"), b"x").unwrap();
        fs::write(folder.join("settings.json.corrupt-200"), b"y").unwrap();
        fs::write(folder.join("kb4-setup.log"), b"log").unwrap();
        fs::write(folder.join("other.json"), b"{}").unwrap();
        let outcome = store.forget_all().unwrap();
        assert_eq!(outcome.removed.len(), 3, "{outcome:?}");
        assert_eq!(outcome.removed[0], store.path());
        assert!(
            outcome.message().contains("3 files"),
            "{}",
            outcome.message()
        );
        let mut left: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["kb4-setup.log", "other.json"]);
        assert_eq!(store.load().settings, Settings::default());
    }

    #[test]
    fn forget_all_without_files_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let outcome = store.forget_all().unwrap();
        assert!(outcome.removed.is_empty());
        assert_eq!(outcome.message(), "There were no saved settings to forget.");
        fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        fs::write(
            store
                .path()
                .parent()
                .unwrap()
                .join("settings.json.corrupt-1"),
            b"x",
        )
        .unwrap();
        assert_eq!(store.forget_all().unwrap().removed.len(), 1);
    }
}
