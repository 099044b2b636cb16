#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README on a brand-new Debian 12: builds a minimal root with mmdebstrap (Debian's packages
# only), clones this repository's HEAD into it and, inside it as root, runs the README's first
# command, scripts/start.sh (scripts/deps.sh, configure, build, then the headless server since
# there is no display) on free ports; sends punches of both protocols with the termdesk-sim it
# built, exports them with termdesk export-csv and compares; stops the server with SIGTERM.
#
# Needs root (mmdebstrap, chroot, mounts) and Debian's package mirror. It never skips: where the
# root cannot be made it fails and says why. TERMDESK_KEEP_FRESH_ROOT=1 keeps the root.
# Takes ~10 minutes on 2 cores: the build of the first command dominates.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
# shellcheck source=scripts/lib/punchcheck.sh
. scripts/lib/punchcheck.sh

started=$(date +%s)
say() { echo "fresh-debian: $* ($(($(date +%s) - started)) s)"; }
fail() {
  echo "fresh-debian: FAIL: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap builds the root, chroot enters it); run it as root or with sudo"
if ! command -v mmdebstrap >/dev/null; then
  say "installing mmdebstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null; } ||
    fail "cannot install mmdebstrap"
fi

R=$(mktemp -d /var/tmp/termdesk-fresh.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID" || true; fi
  for m in "$R/dev/pts" "$R/dev" "$R/proc"; do
    if mountpoint -q "$m"; then umount -l "$m" || true; fi
  done
  if [ "${TERMDESK_KEEP_FRESH_ROOT:-0}" = 1 ]; then
    echo "fresh-debian: root kept in $R"
  elif ! grep -q " $R/" /proc/mounts; then
    rm -rf --one-file-system "$R"
  fi
}
trap cleanup EXIT

# --- 1. a minimal Debian 12 from the mirror this machine uses -------------------------------
mirror=()
if [ -f /etc/apt/sources.list.d/debian.sources ]; then mirror=(/etc/apt/sources.list.d/debian.sources); fi
say "mmdebstrap --variant=minbase bookworm ${mirror[*]:-(default mirror)}"
mmdebstrap --quiet --variant=minbase bookworm "$R" "${mirror[@]}" >"$R.mmdebstrap.log" 2>&1 ||
  { tail -30 "$R.mmdebstrap.log"; rm -f "$R.mmdebstrap.log"; fail "mmdebstrap could not make the root (log above)"; }
rm -f "$R.mmdebstrap.log"
say "minimal root made: $(du -sm "$R" | cut -f1) MB, $(chroot "$R" dpkg-query -W | wc -l) packages"
cp /etc/resolv.conf "$R/etc/resolv.conf"
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"

# --- 2. this repository, as a new user clones it ------------------------------------------------
git clone -q "$REPO" "$R/root/termdesk"
say "cloned $(git -C "$R/root/termdesk" rev-parse --short HEAD) into the root"
# A root login's environment, nothing of this machine's.
CLEAN_ENV=(/usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
inside() { chroot "$R" "${CLEAN_ENV[@]}" "$@"; }

# --- 3. the README's first command -------------------------------------------------------------
inside /bin/bash -c 'cd /root/termdesk && scripts/deps.sh' >"$R/deps.log" 2>&1 ||
  { tail -40 "$R/deps.log"; fail "scripts/deps.sh failed in the fresh root"; }
say "scripts/deps.sh installed $(($(grep -m1 '^Installing:' "$R/deps.log" | wc -w) - 1)) missing packages (and what they depend on)"
mkdir -p "$R/root/td-data"
# Not through inside(): $! must be the server (chroot, env, bash and start.sh each exec the next).
chroot "$R" "${CLEAN_ENV[@]}" /bin/bash -c 'cd /root/termdesk && exec scripts/start.sh --data-dir /root/td-data --listen 127.0.0.1 --ws-port 0 --tcp-port 0' \
  >"$R/start.out" 2>"$R/start.err" </dev/null &
SERVER_PID=$!
# The first command configures and builds before it listens.
pc_wait_listening "$R/start.out" "$SERVER_PID" 2400 ||
  { tail -40 "$R/start.out" "$R/start.err"; fail "scripts/start.sh did not start the server"; }
grep -q 'No display: starting the headless server' "$R/start.out" || fail "start.sh did not choose the headless server"
say "scripts/start.sh built TermDesk and started it: $PC_LINE"

# --- 4. punches in, CSV out ------------------------------------------------------------------------
W=$R/root/check
mkdir -p "$W"
PREFIX="FRESH$$"
# Functions run on the host; the programs run in the root (paths inside it start at /root).
sim() { inside /root/termdesk/build/app/sim/termdesk-sim "$@"; }
PC_SIM_WORK=/root/check pc_send "$W" "$PREFIX" 2 100 sim
inside /root/termdesk/build/app/termdesk export-csv /root/check/export.csv --data-dir /root/td-data \
  2>"$W/export.err" || { cat "$W/export.err"; fail "termdesk export-csv"; }
pc_check_csv "$W/export.csv" "$PREFIX"

kill -TERM "$SERVER_PID"
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=""
[ "$rc" -eq 0 ] || { tail -20 "$R/start.err"; fail "the server exited with $rc after SIGTERM"; }
say "SIGTERM: exit 0"
say "passed: a fresh Debian 12 ran scripts/start.sh, stored and exported $PC_ROWS punches of both protocols"
