//! Whatever the bytes, loading never panics, and no message or warning carries key material.

use std::sync::OnceLock;

use certs::{KeyKind, cert, pem_body_lines};
use kb4_setup::certificate::load_bytes;
use proptest::prelude::*;

use crate::support::certs;

struct Secrets {
    /// PEM texts of private keys (and a key + certificate file).
    pems: Vec<String>,
    /// Every base64 line of those keys: none may appear in any output.
    lines: Vec<String>,
}

fn secrets() -> &'static Secrets {
    static SECRETS: OnceLock<Secrets> = OnceLock::new();
    SECRETS.get_or_init(|| {
        let rsa = cert(KeyKind::Rsa2048);
        let ec = cert(KeyKind::EcdsaP256);
        let pems = vec![
            rsa.key_pem.clone(),
            ec.key_pem.clone(),
            format!("{}{}", ec.pem, ec.key_pem),
            rsa.key_pem.replace("PRIVATE KEY", "CERTIFICATE"),
        ];
        let lines = [&rsa.key_pem, &ec.key_pem]
            .iter()
            .flat_map(|pem| pem_body_lines(pem))
            .filter(|line| line.len() >= 16)
            .collect();
        Secrets { pems, lines }
    })
}

/// Everything loading shows the operator: the error message, or the warnings.
fn shown(bytes: &[u8]) -> String {
    match load_bytes(bytes) {
        Ok(info) => format!(
            "{} {} {}",
            info.subject,
            info.issuer,
            info.warnings.join(" ")
        ),
        Err(error) => error.to_string(),
    }
}

fn assert_no_key_material(text: &str) -> Result<(), TestCaseError> {
    for line in &secrets().lines {
        prop_assert!(
            !text.contains(line.as_str()),
            "leaked key line in: {}",
            text
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let text = shown(&bytes);
        prop_assert!(!text.is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(-----BEGIN [A-Z ]{0,12}-----|[A-Za-z0-9+/=\\n <>:]){0,200}") {
        let _ = shown(text.as_bytes());
    }

    #[test]
    fn keys_surrounded_by_noise_never_leak(
        which in 0usize..4,
        prefix in proptest::collection::vec(any::<u8>(), 0..64),
        suffix in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut bytes = prefix;
        bytes.extend_from_slice(secrets().pems[which].as_bytes());
        bytes.extend(suffix);
        assert_no_key_material(&shown(&bytes))?;
    }

    #[test]
    fn cut_or_damaged_keys_never_leak(
        which in 0usize..4,
        cut in 0.0f64..1.0,
        damage_at in 0.0f64..1.0,
        damage in any::<u8>(),
    ) {
        let pem = secrets().pems[which].as_bytes();
        let mut bytes = pem[..(pem.len() as f64 * cut) as usize].to_vec();
        if !bytes.is_empty() {
            let at = ((bytes.len() - 1) as f64 * damage_at) as usize;
            bytes[at] = damage;
        }
        assert_no_key_material(&shown(&bytes))?;
    }
}
