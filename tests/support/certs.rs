//! Test certificates and wrong files, all generated at test time (rcgen, and openssl for RSA
//! keys and the PKCS#7/PKCS#12/encrypted-key containers rcgen cannot make).
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rcgen::{
    CertificateParams, DnType, Issuer, KeyPair, PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384,
    PKCS_ED25519, PKCS_RSA_SHA256, PublicKeyData,
};
use time::{Duration, OffsetDateTime};

pub const OPENSSL: &str = "/usr/bin/openssl";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    Rsa4096,
    EcdsaP256,
    EcdsaP384,
    Ed25519,
}

impl KeyKind {
    pub const ALL: [KeyKind; 5] = [
        KeyKind::Rsa2048,
        KeyKind::Rsa4096,
        KeyKind::EcdsaP256,
        KeyKind::EcdsaP384,
        KeyKind::Ed25519,
    ];
}

/// A generated certificate with its key (the key is only ever used to build wrong files).
pub struct TestCert {
    pub pem: String,
    pub der: Vec<u8>,
    pub key_pem: String,
    pub key_der: Vec<u8>,
    pub public_key_pem: String,
    pub public_key_der: Vec<u8>,
    pub csr_pem: String,
    pub csr_der: Vec<u8>,
}

/// A certificate valid from `from` to `until` (relative to now), as JumpCloud's are: self-signed.
pub fn cert_with_validity(kind: KeyKind, from: Duration, until: Duration) -> TestCert {
    let key = key_pair(kind);
    let now = OffsetDateTime::now_utc();
    let mut params = params("JumpCloud IdP test");
    params.not_before = now + from;
    params.not_after = now + until;
    let certificate = params.self_signed(&key).expect("self-signed certificate");
    let csr = params.serialize_request(&key).expect("CSR");
    TestCert {
        pem: certificate.pem(),
        der: certificate.der().to_vec(),
        key_pem: key.serialize_pem(),
        key_der: key.serialize_der(),
        public_key_pem: key.public_key_pem(),
        public_key_der: key.subject_public_key_info(),
        csr_pem: csr.pem().expect("CSR PEM"),
        csr_der: csr.der().to_vec(),
    }
}

/// A certificate valid for a year from yesterday.
pub fn cert(kind: KeyKind) -> TestCert {
    cert_with_validity(kind, Duration::days(-1), Duration::days(365))
}

/// A leaf signed by a separate CA (not self-signed), and the CA: PEM of each.
pub fn leaf_and_ca() -> (String, String) {
    let ca_key = key_pair(KeyKind::EcdsaP256);
    let mut ca_params = params("Test CA");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("CA");
    let leaf_key = key_pair(KeyKind::EcdsaP256);
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf = params("Leaf").signed_by(&leaf_key, &issuer).expect("leaf");
    (leaf.pem(), ca.pem())
}

fn params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::new(vec!["sso.example.test".to_owned()]).expect("params");
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params
        .distinguished_name
        .push(DnType::OrganizationName, "Example Corp");
    params
}

pub fn key_pair(kind: KeyKind) -> KeyPair {
    match kind {
        KeyKind::Rsa2048 => rsa_key(2048),
        KeyKind::Rsa4096 => rsa_key(4096),
        KeyKind::EcdsaP256 => KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).expect("P-256"),
        KeyKind::EcdsaP384 => KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).expect("P-384"),
        KeyKind::Ed25519 => KeyPair::generate_for(&PKCS_ED25519).expect("Ed25519"),
    }
}

/// rcgen (with ring) cannot generate RSA keys, so openssl does; each size once per test binary.
fn rsa_key(bits: u32) -> KeyPair {
    static RSA_2048: OnceLock<String> = OnceLock::new();
    static RSA_4096: OnceLock<String> = OnceLock::new();
    let cell = if bits == 2048 { &RSA_2048 } else { &RSA_4096 };
    let pem = cell.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rsa.pem");
        openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            &format!("rsa_keygen_bits:{bits}"),
            "-out",
            path_str(&path),
        ]);
        std::fs::read_to_string(&path).expect("RSA key")
    });
    KeyPair::from_pem_and_sign_algo(pem, &PKCS_RSA_SHA256).expect("RSA key pair")
}

/// Runs openssl and returns its standard output; panics with its error output on failure.
pub fn openssl(args: &[&str]) -> Vec<u8> {
    let output = Command::new(OPENSSL)
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        output.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The hex part of `openssl x509 -noout -fingerprint -<digest> -in <path>`.
pub fn openssl_fingerprint(path: &Path, digest: &str) -> String {
    let output = openssl(&[
        "x509",
        "-noout",
        "-fingerprint",
        digest,
        "-in",
        path_str(path),
    ]);
    let text = String::from_utf8(output).expect("openssl output");
    text.trim()
        .split_once('=')
        .map(|(_, hex)| hex.to_owned())
        .expect("openssl prints 'X Fingerprint=HEX'")
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// The base64 lines of a PEM body (what must never appear in a message).
pub fn pem_body_lines(pem: &str) -> Vec<String> {
    pem.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("-----") && !line.contains(':'))
        .map(str::to_owned)
        .collect()
}

/// The bare base64 body of a PEM, wrapped at `width` and indented, as in SAML metadata.
pub fn metadata_body(der: &[u8], width: usize, indent: &str) -> String {
    let encoded = STANDARD.encode(der);
    let lines: Vec<String> = encoded
        .as_bytes()
        .chunks(width)
        .map(|chunk| format!("{indent}{}", String::from_utf8_lossy(chunk)))
        .collect();
    lines.join("\n")
}

/// An OpenSSH public key line built from random bytes (no ssh-keygen needed).
pub fn ssh_public_key_line() -> String {
    let mut blob = Vec::new();
    for part in [b"ssh-ed25519".as_slice(), &random_bytes(32, 7)] {
        blob.extend_from_slice(&u32::try_from(part.len()).expect("len").to_be_bytes());
        blob.extend_from_slice(part);
    }
    format!("ssh-ed25519 {} admin@laptop\n", STANDARD.encode(blob))
}

/// An OpenSSH private key file's shape, with random content.
pub fn openssh_private_key() -> String {
    let mut blob = b"openssh-key-v1\0".to_vec();
    blob.extend(random_bytes(300, 11));
    let body = STANDARD.encode(blob);
    let wrapped: Vec<&str> = body
        .as_bytes()
        .chunks(70)
        .map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        wrapped.join("\n")
    )
}

/// Deterministic pseudo-random bytes (xorshift), so failures can be reproduced.
pub fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}
