#!/usr/bin/env bash
# CI check of the Windows build, run by scripts/test.sh after the Linux tests pass:
#   1. builds kb4-setup.exe and its NSIS installer (scripts/build-windows.sh --profile windows-ci);
#   2. reads the .exe's resources: the icon equals assets/kb4-setup.ico, the version info names
#      the version and commit, the manifest equals assets/windows/kb4-setup.exe.manifest;
#   3. in a throw-away 64-bit Wine prefix, installs it silently (/S, per-user), runs the
#      installed kb4-setup.exe --version, fingerprint, saml-values, inspect-response and check
#      (against the integration tests' SCIM server on 127.0.0.1, examples/cli_fixtures.rs) and
#      compares what it prints and its exit code with the Linux build's on the same inputs;
#   4. saves, reads and deletes a token through the Windows keychain code (Wine's own
#      credential store: a smoke test of the code path, not of Windows' Credential Manager);
#   5. tries the window (--quit-after-first-frame) under a private Xvfb: if Wine's renderer
#      cannot start it, that is said plainly and does not fail the check;
#   6. uninstalls, and checks the program, its Start-menu entry and its registry keys are gone;
#      then does the same install / --version / uninstall round for all users (/AllUsers).
# Wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which Rust programs need on Windows: the
# prefix gets a stand-in built from tests/windows/bcryptprimitives.c, a test fixture that is
# never packaged.
#
# Environment: CARGO_TARGET_DIR (the Linux build, as scripts/test.sh made it) and
# KB4_WINDOWS_TARGET_DIR (see scripts/build-windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-windows.sh: FAILED: $*" >&2; exit 1; }
started=$(date +%s)
step() { echo "== [check-windows $(($(date +%s) - started)) s] $*"; }

wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver64

# --- tools -----------------------------------------------------------------------------------
packages=(wine64 icoutils xvfb)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  step "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq || fail "apt-get update failed; ${missing[*]} are needed"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    fail "could not install ${missing[*]} (Debian 12 packages)"
fi
for tool in "$wine" "$wineserver" wrestool icotool md5sum Xvfb timeout cmp script; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is missing although its package is installed"
done
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# --- builds ----------------------------------------------------------------------------------
step "scripts/build-windows.sh --profile windows-ci"
bash scripts/build-windows.sh --profile windows-ci
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)
setup="dist/kb4-setup_${version}_x64-setup.exe"
staged=dist/windows/kb4-setup.exe
[ -f "$setup" ] || fail "build-windows.sh did not leave $setup"

# The Linux side: the binary the tests used, and the fixtures/server example (same profile, so
# it reuses the tests' dependencies).
step "cargo build --bin kb4-setup --example cli_fixtures (Linux)"
cargo build --bin kb4-setup --example cli_fixtures
linux_target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
linux_exe="$linux_target_dir/debug/kb4-setup"
fixtures_exe="$linux_target_dir/debug/examples/cli_fixtures"
[ -x "$linux_exe" ] && [ -x "$fixtures_exe" ] || fail "the Linux build did not produce $linux_exe and $fixtures_exe"

# --- resources in the PE ---------------------------------------------------------------------
step "resources of $staged"
work=$(mktemp -d "${TMPDIR:-/tmp}/kb4-windows-check.XXXXXXXX")
server_pid=""
xvfb_pid=""
cleanup() {
  exec 9>&- 2>/dev/null || true
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -d "$work/prefix" ]; then
    WINEPREFIX="$work/prefix" "$wineserver" -k 2>/dev/null || true
  fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The icon: every image of the embedded icon group, decoded, equals the one in the .ico file
# (the container's padding may differ, the pictures may not).
icon_images() {
  local ico=$1 out=$2
  mkdir -p "$out"
  cp "$ico" "$out/icon.ico"
  icotool -x -o "$out" "$out/icon.ico" || fail "icotool could not read $ico"
  rm "$out/icon.ico"
  (cd "$out" && md5sum -- *)
}
wrestool -x -t 14 "$staged" >"$work/embedded.ico" ||
  fail "wrestool could not extract the icon group from $staged"
embedded_images=$(icon_images "$work/embedded.ico" "$work/icon-embedded")
asset_images=$(icon_images assets/kb4-setup.ico "$work/icon-asset")
[ -n "$asset_images" ] && [ "$embedded_images" = "$asset_images" ] || {
  diff <(echo "$asset_images") <(echo "$embedded_images") >&2 || true
  fail "the icon embedded in $staged differs from assets/kb4-setup.ico"
}
echo "icon: the same $(wc -l <<<"$asset_images") images as assets/kb4-setup.ico"
resources=$(x86_64-w64-mingw32-windres --input "$staged" --input-format coff --output-format rc)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
for expected in \
  "VALUE \"ProductVersion\", \"$version\"" \
  "VALUE \"FileDescription\", \"KnowBe4 SSO & SCIM Setup\"" \
  "VALUE \"OriginalFilename\", \"kb4-setup.exe\"" \
  "VALUE \"Comments\", \"commit $commit\""; do
  grep -qF "$expected" <<<"$resources" || {
    echo "$resources" | grep -E 'VALUE|FILEVERSION|^1 24' >&2 || true
    fail "the resources of $staged lack: $expected"
  }
