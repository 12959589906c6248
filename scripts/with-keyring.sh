#!/usr/bin/env bash
# Runs a command inside a private, headless D-Bus session with an unlocked GNOME Keyring, so
# tests talk to a real Secret Service. XDG folders point at fresh 0700 temporary folders.
#   scripts/with-keyring.sh cargo test
set -euo pipefail
if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
session_root=$(mktemp -d -t kb4-session.XXXXXX)
trap 'rm -rf "$session_root"' EXIT
for folder in runtime data config cache state; do
  mkdir -m 0700 "$session_root/$folder"
done
export XDG_RUNTIME_DIR="$session_root/runtime"
export XDG_DATA_HOME="$session_root/data"
export XDG_CONFIG_HOME="$session_root/config"
export XDG_CACHE_HOME="$session_root/cache"
export XDG_STATE_HOME="$session_root/state"
# The keyring daemon exits with the session bus when the command ends.
dbus-run-session -- sh -c 'printf "%s" "kb4-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' kb4-session "$@"
