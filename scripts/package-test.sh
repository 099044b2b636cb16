#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Packaging check (docs/install.md, "What CI checks"). Uses the binaries of an existing build
# tree (default build-ci, the one scripts/test.sh just built and tested) and, as root (or via
# sudo), on this machine:
#   1. builds the .deb with CPack and checks what it holds and depends on;
#   2. installs it with apt-get, checks the menu entry, icons, AppStream data, unit, user, ldd;
#   3. starts the INSTALLED termdesk --headless as the termdesk user on /var/lib/termdesk (free
#      ports), connects simulated WebSocket and TCP terminals with the installed termdesk-sim,
#      exports CSV with the installed termdesk and compares it with what was acknowledged,
#      stops the server with SIGTERM (exit 0);
#   4. removes the package: the programs are gone, the data in /var/lib/termdesk is not;
#   5. Windows, as far as Linux can tell: CPack's NSIS generator compiles the installer script
#      with makensis (Linux binaries as payload), mingw-w64 compiles and links the service code
#      (app/winservice.cpp) and the icon/version resource, the Qt side of --service compiles.
# Touches the machine: installs and removes the package termdesk; the termdesk user and the
# rows this run adds to /var/lib/termdesk stay (as on a real machine). Run it in CI or on a
# machine where that is fine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build-ci}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

start=$(date +%s)
say() { echo "package-test: $*"; }
fail() {
  echo "package-test: FAIL: $*" >&2
  exit 1
}
# shellcheck source=lib/punchcheck.sh
. "$ROOT/scripts/lib/punchcheck.sh"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$BUILD/app/termdesk" ] && [ -f "$BUILD/CPackConfig.cmake" ] ||
  fail "no built tree in $BUILD (cmake --preset ci && cmake --build --preset ci first)"

# --- 1. the .deb ---------------------------------------------------------------------------
say "building the .deb from $BUILD"
rm -rf "$BUILD/packages"
cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$BUILD/packages" >"$WORK/cpack-deb.log" 2>&1 ||
  { cat "$WORK/cpack-deb.log"; fail "cpack -G DEB"; }
DEB=$(ls "$BUILD"/packages/termdesk_*.deb)
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
say "$(basename "$DEB"): $(stat -c %s "$DEB") bytes; Depends: $DEPENDS"
for dep in libqt6core6 libqt6widgets6 libqt6websockets6 libqt6sql6 libqt6sql6-sqlite qt6-qpa-plugins libprotobuf libsqlite3-0; do
  grep -q "$dep" <<<"$DEPENDS" || fail "Depends lacks $dep"
done
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' >"$WORK/files"
for f in /usr/bin/termdesk /usr/bin/termdesk-sim /usr/share/applications/org.termdesk.TermDesk.desktop \
  /usr/share/metainfo/org.termdesk.TermDesk.metainfo.xml /lib/systemd/system/termdesk.service \
  /usr/share/doc/termdesk/copyright /usr/share/doc/termdesk/install.md \
  /usr/share/icons/hicolor/scalable/apps/org.termdesk.TermDesk.svg; do
  grep -qx "$f" "$WORK/files" || fail "the package lacks $f"
done
if grep -E '\.cmd$|/usr/local/' "$WORK/files"; then fail "Windows scripts or /usr/local paths in the .deb"; fi

# --- 2. install ------------------------------------------------------------------------------
if dpkg-query -W -f='${Status}' termdesk 2>/dev/null | grep -q "install ok installed"; then
  say "removing an earlier termdesk package first"
  $SUDO apt-get remove -y -q termdesk >/dev/null
fi
say "apt-get install ./$(basename "$DEB")"
cp "$DEB" "$WORK/"
$SUDO apt-get install -y -q --no-install-recommends "$WORK/$(basename "$DEB")" >"$WORK/apt-install.log" 2>&1 ||
  { cat "$WORK/apt-install.log"; fail "apt-get install"; }
[ "$(command -v termdesk)" = /usr/bin/termdesk ] || fail "termdesk is not /usr/bin/termdesk on PATH"
for exe in /usr/bin/termdesk /usr/bin/termdesk-sim; do
  if ldd "$exe" | grep "not found"; then fail "$exe: missing libraries"; fi
