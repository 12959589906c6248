#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs: formatting, lints, all tests inside
# a headless D-Bus session with an unlocked GNOME Keyring (the real Secret Service), and then a
# packaging check (scripts/ci-package-check.sh: build, install, start and remove the .deb).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh test

started=$(date +%s)
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo build --lib --bins --tests
KB4_REQUIRE_KEYRING=1 scripts/with-keyring.sh cargo test --lib --bins --tests
# The tests passed: package the same dev build as a .deb, install it, start it, remove it.
bash scripts/ci-package-check.sh
echo "All checks passed in $(( $(date +%s) - started )) s."
