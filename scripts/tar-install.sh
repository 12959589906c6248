#!/bin/sh
# Installs kb4-setup from this unpacked archive (shipped in the .tar.gz as install.sh).
#
#   ./install.sh                    install under ~/.local (no root needed)
#   ./install.sh --prefix /usr/local   install elsewhere (PREFIX=/usr/local ./install.sh works too)
#   ./install.sh --uninstall        remove what install.sh installed (same --prefix)
#
# Installs bin/kb4-setup, share/applications/kb4-setup.desktop, the hicolor icons and the
# AppStream metainfo. Settings, logs and the keychain entry are left alone by --uninstall;
# see the README's Install section to remove them too.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="${PREFIX:-$HOME/.local}"
action=install
while [ "$#" -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#*=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

metainfo_name=$(cd "$here" && ls ./*.metainfo.xml | head -n 1 | sed 's|^\./||')
sizes="16 24 32 48 64 128 256 512"

# Every file this script installs, relative to the prefix.
installed_files() {
    echo "bin/kb4-setup"
    echo "share/applications/kb4-setup.desktop"
    echo "share/metainfo/$metainfo_name"
    echo "share/icons/hicolor/scalable/apps/kb4-setup.svg"
    for size in $sizes; do
        echo "share/icons/hicolor/${size}x${size}/apps/kb4-setup.png"
    done
}

# Tells the desktop about new or removed files; absent tools are fine.
refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$prefix/share/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$prefix/share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "$action" = uninstall ]; then
    for file in $(installed_files); do
        rm -f "$prefix/$file"
    done
    refresh_caches
    echo "Removed kb4-setup from $prefix."
    exit 0
fi

install -D -m 0755 "$here/kb4-setup" "$prefix/bin/kb4-setup"
# The menu entry runs the binary by its full path: $prefix/bin may not be on the session's PATH.
mkdir -p "$prefix/share/applications"
sed "s|^Exec=kb4-setup|Exec=$prefix/bin/kb4-setup|" "$here/kb4-setup.desktop" \
    >"$prefix/share/applications/kb4-setup.desktop"
chmod 0644 "$prefix/share/applications/kb4-setup.desktop"
install -D -m 0644 "$here/$metainfo_name" "$prefix/share/metainfo/$metainfo_name"
install -D -m 0644 "$here/kb4-setup.svg" "$prefix/share/icons/hicolor/scalable/apps/kb4-setup.svg"
for size in $sizes; do
    install -D -m 0644 "$here/icons/kb4-setup-$size.png" \
        "$prefix/share/icons/hicolor/${size}x${size}/apps/kb4-setup.png"
done
refresh_caches
echo "Installed kb4-setup under $prefix."
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Note: $prefix/bin is not on your PATH; use the menu entry or run $prefix/bin/kb4-setup." ;;
esac
