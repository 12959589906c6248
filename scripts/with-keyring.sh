#!/bin/sh
# Runs a command inside a private, headless Secret Service session.
#
#   scripts/with-keyring.sh cargo test --test domain domain::keychain::
#
# Why: the keychain tests must talk to a real Secret Service (GNOME Keyring), never a mock,
# and must not touch the caller's own keyring or home folders. This script gives the command
#   - fresh 0700 XDG_RUNTIME_DIR / XDG_DATA_HOME / XDG_CONFIG_HOME / XDG_CACHE_HOME /
#     XDG_STATE_HOME folders (the keyring files land in $XDG_DATA_HOME/keyrings),
#   - a private D-Bus session bus (dbus-run-session), and
#   - gnome-keyring-daemon with only its secrets component, unlocked with a throwaway password.
# The daemon is stopped when the command ends (and would die with the private bus anyway); the
# temporary folders are removed on exit. Works as root and without a display. The exit status
# is the command's.
#
# Needs: dbus-run-session and dbus-send (dbus), gnome-keyring-daemon (gnome-keyring).
# On Debian/Ubuntu: apt-get install -y gnome-keyring libsecret-tools dbus-x11
#
# The variables KB4_KEYRING_TMP_ROOT (parent of the temporary folders, default: the system
# temporary folder) and KB4_KEEP_KEYRING_DIRS=1 (keep the folders, to inspect them) exist for
# debugging.

set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: '$tool' is not installed. On Debian/Ubuntu run:" >&2
        echo "    apt-get install -y gnome-keyring libsecret-tools dbus-x11" >&2
        exit 2
    fi
done

root=$(mktemp -d "${KB4_KEYRING_TMP_ROOT:-${TMPDIR:-/tmp}}/kb4-keyring.XXXXXXXX")
chmod 0700 "$root"

cleanup() {
    if [ "${KB4_KEEP_KEYRING_DIRS:-0}" = 1 ]; then
        echo "$0: kept $root" >&2
    else
        rm -rf "$root"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for dir in runtime data config cache state; do
    mkdir -m 0700 "$root/$dir"
done

export XDG_RUNTIME_DIR="$root/runtime"
export XDG_DATA_HOME="$root/data"
export XDG_CONFIG_HOME="$root/config"
export XDG_CACHE_HOME="$root/cache"
export XDG_STATE_HOME="$root/state"
# Tells tests/domain/keychain.rs that it runs inside this throwaway session, so it may write to the
# Secret Service (it never writes to a keyring it finds outside one).
export KB4_TEST_KEYRING=1
# Never talk to a keyring or bus the caller may have.
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# The inner shell gets the command as "$@" (after the "with-keyring" $0), so arguments with
# spaces or quotes pass through untouched. The daemon runs in the foreground as a child of the
# inner shell, so the shell knows its pid: it waits until the daemon owns
# org.freedesktop.secrets on the bus, runs the command, then stops the daemon and waits for it
# (not only relying on it dying with the bus). The throwaway password only guards the
# throwaway keyring.
status=0
dbus-run-session -- sh -c '
    printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
    daemon=$!
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ] || ! kill -0 "$daemon" 2>/dev/null; then
            echo "with-keyring: gnome-keyring-daemon did not start its Secret Service" >&2
            kill "$daemon" 2>/dev/null
            exit 2
        fi
        sleep 0.1
    done
    status=0
    "$@" || status=$?
    kill "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null
    exit "$status"
' with-keyring "$@" || status=$?
exit "$status"
