#!/usr/bin/env bash
# Installs what is missing, builds kb4-setup and opens its window.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh run
cargo run --release -- "$@"
