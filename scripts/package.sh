#!/usr/bin/env bash
# Builds the Linux packages into dist/:
#   kb4-setup_<version>-1_<arch>.deb      (cargo-deb)
#   kb4-setup-<version>-1.<arch>.rpm      (cargo-generate-rpm)
#   kb4-setup-<version>-linux-<arch>.tar.gz  (binary, icons, .desktop, metainfo, install.sh)
#
#   scripts/package.sh [--profile release|dev] [--only deb|rpm|tar]
#
# --profile  the cargo profile to package (default release). dev reuses the build the tests
#            made, for CI; the binary is stripped either way.
# --only     build one package type (default: all three).
# Missing cargo-deb / cargo-generate-rpm are installed with `cargo install --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
only=all
while [ "$#" -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:-}"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --only) only="${2:-}"; shift 2 ;;
    --only=*) only="${1#*=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$profile" in release|dev) ;; *) echo "package.sh: --profile must be release or dev, not '$profile'" >&2; exit 2 ;; esac
case "$only" in all|deb|rpm|tar) ;; *) echo "package.sh: --only must be deb, rpm or tar, not '$only'" >&2; exit 2 ;; esac
wants() { [ "$only" = all ] || [ "$only" = "$1" ]; }

fail() { echo "package.sh: $*" >&2; exit 1; }

# cargo is found in ~/.cargo/bin even when the caller's PATH lacks it.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || fail "cargo is not installed; run scripts/install-deps.sh first"
for tool in strip tar gzip; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing (Debian/Ubuntu: apt-get install binutils tar gzip)"
done

# Installs a cargo subcommand if missing; says clearly what to do when that fails.
ensure_cargo_tool() {
  local subcommand=$1 crate=$2
  if cargo "$subcommand" --version >/dev/null 2>&1; then
    return
  fi
  echo "Installing $crate (cargo install --locked $crate)"
  cargo install --locked "$crate" ||
    fail "'cargo $subcommand' is missing and 'cargo install --locked $crate' failed; install it by hand and run again"
}

target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target_dir" ] || fail "could not find cargo's target directory"
case "$profile" in release) profile_dir=release ;; dev) profile_dir=debug ;; esac
version=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"name":"kb4-setup","version":"\([^"]*\)".*/\1/p')
[ -n "$version" ] || fail "could not read the package version"
arch=$(uname -m)

echo "Building kb4-setup ($profile profile)"
if [ "$profile" = dev ]; then
  # The very command scripts/test.sh runs, so CI reuses its build. Building the binary alone
  # would resolve features without the dev-dependencies (serde_json, hyper and a few more get
  # fewer features) and recompile the crate and part of its dependencies.
  cargo build --lib --bins --tests
else
  cargo build --release --bin kb4-setup
fi

# Every package takes the binary from one stripped copy, so all three ship the same bytes.
staging=target/dist-staging
rm -rf "$staging"
mkdir -p "$staging"
strip --strip-all -o "$staging/kb4-setup" "$target_dir/$profile_dir/kb4-setup"

# The hand-written libc6 dependency must cover the newest GLIBC symbol the binary uses.
needed_glibc=$(objdump -T "$staging/kb4-setup" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 || true)
declared_glibc=$(sed -n 's/^depends = "libc6 (>= \([0-9.]*\)).*/\1/p' Cargo.toml)
if [ -n "$needed_glibc" ] && [ -n "$declared_glibc" ] &&
  [ "$(printf '%s\n%s\n' "$needed_glibc" "$declared_glibc" | sort -V | tail -n 1)" != "$declared_glibc" ]; then
  fail "the binary needs GLIBC $needed_glibc but Cargo.toml declares libc6 (>= $declared_glibc); update [package.metadata.deb] depends and the rpm requires"
fi

if grep -q 'kb4-setup\.invalid' assets/*.metainfo.xml; then
  echo "package.sh: note: the AppStream metainfo still uses placeholder kb4-setup.invalid addresses" >&2
fi

mkdir -p dist

if wants deb; then
  ensure_cargo_tool deb cargo-deb
  # --no-build: built above. --no-strip: the staged copy is stripped already.
  fast=()
  # A dev package is a CI check, not a release: fast compression saves most of its time.
  if [ "$profile" = dev ]; then fast=(--fast); fi
  cargo deb --no-build --no-strip "${fast[@]}" --output dist/
fi

if wants rpm; then
  ensure_cargo_tool generate-rpm cargo-generate-rpm
  cargo generate-rpm --output dist/
fi

if wants tar; then
  name="kb4-setup-$version-linux-$arch"
  root="target/dist-staging/$name"
  mkdir -p "$root/icons"
  cp "$staging/kb4-setup" "$root/"
  cp assets/kb4-setup.desktop assets/*.metainfo.xml assets/kb4-setup.svg "$root/"
  cp assets/icons/kb4-setup-*.png "$root/icons/"
  cp scripts/tar-install.sh "$root/install.sh"
  chmod 0755 "$root/install.sh" "$root/kb4-setup"
  # Sorted names, fixed owner and times: the same inputs give the same archive.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' \
    -C target/dist-staging -cf - "$name" | gzip -n -9 >"dist/$name.tar.gz"
  echo "Wrote dist/$name.tar.gz"
fi

echo "Packages in dist/:"
ls -l dist/
