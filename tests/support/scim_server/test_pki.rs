//! Test certificates, generated at test time with rcgen: a test CA, and server certificates it
//! signs (valid, expired, or for the wrong host name). Nothing here is ever written to the repo.

use std::io::Write;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A server certificate chain and its key, ready for a rustls server.
pub struct TlsCert {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

impl Clone for TlsCert {
    fn clone(&self) -> Self {
        Self {
            chain: self.chain.clone(),
            key: self.key.clone_key(),
        }
    }
}

/// Which server certificate to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind {
    /// For `localhost` and `127.0.0.1`, valid now.
    Valid,
    /// For the right names, but expired a year ago.
    Expired,
    /// Valid now, but only for `wrong-host.example`.
    WrongName,
}

/// A self-signed certificate marked as a CA (as openssl makes one by default) for
/// `localhost` and `127.0.0.1`, used as the server's own certificate.
pub fn self_signed_ca_as_server() -> TlsCert {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "kb4-setup self-signed CA server");
    let cert = params.self_signed(&key).expect("self-signed CA");
    TlsCert {
        chain: vec![cert.der().clone()],
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    }
}

/// A test certificate authority, with its certificate written to a PEM file for `--ca-file`.
pub struct TestPki {
    pub ca_name: String,
    pub ca_pem: String,
    pub ca_file: tempfile::NamedTempFile,
    issuer: Issuer<'static, KeyPair>,
}

impl TestPki {
    pub fn new() -> Self {
        let ca_name = "kb4-setup Test Inspection CA".to_owned();
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, ca_name.clone());
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let cert = params.self_signed(&key).expect("CA certificate");
        let ca_pem = cert.pem();
        let mut ca_file = tempfile::NamedTempFile::new().expect("temp file");
        ca_file.write_all(ca_pem.as_bytes()).expect("write CA");
        ca_file.flush().expect("flush CA");
        Self {
            ca_name,
            ca_pem,
            ca_file,
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate signed by another authority that has this CA's name but its own
    /// Ed25519 key: trusting this CA's file, the signature cannot come from the CA of that name.
    pub fn impostor_leaf(&self) -> TlsCert {
        let key = KeyPair::generate_for(&rcgen::PKCS_ED25519).expect("impostor CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("impostor params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, self.ca_name.clone());
        let impostor = Issuer::new(params, key);
        let leaf_key = KeyPair::generate().expect("leaf key");
        let mut leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .expect("leaf params");
        leaf.distinguished_name
            .push(DnType::CommonName, "kb4-setup test server");
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let cert = leaf.signed_by(&leaf_key, &impostor).expect("impostor leaf");
        TlsCert {
            chain: vec![cert.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        }
    }

    /// A server certificate of the given kind, signed by this CA.
    pub fn leaf(&self, kind: LeafKind) -> TlsCert {
        let names = match kind {
            LeafKind::WrongName => vec!["wrong-host.example".to_owned()],
            _ => vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
        };
        let key = KeyPair::generate().expect("leaf key");
        let mut params = CertificateParams::new(names).expect("leaf params");
        params
            .distinguished_name
            .push(DnType::CommonName, "kb4-setup test server");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        let now = time::OffsetDateTime::now_utc();
        if kind == LeafKind::Expired {
            params.not_before = now - time::Duration::days(400);
            params.not_after = now - time::Duration::days(365);
        } else {
            params.not_before = now - time::Duration::days(1);
            params.not_after = now + time::Duration::days(90);
        }
        let cert = params
            .signed_by(&key, &self.issuer)
            .expect("leaf certificate");
        TlsCert {
            chain: vec![cert.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        }
    }
}
