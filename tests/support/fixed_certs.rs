//! Certificates made at test time with deterministic Ed25519 keys, so a snapshot that shows a
//! fingerprint stays the same from run to run. The keys exist only in memory during the test.

use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair, PKCS_ED25519, SerialNumber};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// PKCS#8 v1 prefix of an Ed25519 private key; the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn key_from_label(label: &str) -> KeyPair {
    let seed = Sha256::digest(format!("kb4-setup test key: {label}").as_bytes());
    let mut pkcs8 = ED25519_PKCS8_PREFIX.to_vec();
    pkcs8.extend_from_slice(&seed);
    let der = rustls::pki_types::PrivatePkcs8KeyDer::from(pkcs8);
    KeyPair::from_pkcs8_der_and_sign_algo(&der, &PKCS_ED25519).expect("an Ed25519 key")
}

/// A self-signed certificate like JumpCloud's, valid from `not_before` to `not_after`.
pub fn idp_certificate_pem(
    label: &str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> String {
    let key = key_from_label(label);
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "JumpCloud");
    name.push(DnType::OrganizationName, "JumpCloud");
    name.push(DnType::OrganizationalUnitName, label);
    params.distinguished_name = name;
    params.not_before = not_before;
    params.not_after = not_after;
    params.serial_number = Some(SerialNumber::from_slice(&[0x4b, 0x42, 0x34, 0x01]));
    params.self_signed(&key).expect("a certificate").pem()
}
