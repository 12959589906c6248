#!/usr/bin/env bash
# Renders the app icon from assets/kb4-setup.svg into the committed files:
#   assets/icons/kb4-setup-<size>.png  for 16 24 32 48 64 128 256 512 (Linux hicolor theme, window icon)
#   assets/kb4-setup.ico               multi-size Windows icon (16..256), embedded by build.rs
#   assets/kb4-setup.icns              macOS bundle icon (16..512)
# Run it after editing the SVG and commit the results: builds and CI never regenerate them.
# Needs: rsvg-convert (librsvg2-bin), convert (imagemagick), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "render-icons: missing ${missing[*]}. On Debian/Ubuntu: apt-get install librsvg2-bin imagemagick icnsutils" >&2
  exit 2
fi

svg=assets/kb4-setup.svg
out=assets/icons
mkdir -p "$out"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$out/kb4-setup-$size.png"
done

# Windows shows 16..256 px; a larger frame only makes the .ico (and the .exe) bigger.
convert "$out"/kb4-setup-{16,24,32,48,64,128,256}.png assets/kb4-setup.ico
# png2icns takes only the sizes the format defines (no 24 or 64).
png2icns assets/kb4-setup.icns "$out"/kb4-setup-{16,32,48,128,256,512}.png >/dev/null

echo "Rendered $(ls "$out" | wc -l) PNGs, assets/kb4-setup.ico and assets/kb4-setup.icns"
