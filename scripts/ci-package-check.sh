#!/usr/bin/env bash
# CI packaging check, run by scripts/test.sh after the tests pass (as root, no display):
#   1. builds the .deb from the dev-profile build the tests already made (no rebuild),
#   2. installs it with dpkg -i (fails if its Depends are not met: that is the point),
#   3. runs /usr/bin/kb4-setup --version, and opens the installed app under a private Xvfb
#      until it draws its first frame,
#   4. validates the installed .desktop file and AppStream metainfo,
#   5. removes the package again (also when a step fails).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "ci-package-check: $*" >&2; exit 1; }
step() { echo "== [$(($(date +%s) - started)) s] $*"; }

if [ "$(id -u)" -ne 0 ]; then
  fail "must run as root (it installs the .deb with dpkg)"
fi
for tool in dpkg Xvfb appstreamcli desktop-file-validate timeout; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "'$tool' is missing; run scripts/install-deps.sh test (packages xvfb, appstream, desktop-file-utils)"
done

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/kb4-package-check.XXXXXXXX")
xvfb_pid=""
installed=0
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  if [ "$installed" = 1 ]; then
    dpkg -r kb4-setup >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

rm -f dist/kb4-setup_*.deb
step "scripts/package.sh --profile dev --only deb"
bash scripts/package.sh --profile dev --only deb
deb=$(ls dist/kb4-setup_*.deb)

step "dpkg -i $deb"
installed=1
if ! dpkg -i "$deb"; then
  echo "ci-package-check: dpkg could not install the package. If it names missing dependencies," >&2
  echo "the Depends field in Cargo.toml [package.metadata.deb] names a package this system lacks" >&2
  echo "or that does not exist here: fix the field (or install-deps.sh), do not mask it." >&2
  exit 1
fi

step "/usr/bin/kb4-setup --version"
version_line=$(/usr/bin/kb4-setup --version)
echo "$version_line"
case "$version_line" in
  "kb4-setup "*) ;;
  *) fail "unexpected --version output: $version_line" ;;
esac

for file in /usr/share/applications/kb4-setup.desktop \
  /usr/share/icons/hicolor/scalable/apps/kb4-setup.svg \
  /usr/share/icons/hicolor/16x16/apps/kb4-setup.png \
  /usr/share/icons/hicolor/512x512/apps/kb4-setup.png; do
  [ -f "$file" ] || fail "the package did not install $file"
done
metainfo=$(ls /usr/share/metainfo/io.github.kb4setup.kb4setup.metainfo.xml 2>/dev/null | head -n 1)
[ -n "$metainfo" ] || fail "the package did not install its AppStream metainfo"

step "first frame under a private Xvfb"
source scripts/private-xvfb.sh
start_private_xvfb 150 199 || fail "no Xvfb display could be started on :150 to :199"

mkdir -m 0700 "$work/home" "$work/runtime"
status=0
env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
  DISPLAY="$display" HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime" \
  XDG_CONFIG_HOME="$work/home/config" XDG_STATE_HOME="$work/home/state" \
  XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data" \
  timeout 120 /usr/bin/kb4-setup --quit-after-first-frame >"$work/stdout" 2>"$work/stderr" || status=$?
if [ "$status" -ne 0 ] || ! grep -q "first frame drawn" "$work/stdout"; then
  echo "--- stdout"; cat "$work/stdout"; echo "--- stderr"; cat "$work/stderr"
  fail "the installed app did not draw its first frame and exit cleanly (exit $status)"
fi
cat "$work/stdout"

step "validating the installed desktop entry and metainfo"
desktop-file-validate /usr/share/applications/kb4-setup.desktop
appstreamcli validate --no-net --explain "$metainfo"

step "dpkg -r kb4-setup"
dpkg -r kb4-setup
installed=0
[ ! -e /usr/bin/kb4-setup ] || fail "dpkg -r left /usr/bin/kb4-setup behind"

echo "Package check passed in $(($(date +%s) - started)) s."
