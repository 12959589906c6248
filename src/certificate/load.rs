//! Loading a certificate from pasted text, dropped bytes or a path.
//!
//! Nothing is remembered here: the UI keeps the path and [`file_fingerprint_of_path`] to notice
//! a changed file. Reading is capped so a wrong 50 MB file is refused without reading it.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

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
    let metadata = std::fs::metadata(path).map_err(|error| io_error(&shown, &error))?;
    if !metadata.is_file() {
        return Err(CertificateError::NotAFile { path: shown });
    }
    if metadata.len() > MAX_CERTIFICATE_FILE_BYTES {
        return Err(CertificateError::TooBig {
            size: metadata.len(),
            limit: MAX_CERTIFICATE_FILE_BYTES,
        });
    }
    let file = File::open(path).map_err(|error| io_error(&shown, &error))?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_CERTIFICATE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(&shown, &error))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_CERTIFICATE_FILE_BYTES {
        return Err(CertificateError::TooBig {
            size,
            limit: MAX_CERTIFICATE_FILE_BYTES,
        });
    }
    Ok(bytes)
}

fn io_error(path: &str, error: &std::io::Error) -> CertificateError {
    match error.kind() {
        ErrorKind::NotFound => CertificateError::NotFound {
            path: path.to_owned(),
        },
        _ => CertificateError::Unreadable {
            path: path.to_owned(),
            reason: error.to_string(),
        },
    }
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

    #[test]
    fn files_over_the_cap_are_refused_by_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.pem");
        let file = File::create(&path).unwrap();
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
