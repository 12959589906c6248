//! Why a file is not a usable IdP certificate, in words for the operator.
//!
//! Every variant carries only fixed text, sizes, positions or PEM labels, never bytes from the
//! file, so no message can leak key material.

const DOWNLOAD_HINT: &str = "Download the certificate instead: in the JumpCloud admin console \
    open SSO Applications > KnowBe4 > SSO tab > IDP Certificate Valid > Download certificate \
    (it saves certificate.pem).";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("The file is empty (or holds only spaces and blank lines). {DOWNLOAD_HINT}")]
    Empty,
    #[error(
        "The file is {size} bytes; an IdP certificate is a few kilobytes, so this cannot be it \
         (the limit is {limit} bytes). {DOWNLOAD_HINT}"
    )]
    TooBig { size: u64, limit: u64 },
    #[error(
        "There is no file at {path}. It may have been moved, renamed or deleted. {DOWNLOAD_HINT}"
    )]
    NotFound { path: String },
    #[error("{path} is a folder, not a file. Choose the certificate.pem file inside it.")]
    NotAFile { path: String },
    #[error(
        "{path} is {kind}, not a file: it cannot hold a certificate. Choose the certificate file \
         itself (certificate.pem). {DOWNLOAD_HINT}"
    )]
    NotRegularFile { path: String, kind: String },
    #[error(
        "Could not read {path}: {reason}. Check that the file exists and that you may read it."
    )]
    Unreadable { path: String, reason: String },
    #[error(
        "STOP: this is a PRIVATE KEY, not a certificate. A private key must never be shared, \
         pasted into KnowBe4 or sent to anyone; if it has left your machine, replace it. \
         {DOWNLOAD_HINT}"
    )]
    PrivateKey,
    #[error(
        "STOP: this is an encrypted PRIVATE KEY, not a certificate. Do not share it. \
         {DOWNLOAD_HINT}"
    )]
    EncryptedPrivateKey,
    #[error(
        "STOP: this is an SSH PRIVATE KEY, not a certificate. Never share it. SSH keys play no \
         part in SAML single sign-on. {DOWNLOAD_HINT}"
    )]
    SshPrivateKey,
    #[error(
        "This is an SSH public key, not an X.509 certificate. SSH keys play no part in SAML \
         single sign-on. {DOWNLOAD_HINT}"
    )]
    SshPublicKey,
    #[error(
        "This is a certificate signing request (CSR), not a certificate. JumpCloud makes the IdP \
         certificate itself. {DOWNLOAD_HINT}"
    )]
    CertificateRequest,
    #[error(
        "This is a bare public key, not a certificate: KnowBe4 needs the fingerprint of the whole \
         certificate. {DOWNLOAD_HINT}"
    )]
    PublicKey,
    #[error(
        "This is a PKCS#7 bundle (.p7b/.p7c), not a single certificate. Extract the certificate \
         with: openssl pkcs7 -print_certs -in FILE.p7b -out certificate.pem (add -inform DER if \
         the file is binary), then load certificate.pem. Or: {DOWNLOAD_HINT}"
    )]
    Pkcs7,
    #[error(
        "This is a PKCS#12 file (.p12/.pfx). It usually holds a PRIVATE KEY as well: do not share \
         it. Extract only the certificate with: openssl pkcs12 -in FILE.p12 -clcerts -nokeys \
         -out certificate.pem (add -legacy for files made by older tools), then load \
         certificate.pem. Or: {DOWNLOAD_HINT}"
    )]
    Pkcs12,
    #[error("This is a certificate revocation list (CRL), not a certificate. {DOWNLOAD_HINT}")]
    RevocationList,
    #[error(
        "This looks like a web page (HTML), probably a sign-in page saved instead of the \
         certificate. {DOWNLOAD_HINT}"
    )]
    Html,
    #[error(
        "The certificate text is cut off: it has \"-----BEGIN {label}-----\" but no matching \
         END line. Copy or download the whole certificate again."
    )]
    TruncatedPem { label: String },
    #[error(
        "The certificate is damaged: {detail}. Copy or download the whole certificate again. \
         {DOWNLOAD_HINT}"
    )]
    CorruptCertificate { detail: String },
    #[error("The file holds \"{label}\" PEM data, not a certificate. {DOWNLOAD_HINT}")]
    UnsupportedPem { label: String },
    #[error(
        "The file is binary data that is not a certificate (neither PEM, DER, PKCS#7 nor \
         PKCS#12). {DOWNLOAD_HINT}"
    )]
    Binary,
    #[error(
        "This is a {algorithm} fingerprint (as openssl x509 -fingerprint prints it), not the \
         certificate. The app needs the certificate itself: it computes both fingerprints from \
         it and checks its dates and signature. {DOWNLOAD_HINT}"
    )]
    FingerprintOnly { algorithm: String },
    #[error(
        "No certificate found in this text. A certificate starts with \"-----BEGIN \
         CERTIFICATE-----\". {DOWNLOAD_HINT}"
    )]
    NoCertificate,
}

impl CertificateError {
    /// True when the operator handled private key material and must be warned loudly (red).
    pub fn involves_private_key(&self) -> bool {
        matches!(
            self,
            CertificateError::PrivateKey
                | CertificateError::EncryptedPrivateKey
                | CertificateError::SshPrivateKey
                | CertificateError::Pkcs12
        )
    }

    /// True when the file could not be found, so the UI can say it vanished.
    pub fn is_not_found(&self) -> bool {
        matches!(self, CertificateError::NotFound { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_key_messages_are_loud_and_point_to_the_download() {
        for error in [
            CertificateError::PrivateKey,
            CertificateError::EncryptedPrivateKey,
        ] {
            let message = error.to_string();
            assert!(message.contains("PRIVATE KEY"), "{message}");
            assert!(message.contains("Download certificate"), "{message}");
            assert!(error.involves_private_key());
        }
        assert!(!CertificateError::Empty.involves_private_key());
    }

    #[test]
    fn truncated_pem_names_its_label() {
        let message = CertificateError::TruncatedPem {
            label: "CERTIFICATE".to_owned(),
        }
        .to_string();
        assert!(message.contains("-----BEGIN CERTIFICATE-----"), "{message}");
    }
}
