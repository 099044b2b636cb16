#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages TermDesk needs to build, test, package and run, if any is missing.
# Runs apt-get as root, or through sudo.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite qt6-tools-dev qt6-l10n-tools qt6-charts-dev
  qt6-translations-l10n
  libgl-dev libvulkan-dev
  protobuf-compiler libprotobuf-dev
  sqlite3 libsqlite3-dev
  # packaging and its check (scripts/package-test.sh): the .deb's dependencies and tools, the
  # desktop-file and AppStream validators, systemd-analyze, the process tools, the Windows
  # installer compiler and the mingw-w64 cross compiler (compile checks of the Windows code)
  qt6-qpa-plugins dpkg-dev desktop-file-utils appstream systemd procps
  nsis g++-mingw-w64-x86-64-posix
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