done
wrestool -x --raw -t 24 "$staged" >"$work/manifest.xml" || fail "no manifest in $staged"
cmp -s "$work/manifest.xml" assets/windows/kb4-setup.exe.manifest ||
  fail "the manifest embedded in $staged differs from assets/windows/kb4-setup.exe.manifest"
echo "version info: version $version, commit $commit; manifest identical to assets/windows/kb4-setup.exe.manifest"

# --- Wine prefix -----------------------------------------------------------------------------
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all WINESERVER="$wineserver"
# No Mono or Gecko install prompts.
export WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -m 0700 "$work/home" "$work/runtime"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/runtime"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
wine_run() { "$wine" "$@"; }

step "creating the Wine prefix"
wine_run wineboot --init >"$work/wineboot.log" 2>&1 || {
  cat "$work/wineboot.log" >&2
  fail "wineboot could not create a Wine prefix"
}
"$wineserver" -w
system32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$system32" ] || fail "the Wine prefix has no $system32"
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Wextra -Werror -o "$system32/bcryptprimitives.dll" \
  tests/windows/bcryptprimitives.c -ladvapi32 ||
  fail "could not build the ProcessPrng stand-in from tests/windows/bcryptprimitives.c"

# --- install (per-user) ----------------------------------------------------------------------
start_menu_user="$WINEPREFIX/drive_c/users/${USER:-$(id -un)}/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
start_menu_all="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs"
shortcut_name="KnowBe4 SSO & SCIM Setup.lnk"

# install_silently HIVE [MODE_ARG]: runs the installer silently and sets `installed_dir` (unix
# path) from the registry's InstallLocation.
install_silently() {
  local hive=$1
  shift
  wine_run "$setup" /S "$@" || fail "the installer exited with status $? ($*)"
  "$wineserver" -w
  local location
  location=$(wine_run reg query "$hive\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\kb4-setup" /v InstallLocation 2>/dev/null |
    sed -n 's/.*InstallLocation[[:space:]]*REG_SZ[[:space:]]*//p' | tr -d '\r')
  [ -n "$location" ] || fail "the installer wrote no uninstall entry under $hive"
  windows_dir="$location"
  installed_dir=$(wine_run winepath -u "$location" 2>/dev/null | tr -d '\r')
  installed_dir=${installed_dir%/}
  [ -f "$installed_dir/kb4-setup.exe" ] || fail "no kb4-setup.exe in $installed_dir after installing"
  [ -f "$installed_dir/uninstall.exe" ] || fail "no uninstall.exe in $installed_dir after installing"
}

step "installing $setup silently (/S, per-user)"
install_silently HKCU
case "$windows_dir" in
  *AppData\\Local\\Programs\\kb4-setup) ;;
  *) fail "a per-user install went to $windows_dir, not %LOCALAPPDATA%\\Programs\\kb4-setup" ;;
esac
[ -f "$start_menu_user/$shortcut_name" ] || fail "no Start-menu entry '$shortcut_name' for the user"
echo "installed in $windows_dir, Start-menu entry present"
[ ! -e "$installed_dir/bcryptprimitives.dll" ] || fail "the stand-in DLL ended up beside the program"
win_exe="$windows_dir\\kb4-setup.exe"

# --- the same output as the Linux build ------------------------------------------------------
step "starting the fixtures and SCIM test server (examples/cli_fixtures.rs)"
mkfifo "$work/server-in"
mkdir "$work/inputs"
"$fixtures_exe" "$work/inputs" <"$work/server-in" >"$work/server-out" 2>"$work/server-err" &
server_pid=$!
exec 9>"$work/server-in"
for _ in $(seq 1 600); do
  grep -q '^token=' "$work/server-out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
tenant_url=$(sed -n 's/^tenant_url=//p' "$work/server-out")
token=$(sed -n 's/^token=//p' "$work/server-out")
[ -n "$tenant_url" ] && [ -n "$token" ] || {
  cat "$work/server-err" >&2
  fail "the SCIM test server did not start"
}

