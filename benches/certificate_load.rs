//! How long loading a certificate takes: a normal one (must feel instant) and a wrong 50 MB
//! file (must be refused well under a second). Plain `Instant` timing, no framework.
//!
//! Run with `cargo bench --bench certificate_load`.

#[allow(dead_code)] // a bench uses only part of the tests' helpers
#[path = "../tests/support/certs.rs"]
mod certs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use certs::{KeyKind, cert, write};
use kb4_setup::certificate::{CertificateError, load_bytes, load_path};

const ITERATIONS: u32 = 2_000;
const HUGE_RUNS: u32 = 20;
const HUGE_BYTES: usize = 50 * 1024 * 1024;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, kind) in [
        ("RSA 2048", KeyKind::Rsa2048),
        ("ECDSA P-256", KeyKind::EcdsaP256),
    ] {
        let generated = cert(kind);
        let path = write(dir.path(), "certificate.pem", &generated.pem);
        let from_bytes = mean(ITERATIONS, || {
            black_box(load_bytes(black_box(generated.pem.as_bytes())).expect("loads"));
        });
        let from_path = mean(ITERATIONS, || {
            black_box(load_path(black_box(&path)).expect("loads"));
        });
        println!(
            "load + fingerprint {name} certificate.pem: {} per load from bytes, {} from the file \
             (mean of {ITERATIONS})",
            show(from_bytes),
            show(from_path)
        );
    }
    let huge = dir.path().join("huge.pem");
    let mut content = cert(KeyKind::EcdsaP256).pem.into_bytes();
    content.resize(HUGE_BYTES, b'A');
    std::fs::write(&huge, &content).expect("write 50 MB file");
    let mut worst = Duration::ZERO;
    let rejection = mean(HUGE_RUNS, || {
        let started = Instant::now();
        let result = load_path(black_box(&huge));
        assert!(matches!(result, Err(CertificateError::TooBig { .. })));
        worst = worst.max(started.elapsed());
    });
    println!(
        "reject a 50 MB file on disk: {} mean, {} worst (of {HUGE_RUNS})",
        show(rejection),
        show(worst)
    );
    let pasted = mean(HUGE_RUNS, || {
        assert!(load_bytes(black_box(&content)).is_err());
    });
    println!(
        "reject 50 MB of pasted/dropped bytes: {} mean",
        show(pasted)
    );
}

fn mean(runs: u32, mut work: impl FnMut()) -> Duration {
    work(); // warm-up: page cache, allocator
    let started = Instant::now();
    for _ in 0..runs {
        work();
    }
    started.elapsed() / runs
}

fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.1} µs")
    } else {
        format!("{:.2} ms", micros / 1000.0)
    }
}
