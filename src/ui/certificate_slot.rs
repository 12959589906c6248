//! The IdP certificate the window has loaded: where it came from, what is in it, and what went
//! wrong with the last file offered. Only the path is saved, never the content.

use std::path::{Path, PathBuf};

use super::background::{Poll, Task, take_finished};
use super::file_dialog::{self, PathEntry, Picked};

use crate::certificate::{self, Certificate, CertificateError, CertificateInfo};
use crate::settings::SetupValues;

/// Where the loaded certificate came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateSource {
    File(PathBuf),
    /// Pasted; the app could not keep a copy, so it is gone after a restart.
    Pasted,
    /// Pasted; a copy is kept in the app's data folder and loaded again on start-up.
    PastedCopy(PathBuf),
}

impl CertificateSource {
    pub fn describe(&self) -> String {
        match self {
            CertificateSource::File(path) => path.display().to_string(),
            CertificateSource::Pasted => {
                "pasted text (not kept after you close the app)".to_owned()
            }
            CertificateSource::PastedCopy(path) => {
                format!("pasted text (a copy is kept as {})", path.display())
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoadedCertificate {
    /// The certificate (public data, to verify SAML response signatures with) and what it says.
    pub certificate: Certificate,
    pub source: CertificateSource,
}

impl LoadedCertificate {
    pub fn info(&self) -> &CertificateInfo {
        self.certificate.info()
    }
}

/// A file that was offered and refused.
#[derive(Debug, Clone)]
pub struct CertificateProblem {
    pub message: String,
    /// Private keys get a louder warning.
    pub is_private_key: bool,
}

impl From<&CertificateError> for CertificateProblem {
    fn from(error: &CertificateError) -> Self {
        CertificateProblem {
            message: error.to_string(),
            is_private_key: error.involves_private_key(),
        }
    }
}

/// One certificate slot (the current IdP certificate, or the new one during rotation).
#[derive(Default)]
pub struct CertificateSlot {
    pub current: Option<LoadedCertificate>,
    pub problem: Option<CertificateProblem>,
    /// Something to say about the saved file on start-up (changed or vanished).
    pub notice: Option<String>,
    dialog: Option<Task<Picked>>,
    /// The last dialog never showed: the step offers a path field instead.
    pub no_dialog: bool,
    /// The path typed when no dialog can open.
    pub typed_path: PathEntry,
}

impl CertificateSlot {
    /// Loads the certificate saved in `values` on a previous run, and says if it changed or vanished.
    pub fn restore(values: &mut SetupValues) -> CertificateSlot {
        let mut slot = CertificateSlot::default();
        let Some(path) = values.certificate_path.clone() else {
            return slot;
        };
        if !path.exists() {
            slot.notice = Some(format!(
                "The certificate file loaded last time, {}, has vanished (moved, renamed or deleted). Load it again.",
                path.display()
            ));
            return slot;
        }
        let saved_hash = values.certificate_file_sha256.clone();
        slot.load_file(&path, values);
        let changed = saved_hash.is_some() && values.certificate_file_sha256 != saved_hash;
        if changed && slot.current.is_some() {
            slot.notice = Some(format!(
                "The file {} has changed since you loaded it; what is shown now is its new content. \
                 Check that it is still JumpCloud's IdP certificate.",
                path.display()
            ));
        }
        slot
    }

    /// Loads a certificate file; on success its path (never its content) is remembered.
    pub fn load_file(&mut self, path: &Path, values: &mut SetupValues) {
        let result = certificate::read_file_capped(path).and_then(|bytes| {
            let loaded = Certificate::from_bytes(&bytes)?;
            Ok((loaded, certificate::file_fingerprint_of_bytes(&bytes)))
        });
        match result {
            Ok((loaded, file_hash)) => {
                values.certificate_path = Some(path.to_path_buf());
                values.certificate_file_sha256 = Some(file_hash);
                let source = if certificate::pem_copy::is_pasted_copy(path) {
                    CertificateSource::PastedCopy(path.to_path_buf())
                } else {
                    CertificateSource::File(path.to_path_buf())
                };
                self.accept(loaded, source);
            }
            Err(error) => self.refuse(&error),
        }
    }

    /// Loads a certificate from bytes that have no file to remember (pasted or dropped).
    pub fn load_bytes(
        &mut self,
        bytes: &[u8],
        source: CertificateSource,
        values: &mut SetupValues,
    ) {
        match Certificate::from_bytes(bytes) {
            Ok(loaded) => {
                values.certificate_path = None;
                values.certificate_file_sha256 = None;
                self.accept(loaded, source);
            }
            Err(error) => self.refuse(&error),
        }
    }

    /// Loads pasted text and keeps a copy of the certificate (public data) at `copy`, so it
    /// is loaded again after a restart. When the copy cannot be written the certificate is
    /// still loaded for this session, and the step says it will be gone after a restart.
    pub fn load_pasted(&mut self, text: &[u8], copy: &Path, values: &mut SetupValues) {
        let loaded = match Certificate::from_bytes(text) {
            Ok(loaded) => loaded,
            Err(error) => return self.refuse(&error),
        };
        match certificate::pem_copy::write_pem_copy(loaded.der(), copy) {
            Ok(written) => {
                values.certificate_path = Some(copy.to_path_buf());
                values.certificate_file_sha256 =
                    Some(certificate::file_fingerprint_of_bytes(&written));
                self.accept(loaded, CertificateSource::PastedCopy(copy.to_path_buf()));
            }
            Err(error) => {
                tracing::warn!("the pasted certificate could not be kept: {error}");
                values.certificate_path = None;
                values.certificate_file_sha256 = None;
                self.accept(loaded, CertificateSource::Pasted);
                self.notice = Some(format!(
                    "The pasted certificate could not be kept in {} ({error}): it is loaded now, \
                     but after a restart you will need to load it again.",
                    copy.display()
                ));
            }
        }
    }

    fn accept(&mut self, certificate: Certificate, source: CertificateSource) {
        tracing::info!(sha256 = %certificate.info().sha256, "IdP certificate loaded");
        self.current = Some(LoadedCertificate {
            certificate,
            source,
        });
        self.problem = None;
        self.notice = None;
    }

    fn refuse(&mut self, error: &CertificateError) {
        // The message holds fixed text only, never file bytes, so it is safe to log.
        tracing::info!("certificate refused: {error}");
        self.problem = Some(CertificateProblem::from(error));
    }

    /// Opens the system file dialog on a background thread, so the window keeps painting.
    pub fn open_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        self.dialog = Some(Task::spawn(ctx, || {
            file_dialog::pick_file(
                "Choose JumpCloud's IdP certificate (certificate.pem)",
                "Certificates",
                &["pem", "crt", "cer", "der"],
            )
        }));
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Takes the file chosen in the dialog, if it has closed. A dialog that never showed is
    /// remembered, so the step can say so and offer a path field.
    pub fn poll_dialog(&mut self, values: &mut SetupValues) {
        match take_finished(&mut self.dialog) {
            Some(Poll::Done(picked)) => {
                self.no_dialog = picked.never_showed();
                if let Some(path) = picked.path {
                    self.load_file(&path, values);
                }
            }
            Some(Poll::Running) | None => {}
            Some(Poll::Vanished) => self.no_dialog = true,
        }
    }
}
