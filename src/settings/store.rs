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
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "settings.json".to_owned());
        self.path.with_file_name(format!("{name}.corrupt-{stamp}"))
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
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::region::Region;
    use crate::steps::StepId;

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
}
