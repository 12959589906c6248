#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs: formatting, lints, all tests inside
# a headless D-Bus session with an unlocked GNOME Keyring (the real Secret Service), and then a
# packaging check (scripts/ci-package-check.sh: build, install, start and remove the .deb), and
# the Windows check (scripts/check-windows.sh: cross-build the .exe and its installer, install
# it under Wine, compare its CLI output with the Linux build's, uninstall it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh test

started=$(date +%s)
cargo fmt --check
cargo clippy --all-targets -- -D warnings
# The fuzz targets (a workspace of their own, run by scripts/fuzz.sh on nightly) must keep
# compiling against the library: type-check them with the stable toolchain.
cargo check --manifest-path fuzz/Cargo.toml --bins --target-dir target
cargo build --lib --bins --tests
# KB4_REQUIRE_KEYRING and KB4_REQUIRE_XMLSEC1 turn the keychain and xmlsec1 tests' skips
# (no Secret Service, no xmlsec1) into failures, so they cannot pass here without running.
KB4_REQUIRE_KEYRING=1 KB4_REQUIRE_XMLSEC1=1 scripts/with-keyring.sh cargo test --lib --bins --tests
# The tests passed: package the same dev build as a .deb, install it, start it, remove it.
bash scripts/ci-package-check.sh
# The Windows build: cross-built here, installed and run under Wine.
bash scripts/check-windows.sh
echo "All checks passed in $(( $(date +%s) - started )) s."
