#!/usr/bin/env bash
# Installs what kb4-setup needs on Debian 12 / Ubuntu, skipping what is already there.
#   scripts/install-deps.sh run    packages to build and run the app
#   scripts/install-deps.sh test   also what the tests and the packaging check need (Xvfb,
#                                  lavapipe, Secret Service, openssl, desktop/AppStream validators)
set -euo pipefail

mode="${1:-run}"

# Runtime libraries the window loads (X11, Wayland, Vulkan/GL), and a keychain.
run_packages=(
  ca-certificates curl gcc pkg-config
  libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon0 libxkbcommon-x11-0
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  libvulkan1 mesa-vulkan-drivers libgl1 libegl1 libfontconfig1
  gnome-keyring
)
# What the test suite uses on a machine with no display.
test_packages=(
  xvfb xdotool imagemagick x11-utils
  dbus dbus-x11 libsecret-tools
  openssl xmlsec1
  # scripts/ci-package-check.sh: strip/objdump, and the .desktop and AppStream validators
  binutils desktop-file-utils appstream
)

packages=("${run_packages[@]}")
if [ "$mode" = "test" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust 1.95 or newer (Debian's own rustc is too old for egui 0.37).
if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "Installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