# Check durations and the random userName the lookup check asks for differ from run to run.
normalise() {
  sed -i -E 's/\[[0-9]+ ms\]/[N ms]/g; s/"duration_ms": [0-9]+/"duration_ms": N/g;
    s/kb4-setup-check-[0-9a-f]+@/kb4-setup-check-RANDOM@/g' "$1"
}

# run_linux ARGS...: the Linux half of run_both (sets its linux_status, reads name and input).
run_linux() {
  linux_status=0
  (cd "$work/inputs" && "$linux_exe" "$@" <"$input" >"$work/$name.linux" 2>"$work/$name.linux.err") || linux_status=$?
  normalise "$work/$name.linux"
}

# run_both NAME STDIN_FILE ARGS...: runs the Linux and the Windows binary in the inputs folder
# with the same arguments and input; both must print the same and exit the same.
compared=0
run_both() {
  local name=$1 input=$2
  shift 2
  local linux_status=0 windows_status=0
  run_linux "$@"
  (cd "$work/inputs" && wine_run "$win_exe" "$@" <"$input" >"$work/$name.windows" 2>"$work/$name.windows.err") || windows_status=$?
  normalise "$work/$name.windows"
  # Output that depends on the clock ("valid for N more days") may turn over between the two
  # runs: the Linux build runs once more, after the Windows one, before a difference counts.
  if [ "$linux_status" != "$windows_status" ] || ! cmp -s "$work/$name.linux" "$work/$name.windows"; then
    run_linux "$@"
  fi
  if [ "$linux_status" != "$windows_status" ] || ! cmp -s "$work/$name.linux" "$work/$name.windows"; then
    echo "--- kb4-setup $* (Linux, exit $linux_status)"; cat "$work/$name.linux"; cat "$work/$name.linux.err"
    echo "--- kb4-setup.exe $* (Wine, exit $windows_status)"; cat "$work/$name.windows"; cat "$work/$name.windows.err"
    diff -u "$work/$name.linux" "$work/$name.windows" || true
    fail "'kb4-setup $*' differs between Linux and Windows"
  fi
  [ -s "$work/$name.linux" ] || fail "'kb4-setup $*' printed nothing"
  echo "same output, exit $linux_status: kb4-setup $*"
  compared=$((compared + 1))
}

step "comparing the installed kb4-setup.exe with the Linux build"
printf '' >"$work/empty"
printf '%s\n' "$token" >"$work/token"
printf 'not-the-%s\n' "$token" >"$work/wrong-token"
run_both version "$work/empty" --version
grep -q "^kb4-setup $version .*$commit" "$work/version.windows" ||
  fail "--version printed '$(cat "$work/version.windows")', without the version $version and commit $commit"
echo "  $(cat "$work/version.windows")"
# The same from a Windows console: cmd.exe on a terminal (script gives it one), as a user
# types it. Wine hands a GUI program its parent's console handles itself (there,
# AttachConsole finds nothing to attach to), so this shows the text reaches a console under
# Wine; that AttachConsole does it on Windows, Wine cannot show.
(cd "$work" && script -qec "$(printf '%q ' "$wine" cmd /c "$win_exe" --version)" /dev/null \
  </dev/null >"$work/console.out" 2>&1) || true
