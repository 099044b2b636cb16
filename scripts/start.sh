#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds TermDesk and starts it: the console when there is a
# display, the headless server otherwise. Extra arguments go to termdesk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/termdesk "$@"
else
  echo "No display: starting the headless server (Ctrl+C stops it)."
  exec ./build/app/termdesk --headless "$@"
fi