done
desktop-file-validate /usr/share/applications/org.termdesk.TermDesk.desktop || fail "desktop-file-validate"
grep -qx 'Exec=termdesk' /usr/share/applications/org.termdesk.TermDesk.desktop || fail "menu entry Exec"
icon=$(sed -n 's/^Icon=//p' /usr/share/applications/org.termdesk.TermDesk.desktop)
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}'; }
for s in 16 24 32 48 64 128 256; do
  png=/usr/share/icons/hicolor/${s}x${s}/apps/$icon.png
  [ -f "$png" ] || fail "icon $png missing"
  [ "$(png_size "$png")" = "${s}x${s}" ] || fail "$png is $(png_size "$png"), not ${s}x${s}"
done
[ -f "/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "scalable icon missing"
appstreamcli validate --no-net /usr/share/metainfo/org.termdesk.TermDesk.metainfo.xml >"$WORK/appstream.log" 2>&1 ||
  { cat "$WORK/appstream.log"; fail "appstreamcli validate"; }
getent passwd termdesk >/dev/null || fail "postinst did not create the termdesk user"
[ "$(stat -c %U:%G /var/lib/termdesk)" = termdesk:termdesk ] || fail "/var/lib/termdesk is not owned by termdesk"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/termdesk.service >"$WORK/verify.log" 2>&1 ||
    { cat "$WORK/verify.log"; fail "systemd-analyze verify"; }
  say "systemd-analyze verify: ok"
else
  say "systemd-analyze not installed (no systemd here): unit not verified"
fi
say "installed: menu entry ($icon), 7 PNG sizes + SVG, metainfo, unit, user: ok"

# --- 3. run the installed programs ---------------------------------------------------------------
as_termdesk() { $SUDO setpriv --reuid=termdesk --regid=termdesk --init-groups -- env HOME=/var/lib/termdesk "$@"; }
say "starting /usr/bin/termdesk --headless as termdesk on /var/lib/termdesk"
# Not through the function: $! must be the server itself (setpriv and env exec it) for SIGTERM.
$SUDO setpriv --reuid=termdesk --regid=termdesk --init-groups -- env HOME=/var/lib/termdesk \
  /usr/bin/termdesk --headless --data-dir /var/lib/termdesk --listen 127.0.0.1 --ws-port 0 --tcp-port 0 \
  >"$WORK/server.out" 2>"$WORK/server.err" </dev/null &
SERVER_PID=$!
pc_wait_listening "$WORK/server.out" "$SERVER_PID" 30
[ "$PC_WS" != off ] || fail "this package's server has no WebSocket listener"
[ "$(ps -o user= -p "$SERVER_PID" | tr -d ' ')" = termdesk ] || fail "the server does not run as termdesk"
say "$PC_LINE"

PREFIX="PKG$(date +%s | tail -c 6)$$"
pc_send "$WORK" "$PREFIX" 2 100 /usr/bin/termdesk-sim

as_termdesk /usr/bin/termdesk export-csv - --data-dir /var/lib/termdesk >"$WORK/export.csv" 2>"$WORK/export.err" ||
  { cat "$WORK/export.err"; fail "termdesk export-csv"; }
pc_check_csv "$WORK/export.csv" "$PREFIX"
rows=$PC_ROWS

kill -TERM "$SERVER_PID"
rc=0
wait "$SERVER_PID" || rc=$?
SERVER_PID=""
[ "$rc" -eq 0 ] || { cat "$WORK/server.err"; fail "the server exited with $rc after SIGTERM"; }
grep -q 'termdesk: stopped' "$WORK/server.err" || fail "no clean stop"
say "SIGTERM: exit 0"
[ "$(stat -c %U /var/lib/termdesk/termdesk.sqlite)" = termdesk ] || fail "database not owned by termdesk"

# --- 4. remove ---------------------------------------------------------------------------------
$SUDO apt-get remove -y -q termdesk >"$WORK/apt-remove.log" 2>&1 || { cat "$WORK/apt-remove.log"; fail "apt-get remove"; }
[ ! -e /usr/bin/termdesk ] && [ ! -e /usr/bin/termdesk-sim ] || fail "programs left after remove"
[ ! -e /usr/share/applications/org.termdesk.TermDesk.desktop ] || fail "menu entry left after remove"
[ ! -e /lib/systemd/system/termdesk.service ] || fail "unit left after remove"
kept=$(sqlite3 -readonly /var/lib/termdesk/termdesk.sqlite \
  "SELECT count(*) FROM punches p JOIN terminals t ON t.id = p.terminal_id WHERE t.sn LIKE '${PREFIX}%'")
[ "$kept" -eq "$rows" ] || fail "after remove the database holds $kept of this run's $rows punches"
say "removed: programs gone, /var/lib/termdesk kept ($kept punches of this run)"

# --- 5. Windows, as far as Linux can tell ------------------------------------------------------------
if command -v makensis >/dev/null; then
  rm -rf "$WORK/nsis"
  cpack --config "$BUILD/CPackConfig.cmake" -G NSIS -B "$WORK/nsis" >"$WORK/cpack-nsis.log" 2>&1 ||
    { cat "$WORK/cpack-nsis.log"; find "$WORK/nsis" -name NSISOutput.log -exec tail -30 {} \;; fail "cpack -G NSIS (makensis)"; }
  exe=$(ls "$WORK"/nsis/TermDesk-*-win64.exe)
  [ "$(head -c 2 "$exe")" = MZ ] || fail "$exe is not a Windows program"
  nsi=$(find "$WORK/nsis" -name project.nsi | head -1)
  for want in 'Section "Open the Windows firewall" firewall' 'Section /o "Windows service (headless)" winservice' \
    'CreateShortCut "$SMPROGRAMS\$STARTMENU_FOLDER\TermDesk.lnk"' 'firewall.cmd" open' 'service.cmd" remove' \
    'WriteUninstaller'; do
    grep -qF "$want" "$nsi" || fail "the NSIS script lacks: $want"
  done
  say "NSIS: the installer script compiles with makensis ($(basename "$exe"), payload: this build's Linux files)"
else
  fail "makensis not installed (scripts/deps.sh installs nsis)"
fi
MINGW=x86_64-w64-mingw32-g++-posix
if command -v $MINGW >/dev/null; then
  cat >"$WORK/svc_main.cpp" <<'CPP'
#include "winservice.h"
static int body(void *) { return 0; }
static void stop(void *) {}
int main() { return termdesk::winservice::run(body, stop, nullptr) == -1 ? 0 : 1; }
CPP
  $MINGW -std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Werror -I"$ROOT/app" \
    "$ROOT/app/winservice.cpp" "$WORK/svc_main.cpp" -o "$WORK/svc.exe" -ladvapi32 ||
    fail "app/winservice.cpp does not compile and link with mingw-w64"
  x86_64-w64-mingw32-windres "$BUILD/generated/termdesk.rc" -O coff -o "$WORK/termdesk.res" ||
    fail "the Windows resource does not compile"
  say "mingw-w64: app/winservice.cpp compiles and links against advapi32; termdesk.rc compiles"
else
  fail "mingw-w64 not installed (scripts/deps.sh installs g++-mingw-w64-x86-64-posix)"
fi
# The Qt side of --service is plain Qt: compile it here with the flags the build gave main.cpp.
flags=$(awk '/^build app\/CMakeFiles\/termdesk.dir\/main.cpp.o/ {b=1; next} b && /^build / {exit}
  b && /^  (DEFINES|FLAGS|INCLUDES) = / {sub(/^  [A-Z]+ = /, ""); printf "%s ", $0}' "$BUILD/build.ninja")
[ -n "$flags" ] || fail "cannot read the compile flags of app/main.cpp from $BUILD/build.ninja"
# shellcheck disable=SC2086
g++ $flags -fsyntax-only "$ROOT/app/winservicemain.cpp" || fail "app/winservicemain.cpp does not compile"
say "app/winservicemain.cpp compiles (Linux compiler, the build's Qt flags, -Werror)"

say "all checks passed in $(($(date +%s) - start)) s"
