#!/usr/bin/env bash
# Cross-builds the Windows app and its installer on Debian 12 (x86-64), with no Windows machine:
#   <windows target dir>/x86_64-pc-windows-gnu/<profile>/kb4-setup.exe   the app as built
#   dist/windows/kb4-setup.exe                                           the stripped copy shipped
#   dist/kb4-setup_<version>_x64-setup.exe                               NSIS installer
#
#   scripts/build-windows.sh [--profile release|windows-ci] [--no-installer]
#
# --profile      release (default): what the release workflow ships.
#                windows-ci: what CI builds and checks under Wine (scripts/check-windows.sh).
#                It is the dev profile without debug info (Cargo.toml says why): a cold release
#                build optimises every dependency at opt-level 3, which costs CI far more time
#                than the check gains. The code, features, resources, subsystem and installer
#                are the same; only optimisation differs.
# --no-installer build and check the .exe only.
#
# How: Debian's rustc-web/cargo-web (Rust 1.96, /usr/bin/cargo) with its standard library
# source (rust-web-src), rebuilt for x86_64-pc-windows-gnu with -Zbuild-std (RUSTC_BOOTSTRAP=1
# allows that flag on a stable compiler), linked by MinGW-w64's gcc; build.rs embeds the icon,
# version info and manifest with MinGW's windres; NSIS's makensis builds the installer from
# packaging/windows/installer.nsi. The project's own toolchain (rustup) stays the default:
# Debian's cargo and rustc are only ever called by full path here.
#
# Environment:
#   KB4_WINDOWS_TARGET_DIR  cargo target dir of the Windows build (default: <cargo target
#                           dir>/windows-cross, kept apart from the Linux build's files because
#                           another compiler builds them). The first build there also builds
#                           the standard library for Windows; later builds reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
installer=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:-}"; shift 2 ;;
    --profile=*) profile="${1#*=}"; shift ;;
    --no-installer) installer=0; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-windows.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release|windows-ci) ;;
  *) echo "build-windows.sh: --profile must be release or windows-ci, not '$profile'" >&2; exit 2 ;;
esac

fail() { echo "build-windows.sh: $*" >&2; exit 1; }
started=$(date +%s)
step() { echo "== [build-windows $(($(date +%s) - started)) s] $*"; }

target=x86_64-pc-windows-gnu
debian_cargo=/usr/bin/cargo
debian_rustc=/usr/bin/rustc
std_source=/usr/lib/rustlib/src/rust/library

# --- tools -----------------------------------------------------------------------------------
packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 ||
    fail "needs the Debian packages ${missing[*]}, and this system has no apt-get (build on Debian 12)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  step "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq ||
    fail "apt-get update failed; the packages ${missing[*]} are needed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    fail "could not install ${missing[*]} (they are Debian 12 bookworm packages; rustc-web is in bookworm's main and bookworm-security)"
fi
for tool in "$debian_cargo" "$debian_rustc" x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres \
  x86_64-w64-mingw32-strip x86_64-w64-mingw32-objdump makensis; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing although its package is installed"
done
[ -d "$std_source/std" ] || fail "no standard library source in $std_source (package rust-web-src)"

# --- version and target directory ------------------------------------------------------------
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || fail "could not read the package version from Cargo.toml"
if [ -z "${KB4_WINDOWS_TARGET_DIR:-}" ]; then
  linux_target_dir=${CARGO_TARGET_DIR:-target}
  KB4_WINDOWS_TARGET_DIR="$linux_target_dir/windows-cross"
fi
mkdir -p "$KB4_WINDOWS_TARGET_DIR"
windows_target_dir=$(cd "$KB4_WINDOWS_TARGET_DIR" && pwd)
case "$profile" in
  release) profile_dir=release ;;
  *) profile_dir=$profile ;;
esac
exe="$windows_target_dir/$target/$profile_dir/kb4-setup.exe"

# --- build -----------------------------------------------------------------------------------
step "building kb4-setup.exe ($profile profile, $target, Debian $("$debian_rustc" --version | cut -d' ' -f2)) in $windows_target_dir"
build_started=$(date +%s)
# Only Debian's toolchain: the rustup proxies earlier in PATH must not supply rustc or rustdoc.
env -u RUSTUP_TOOLCHAIN -u RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS \
  RUSTC="$debian_rustc" RUSTDOC=/usr/bin/rustdoc \
  RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_DIR="$windows_target_dir" \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc \
  AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar \
  WINDRES=x86_64-w64-mingw32-windres \
  "$debian_cargo" build --locked --profile "$profile" --bin kb4-setup \
  --target "$target" -Zbuild-std=std,panic_abort ||
  fail "the Windows cross-build failed (see the compiler output above)"
step "build took $(($(date +%s) - build_started)) s"
[ -f "$exe" ] || fail "the build reported success but $exe does not exist"

# --- what the .exe must be -------------------------------------------------------------------
# GUI subsystem (no console window when double-clicked), and the resources build.rs embeds.
headers=$(x86_64-w64-mingw32-objdump -p "$exe")
grep -q '^Subsystem.*(Windows GUI)' <<<"$headers" ||
  fail "$exe is not a GUI-subsystem program: $(grep '^Subsystem' <<<"$headers")"
resources=$(x86_64-w64-mingw32-windres --input "$exe" --input-format coff --output-format rc 2>&1) ||
  fail "could not read the resources of $exe: $resources"
grep -q '^1 VERSIONINFO' <<<"$resources" || fail "$exe has no version information resource"
grep -qF 'VALUE "FileDescription", "KnowBe4 SSO & SCIM Setup"' <<<"$resources" ||
  fail "$exe's version information lacks its FileDescription"
grep -q '^[0-9]* 14 /\* RT_GROUP_ICON' <<<"$resources" || fail "$exe has no icon resource"
grep -q '^1 24 /\* RT_MANIFEST' <<<"$resources" || fail "$exe has no application manifest"

mkdir -p dist/windows
staged=dist/windows/kb4-setup.exe
x86_64-w64-mingw32-strip --strip-all -o "$staged" "$exe"
step "$staged: $(du -h "$staged" | cut -f1) (from $exe)"

if [ "$installer" = 0 ]; then
  exit 0
fi

# --- installer -------------------------------------------------------------------------------
setup="dist/kb4-setup_${version}_x64-setup.exe"
step "makensis -> $setup"
rm -f "$setup"
makensis -V2 -NOCD \
  "-DVERSION=$version" \
  "-DAPP_EXE=$staged" \
  "-DOUTFILE=$setup" \
  packaging/windows/installer.nsi ||
  fail "makensis could not build the installer from packaging/windows/installer.nsi"
[ -f "$setup" ] || fail "makensis reported success but $setup does not exist"
step "$setup: $(du -h "$setup" | cut -f1)"
