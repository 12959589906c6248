//! Loading a certificate from pasted text, dropped bytes or a path.
//!
//! Nothing is remembered here: the UI keeps the path and [`file_fingerprint_of_path`] to notice
//! a changed file. Reading is capped so a wrong 50 MB file is refused without reading it.

use std::path::Path;

use crate::bounded_file::{BoundedReadError, read_capped};

use super::decode::decode;
use super::error::CertificateError;
use super::fingerprint::file_fingerprint_of_bytes;
use super::info::CertificateInfo;

/// The largest file we read. IdP certificates are 1-3 KB; bundles rarely pass 100 KB.
pub const MAX_CERTIFICATE_FILE_BYTES: u64 = 1024 * 1024;

/// A loaded certificate: the first certificate of a file or pasted text, as DER, with its
/// description. Made only by [`Certificate::from_bytes`], which reads the bytes once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    info: CertificateInfo,
}

impl Certificate {
    /// Reads a certificate from bytes: file contents, a dropped file or pasted text (PEM, DER,
    /// base64, bundle).
    pub fn from_bytes(bytes: &[u8]) -> Result<Certificate, CertificateError> {
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > MAX_CERTIFICATE_FILE_BYTES {
            return Err(CertificateError::TooBig {
                size,
                limit: MAX_CERTIFICATE_FILE_BYTES,
            });
        }
        let decoded = decode(bytes)?;
        let count = decoded.certificates.len();
        let der = decoded
            .certificates
            .into_iter()
            .next()
            .ok_or(CertificateError::NoCertificate)?;
        let info = CertificateInfo::from_der(&der, count, decoded.warnings)?;
        Ok(Certificate { der, info })
    }

    /// The certificate itself (public data), to verify signatures with or to write as PEM.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// What the certificate says: subject, validity, key, fingerprints, warnings.
    pub fn info(&self) -> &CertificateInfo {
        &self.info
    }

    pub fn into_info(self) -> CertificateInfo {
        self.info
    }

    pub fn into_der(self) -> Vec<u8> {
        self.der
    }
}

/// Reads a certificate from bytes and describes it; see [`Certificate::from_bytes`].
pub fn load_bytes(bytes: &[u8]) -> Result<CertificateInfo, CertificateError> {
    Certificate::from_bytes(bytes).map(Certificate::into_info)
}

/// The DER bytes of the first certificate in a file's bytes (PEM, DER, base64, bundle), with
/// the same checks and messages as [`load_bytes`]; for verifying signatures with it.
pub fn first_certificate_der(bytes: &[u8]) -> Result<Vec<u8>, CertificateError> {
    Certificate::from_bytes(bytes).map(Certificate::into_der)
}

/// Reads and describes the certificate file at `path`. Call it off the UI thread.
pub fn load_path(path: &Path) -> Result<CertificateInfo, CertificateError> {
    load_bytes(&read_file_capped(path)?)
}

/// The SHA-256 of the file's bytes, to compare with the one saved when it was loaded.
pub fn file_fingerprint_of_path(path: &Path) -> Result<String, CertificateError> {
    Ok(file_fingerprint_of_bytes(&read_file_capped(path)?))
}

/// The file's bytes, refusing anything over [`MAX_CERTIFICATE_FILE_BYTES`] without reading it:
/// the size is checked first, and at most one byte more than the cap is ever read (a file may
/// grow, or report no size, as pipes and devices do).
pub fn read_file_capped(path: &Path) -> Result<Vec<u8>, CertificateError> {
    let shown = path.display().to_string();
    read_capped(path, MAX_CERTIFICATE_FILE_BYTES).map_err(|error| match error {
        BoundedReadError::NotFound => CertificateError::NotFound { path: shown },
        BoundedReadError::NotRegular { kind: "a folder" } => {
            CertificateError::NotAFile { path: shown }
        }
        BoundedReadError::NotRegular { kind } => CertificateError::NotRegularFile {
            path: shown,
            kind: kind.to_owned(),
        },
        BoundedReadError::TooBig { size, limit } => CertificateError::TooBig { size, limit },
        BoundedReadError::Unreadable { reason } => CertificateError::Unreadable {
            path: shown,
            reason,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let error = load_path(&dir.path().join("certificate.pem")).unwrap_err();
        assert!(error.is_not_found(), "{error:?}");
        assert!(error.to_string().contains("certificate.pem"), "{error}");
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = load_path(dir.path()).unwrap_err();
        assert!(
            matches!(error, CertificateError::NotAFile { .. }),
            "{error:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_named_as_a_device_not_a_folder() {
        let error = load_path(Path::new("/dev/zero")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("/dev/zero is a device"), "{message}");
        assert!(!message.contains("folder"), "{message}");
    }

    #[test]
    fn files_over_the_cap_are_refused_by_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.pem");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_CERTIFICATE_FILE_BYTES + 1).unwrap();
        let error = read_file_capped(&path).unwrap_err();
        assert_eq!(
            error,
            CertificateError::TooBig {
                size: MAX_CERTIFICATE_FILE_BYTES + 1,
                limit: MAX_CERTIFICATE_FILE_BYTES
            }
        );
    }

    #[test]
    fn pasted_text_over_the_cap_is_refused() {
        let big = vec![b'A'; usize::try_from(MAX_CERTIFICATE_FILE_BYTES).unwrap() + 1];
        assert!(matches!(
            load_bytes(&big),
            Err(CertificateError::TooBig { .. })
        ));
    }

    #[test]
    fn one_read_gives_the_certificate_and_its_description() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let params = rcgen::CertificateParams::new(vec!["idp.example".to_owned()]).unwrap();
        let issued = params.self_signed(&key).unwrap();
        let pem = issued.pem();
        let loaded = Certificate::from_bytes(pem.as_bytes()).unwrap();
        assert_eq!(loaded.der(), issued.der().as_ref());
        assert_eq!(
            loaded.info().sha256,
            crate::certificate::sha256_fingerprint(loaded.der())
        );
        assert_eq!(loaded.info(), &load_bytes(pem.as_bytes()).unwrap());
        assert_eq!(
            loaded.clone().into_der(),
            first_certificate_der(pem.as_bytes()).unwrap()
        );
    }

    #[test]
    fn the_file_fingerprint_follows_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.pem");
        std::fs::write(&path, b"first").unwrap();
        let first = file_fingerprint_of_path(&path).unwrap();
        assert_eq!(first, file_fingerprint_of_bytes(b"first"));
        std::fs::write(&path, b"second").unwrap();
        assert_ne!(file_fingerprint_of_path(&path).unwrap(), first);
    }
}
