//! The IdP certificate a report describes: loaded again from the file the settings remember,
//! with a sentence when that file has vanished, changed or no longer holds a certificate.

use crate::certificate::{self, CertificateInfo};
use crate::settings::SetupValues;

/// The remembered certificate file, as found now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCertificate {
    pub info: Option<CertificateInfo>,
    /// Something the report must say about the file; `None` when all is as it was.
    pub note: Option<String>,
}

impl SavedCertificate {
    /// Reads `values.certificate_path`, if set, and compares the file with the hash saved when
    /// it was loaded. Reads a file: call it off the UI thread.
    pub fn load(values: &SetupValues) -> SavedCertificate {
        let Some(path) = &values.certificate_path else {
            return SavedCertificate {
                info: None,
                note: None,
            };
        };
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let bytes = match certificate::read_file_capped(path) {
            Ok(bytes) => bytes,
            Err(error) if error.is_not_found() => {
                return Self::problem(format!(
                    "The certificate file loaded last time, {name}, has vanished (moved, renamed \
                     or deleted). Load it again on the IdP certificate step."
                ));
            }
            Err(error) => {
                return Self::problem(format!(
                    "The certificate file {name} could not be read: {error}"
                ));
            }
        };
        let info = match certificate::load_bytes(&bytes) {
            Ok(info) => info,
            Err(error) => {
                return Self::problem(format!(
                    "The certificate file {name} no longer holds a usable certificate: {error}"
                ));
            }
        };
        let saved = values.certificate_file_sha256.as_deref();
        let changed = saved.is_some_and(|saved| {
            !saved.eq_ignore_ascii_case(&certificate::file_fingerprint_of_bytes(&bytes))
        });
        let note = changed.then(|| {
            format!(
                "The file {name} has changed since it was loaded; this report shows its new \
                 content. Check that it is still JumpCloud's IdP certificate."
            )
        });
        SavedCertificate {
            info: Some(info),
            note,
        }
    }

    fn problem(note: String) -> SavedCertificate {
        SavedCertificate {
            info: None,
            note: Some(note),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, KeyPair, PKCS_ED25519};

    fn pem() -> String {
        let key = KeyPair::generate_for(&PKCS_ED25519).unwrap();
        CertificateParams::new(Vec::<String>::new())
            .unwrap()
            .self_signed(&key)
            .unwrap()
            .pem()
    }

    fn values_for(path: &std::path::Path, hash_of: Option<&[u8]>) -> SetupValues {
        SetupValues {
            certificate_path: Some(path.to_path_buf()),
            certificate_file_sha256: hash_of.map(certificate::file_fingerprint_of_bytes),
            ..SetupValues::default()
        }
    }

    #[test]
    fn no_path_means_nothing_to_say() {
        let saved = SavedCertificate::load(&SetupValues::default());
        assert_eq!((saved.info, saved.note), (None, None));
    }

    #[test]
    fn an_unchanged_file_loads_without_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certificate.pem");
        let pem = pem();
        std::fs::write(&path, &pem).unwrap();
        let saved = SavedCertificate::load(&values_for(&path, Some(pem.as_bytes())));
        assert!(saved.info.is_some());
        assert_eq!(saved.note, None);
    }

    #[test]
    fn a_changed_file_is_described_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certificate.pem");
        std::fs::write(&path, pem()).unwrap();
        let saved = SavedCertificate::load(&values_for(&path, Some(b"what it was before")));
        assert!(saved.info.is_some());
        let note = saved.note.unwrap();
        assert!(note.contains("certificate.pem has changed"), "{note}");
    }

    #[test]
    fn a_vanished_or_wrong_file_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.pem");
        let saved = SavedCertificate::load(&values_for(&path, None));
        assert!(saved.info.is_none());
        assert!(saved.note.unwrap().contains("gone.pem, has vanished"));
        std::fs::write(&path, "<html>sign in</html>").unwrap();
        let saved = SavedCertificate::load(&values_for(&path, None));
        assert!(saved.info.is_none());
        let note = saved.note.unwrap();
        assert!(
            note.contains("no longer holds a usable certificate"),
            "{note}"
        );
    }
}
