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

/// Reads a certificate from bytes: file contents, a dropped file or pasted text.
pub fn load_bytes(bytes: &[u8]) -> Result<CertificateInfo, CertificateError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_CERTIFICATE_FILE_BYTES {
        return Err(CertificateError::TooBig {
            size,
            limit: MAX_CERTIFICATE_FILE_BYTES,
        });
    }
    let decoded = decode(bytes)?;
    let count = decoded.certificates.len();
    let first = decoded
        .certificates
        .first()
        .ok_or(CertificateError::NoCertificate)?;
    CertificateInfo::from_der(first, count, decoded.warnings)
}

/// The DER bytes of the first certificate in a file's bytes (PEM, DER, base64, bundle), with
/// the same checks and messages as [`load_bytes`]; for verifying signatures with it.
pub fn first_certificate_der(bytes: &[u8]) -> Result<Vec<u8>, CertificateError> {
    load_bytes(bytes)?;
    let decoded = decode(bytes)?;
    decoded
        .certificates
        .into_iter()
        .next()
        .ok_or(CertificateError::NoCertificate)
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
