//! The JumpCloud IdP certificate (`certificate.pem`): loading it in any form operators have it,
//! describing it, and computing the fingerprints KnowBe4 asks for.
//!
//! Wrong files (private keys, CSRs, PKCS#12, HTML pages...) each get a specific
//! [`CertificateError`]. No error message ever contains bytes of a key: classification looks at
//! PEM labels and DER structure only, and messages are fixed text.

mod decode;
mod der_shape;
mod error;
mod fingerprint;
mod fingerprint_line;
mod info;
mod key_info;
mod load;
mod pem_blocks;
pub mod pem_copy;
pub mod rotation;
mod validity;

pub use error::CertificateError;
pub use fingerprint::{
    FingerprintAlgorithm, file_fingerprint_of_bytes, openssl_style_hex, sha1_fingerprint,
    sha256_fingerprint,
};
pub use info::CertificateInfo;
pub use load::{
    Certificate, MAX_CERTIFICATE_FILE_BYTES, file_fingerprint_of_path, first_certificate_der,
    load_bytes, load_path, read_file_capped,
};
pub use rotation::{RotationComparison, RotationError, RotationStep, WayIn, safe_order};
pub use validity::{EXPIRY_WARNING_DAYS, Validity};
