#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages TermDesk needs, if any is missing: to build and run it (what
# scripts/start.sh needs), and with --test also what the test suite's packaging check uses
# (scripts/test.sh). Runs apt-get as root, or through sudo. scripts/fresh-debian-test.sh proves
# on a minimal Debian 12 that this list is enough for the README's first command.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite qt6-tools-dev qt6-l10n-tools qt6-charts-dev
  # Qt6Charts' CMake package needs Qt6OpenGL, which qt6-base-dev only recommends (and recommends
  # are not installed below)
  libqt6opengl6-dev
  qt6-translations-l10n
  libgl-dev libvulkan-dev
  protobuf-compiler libprotobuf-dev
  sqlite3 libsqlite3-dev
  # termdesk tls generate: a self-signed certificate with OpenSSL's libcrypto (docs/security.md)
  libssl-dev
  # PostgreSQL as a shared store (docs/multi-pc.md): Qt's QPSQL plugin, and libpq's headers for
  # the punch path (TERMDESK_LIBPQ)
  libqt6sql6-psql libpq-dev
  # the offscreen and xcb platform plugins, the process tools scripts use
  qt6-qpa-plugins procps
)
if [ "${1:-}" = --test ]; then
  # packaging and its check (scripts/package-test.sh): the .deb's tools, the desktop-file and
  # AppStream validators, systemd-analyze, the Windows installer compiler and the mingw-w64 cross
  # compiler (compile checks of the Windows code); git and mmdebstrap for the fresh-machine check;
  # clang-format for the formatting check (scripts/format-check.sh); the PostgreSQL 15 server, whose
  # initdb and pg_ctl the PostgreSQL tests run for a throwaway cluster of their own (tests/common/pgcluster.h)
  PACKAGES+=(dpkg-dev desktop-file-utils appstream systemd nsis g++-mingw-w64-x86-64-posix git mmdebstrap
    clang-format postgresql-15)
elif [ $# -gt 0 ]; then
  echo "usage: scripts/deps.sh [--test]" >&2
  exit 2
fi

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