grep -q "kb4-setup $version .*$commit" "$work/console.out" || {
  cat -v "$work/console.out" >&2
  fail "kb4-setup.exe --version run from cmd.exe on a console printed no version and commit"
}
echo "  from cmd.exe on a console: $(grep -o "kb4-setup $version[^[:cntrl:]]*" "$work/console.out" | head -n 1)"
run_both fingerprint "$work/empty" fingerprint idp.pem
run_both fingerprint-json "$work/empty" fingerprint idp.pem --json
run_both saml-values "$work/empty" saml-values --region eu --saml-id Ab12Cd34
run_both saml-values-json "$work/empty" saml-values --region us --saml-id a1b2c3d4e5f --json
run_both inspect-good "$work/empty" inspect-response good.b64 --cert idp.pem --region us --saml-id a1b2c3d4e5f
run_both inspect-good-json "$work/empty" inspect-response good.b64 --cert idp.pem --region us --saml-id a1b2c3d4e5f --json
run_both inspect-forged "$work/empty" inspect-response forged.b64 --cert idp.pem --region us --saml-id a1b2c3d4e5f
run_both check "$work/token" check --tenant-url "$tenant_url" --token-stdin --timeout 20
run_both check-wrong-token "$work/wrong-token" check --tenant-url "$tenant_url" --token-stdin --timeout 20
grep -q '^Result: all checks passed' "$work/check.windows" || fail "check against the test server did not pass"
if grep -rqF "$token" "$work"/*.windows "$work"/*.windows.err; then
  fail "the Windows build printed the SCIM token"
fi

# --- keychain code path ----------------------------------------------------------------------
# Wine implements CredWrite/CredRead itself (in its registry): this proves the Windows store
# code runs and round-trips, not that Windows' Credential Manager behaves the same.
step "token set / status / delete through the Windows keychain code (Wine's credential store)"
keychain_url=https://training.knowbe4.com/scim/v2
wine_run "$win_exe" token set --tenant-url "$keychain_url" <"$work/token" >"$work/token-set.out" 2>&1 || {
  cat "$work/token-set.out"; fail "token set failed under Wine"
}
wine_run "$win_exe" token status --tenant-url "$keychain_url" </dev/null >"$work/token-status.out" 2>&1 || {
  cat "$work/token-status.out"; fail "token status failed after token set under Wine"
}
wine_run "$win_exe" token delete --tenant-url "$keychain_url" </dev/null >"$work/token-delete.out" 2>&1 || {
  cat "$work/token-delete.out"; fail "token delete failed under Wine"
}
if grep -qF "$token" "$work"/token-*.out; then fail "a token subcommand printed the token"; fi
echo "  set: $(head -n 1 "$work/token-set.out")"
echo "  status: $(head -n 1 "$work/token-status.out")"
echo "  delete: $(head -n 1 "$work/token-delete.out")"

# --- the window ------------------------------------------------------------------------------
step "the window under Xvfb + Wine (--quit-after-first-frame)"
source scripts/private-xvfb.sh
window_result="NOT CHECKED: no Xvfb display could be started"
if start_private_xvfb 200 249; then
  window_status=0
  (cd "$work" && DISPLAY="$display" timeout 120 "$wine" "$win_exe" --quit-after-first-frame \
    >"$work/window.out" 2>"$work/window.err") || window_status=$?
  if [ "$window_status" = 0 ] && grep -q "first frame drawn" "$work/window.out"; then
    window_result="PASS: the window drew its first frame under Wine"
  else
    reason=$({ grep -v '^[[:space:]]*$' "$work/window.err" || true; } | tail -n 3 | tr '\n' ' ')
    if [ "$window_status" = 124 ]; then reason="no first frame within 120 s. $reason"; fi
    window_result="NOT CHECKED: the window did not start under Wine (exit $window_status): ${reason:-no message}"
  fi
  "$wineserver" -k 2>/dev/null || true
  "$wineserver" -w
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
fi
echo "$window_result"

# --- uninstall -------------------------------------------------------------------------------
# uninstall_silently MODE: runs the uninstaller the way Settings > Apps would, then checks that
# the program, its folder, the Start-menu entry and the registry keys are gone.
uninstall_silently() {
  local mode=$1 hive=$2 menu=$3
  # The NSIS uninstaller copies itself to %TEMP% and exits; wineserver -w waits for the copy.
  wine_run "$windows_dir\\uninstall.exe" "/$mode" /S || fail "the uninstaller exited with status $?"
  "$wineserver" -w
  [ ! -e "$installed_dir/kb4-setup.exe" ] || fail "the uninstaller left $installed_dir/kb4-setup.exe"
  [ ! -e "$installed_dir" ] || fail "the uninstaller left the folder $installed_dir ($(ls -A "$installed_dir"))"
  [ ! -e "$menu/$shortcut_name" ] || fail "the uninstaller left the Start-menu entry"
  if wine_run reg query "$hive\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\kb4-setup" >/dev/null 2>&1; then
    fail "the uninstaller left its entry in $hive's Uninstall key"
  fi
  if wine_run reg query "$hive\\Software\\kb4-setup" >/dev/null 2>&1; then
    fail "the uninstaller left $hive\\Software\\kb4-setup"
  fi
}

step "uninstalling (per-user)"
uninstall_silently CurrentUser HKCU "$start_menu_user"
echo "program, folder, Start-menu entry and registry keys removed"

step "installing for all users (/S /AllUsers), --version, uninstalling"
install_silently HKLM /AllUsers
case "$windows_dir" in
  'C:\Program Files\kb4-setup') ;;
  *) fail "a per-machine install went to $windows_dir, not C:\\Program Files\\kb4-setup" ;;
esac
[ -f "$start_menu_all/$shortcut_name" ] || fail "no Start-menu entry '$shortcut_name' for all users"
all_users_version=$(wine_run "$windows_dir\\kb4-setup.exe" --version </dev/null)
grep -q "^kb4-setup $version" <<<"$all_users_version" || fail "the per-machine install's --version printed '$all_users_version'"
uninstall_silently AllUsers HKLM "$start_menu_all"
echo "installed in $windows_dir for all users, ran, and removed"

echo "Windows check passed in $(($(date +%s) - started)) s: $compared outputs equal to the Linux build's; window: $window_result"
