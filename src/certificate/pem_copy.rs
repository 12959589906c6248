//! A certificate written back out as PEM: the copy the app keeps of a certificate loaded by
//! paste, so it is still there after a restart. A certificate is public; a key never gets here
//! (pasted keys are refused before anything is written).

use std::path::Path;

use base64::Engine;

/// The file name of the kept copy of a pasted IdP certificate, in the app's data folder.
pub const PASTED_COPY_NAME: &str = "pasted-idp-certificate.pem";

/// `der` as one PEM `CERTIFICATE` block, 64 base64 characters a line.
pub fn der_to_pem(der: &[u8]) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// Writes `der` as PEM to `path`, creating its folder; returns the bytes written.
pub fn write_pem_copy(der: &[u8], path: &Path) -> std::io::Result<Vec<u8>> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let pem = der_to_pem(der).into_bytes();
    std::fs::write(path, &pem)?;
    Ok(pem)
}

/// Whether `path` is the kept copy of a pasted certificate (by its file name).
pub fn is_pasted_copy(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == std::ffi::OsStr::new(PASTED_COPY_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_reads_back_as_the_same_certificate() {
        let folder = tempfile::tempdir().unwrap();
        let params = rcgen_free_der();
        let path = folder.path().join("data").join(PASTED_COPY_NAME);
        let written = write_pem_copy(&params, &path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), written);
        let text = String::from_utf8(written).unwrap();
        assert!(text.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(text.lines().all(|line| line.len() <= 64));
        assert!(is_pasted_copy(&path));
        assert!(!is_pasted_copy(Path::new("/tmp/certificate.pem")));
    }

    /// Some bytes standing for a DER certificate; the encoding does not look inside.
    fn rcgen_free_der() -> Vec<u8> {
        (0..=255u8).cycle().take(700).collect()
    }

    #[test]
    fn lines_are_64_characters() {
        let pem = der_to_pem(&[0u8; 100]);
        let body: Vec<&str> = pem
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("-----"))
            .collect();
        assert_eq!(body[0].len(), 64);
        assert_eq!(body.concat().len(), 136);
    }
}
