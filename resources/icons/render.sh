#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders termdesk.svg into the hicolor PNG sizes (hicolor/NxN/apps/) and the Windows icon.
# Run after changing the SVG and commit the results: the build does not need librsvg or
# ImageMagick (Windows builds have neither). Needs rsvg-convert (Debian: librsvg2-bin) and,
# for the .ico, ImageMagick's convert (Debian: imagemagick).
set -euo pipefail
cd "$(dirname "$0")"
sizes=(16 24 32 48 64 128 256)
for s in "${sizes[@]}"; do
  mkdir -p "hicolor/${s}x${s}/apps"
  rsvg-convert -w "$s" -h "$s" termdesk.svg -o "hicolor/${s}x${s}/apps/org.termdesk.TermDesk.png"
done
ico_in=()
for s in 16 24 32 48 64 256; do ico_in+=("hicolor/${s}x${s}/apps/org.termdesk.TermDesk.png"); done
IM=$(command -v convert-im6.q16 || command -v magick || echo convert)
"$IM" "${ico_in[@]}" ../windows/termdesk.ico
