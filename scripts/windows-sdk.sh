#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds, once, what TermDesk for Windows is compiled against, from Debian's own source packages
# with Debian's mingw-w64 cross compiler: Qt 6.4.2 qtbase (Core, Gui, Widgets, Network with
# Schannel, Sql with the SQLite driver, Test, the windows and offscreen platform plugins),
# protobuf 3.21 (static libprotobuf; the host's protoc generates the code) and SQLite 3.40 (one
# sqlite3.dll that Qt's driver and TermDesk's hot INSERT path share).
#
# The result goes to a folder outside the clone, keyed by this script's content:
#   ${TERMDESK_WINSDK_ROOT:-/var/cache/termdesk-winsdk}/sdk-<hash>/
# and scripts/windows-build.sh finds it there. Build trees and a staging prefix are kept under
# .../work (fixed paths: Qt is relocatable, the SDK is a copy of the staging prefix), so that a
# changed script rebuilds only what changed. Prints how long each part took.
#
# Needs root (apt-get) the first time; about 35 minutes on 2 cores. docs/install.md,
# "Windows build on Linux", says what it holds and what it cannot (Qt WebSockets, Qt Charts).
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=${TERMDESK_WINSDK_ROOT:-/var/cache/termdesk-winsdk}
KEY=$(sha256sum scripts/windows-sdk.sh | cut -c1-16)
SDK="$ROOT/sdk-$KEY"
SRC="$ROOT/src"
WORK="$ROOT/work"
JOBS=${TERMDESK_WINSDK_JOBS:-$(nproc)}
TRIPLE=x86_64-w64-mingw32

if [ -f "$SDK/.complete" ]; then
  echo "Windows SDK ready: $SDK"
  exit 0
fi
started=$(date +%s)
step() { echo "== windows-sdk: $* ($(($(date +%s) - started)) s)"; }

# --- host tools and the source packages ---------------------------------------------------
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
HOST_PACKAGES=(g++-mingw-w64-x86-64-posix cmake ninja-build tcl dpkg-dev xz-utils
  qt6-base-dev qt6-base-dev-tools protobuf-compiler)
missing=()
for p in "${HOST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# apt-get source needs deb-src lines; Debian 12's default sources file has only deb.
if ! apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources; then
  step "enabling Debian source packages (/etc/apt/sources.list.d/termdesk-src.sources)"
  $SUDO tee /etc/apt/sources.list.d/termdesk-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  $SUDO apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

STAGE="$WORK/prefix"
mkdir -p "$SRC" "$WORK" "$STAGE/bin" "$STAGE/lib" "$STAGE/include"
# unpack PACKAGE DIR: the Debian source package PACKAGE, with Debian's patches applied, in $SRC/DIR
unpack() {
  local package=$1 dir=$2
  [ -d "$SRC/$dir" ] && return 0
  step "fetching the Debian source package $package"
  (cd "$SRC" && apt-get source -q --download-only "$package" >/dev/null &&
    dpkg-source -q -x "$(ls -t "$package"_*.dsc | head -1)" "$dir")
}
unpack qt6-base qtbase
unpack protobuf protobuf
unpack sqlite3 sqlite3

# --- the CMake toolchain: one for building here, one in the SDK for scripts/windows-build.sh ---
# write_toolchain FILE ROOT: mingw-w64 (POSIX threads) for 64-bit Windows, libraries from ROOT.
write_toolchain() {
  cat >"$1" <<EOF
# mingw-w64 (POSIX threads) targeting 64-bit Windows; libraries from $2 and the compiler's.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $TRIPLE-gcc-posix)
set(CMAKE_CXX_COMPILER $TRIPLE-g++-posix)
set(CMAKE_RC_COMPILER $TRIPLE-windres)
set(CMAKE_FIND_ROOT_PATH "$2" /usr/$TRIPLE)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Qt's host tools (moc, rcc, uic, lrelease) are Debian's, of the same version.
set(QT_HOST_PATH /usr)
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake)
EOF
}
write_toolchain "$WORK/toolchain.cmake" "$STAGE"

# --- SQLite: the amalgamation made on the host (tclsh), compiled into one DLL --------------------
if [ ! -f "$STAGE/bin/sqlite3.dll" ] || [ scripts/windows-sdk.sh -nt "$STAGE/bin/sqlite3.dll" ]; then
  step "SQLite"
  mkdir -p "$WORK/sqlite3"
  if [ ! -f "$WORK/sqlite3/sqlite3.c" ]; then
    (cd "$WORK/sqlite3" && "$SRC/sqlite3/configure" --quiet >/dev/null && make -s sqlite3.c >/dev/null)
  fi
  # The options Qt's own bundled SQLite is built with, plus the unlock-notify-free defaults.
  $TRIPLE-gcc-posix -O2 -shared -o "$STAGE/bin/sqlite3.dll" "$WORK/sqlite3/sqlite3.c" \
    -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS5 \
    -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_JSON1 -DSQLITE_DQS=0 \
    -Wl,--out-implib,"$STAGE/lib/libsqlite3.dll.a"
  cp "$WORK/sqlite3/sqlite3.h" "$STAGE/include/"
fi

# Each CMake part is configured, built and installed on every run: a no-op when nothing changed.
# --- protobuf: static libprotobuf (no protoc: the host's generates the code) -------------------
step "protobuf"
cmake -S "$SRC/protobuf" -B "$WORK/protobuf" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$WORK/toolchain.cmake" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$STAGE" -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF \
    -Dprotobuf_BUILD_SHARED_LIBS=OFF -Dprotobuf_WITH_ZLIB=OFF -Dprotobuf_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$WORK/protobuf" -j "$JOBS" >"$WORK/protobuf-build.log" || { tail -30 "$WORK/protobuf-build.log"; exit 1; }
cmake --install "$WORK/protobuf" >/dev/null

# --- qtbase ------------------------------------------------------------------------------------
# tabletevent: the dfsg tarball drops src/3rdparty/wintab. OpenGL stays on (dynamic): the 6.4.2
# windows platform plugin needs it. Third-party libraries are Qt's bundled ones; SQLite is the DLL
# above.
step "qtbase"
cmake -S "$SRC/qtbase" -B "$WORK/qtbase" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$WORK/toolchain.cmake" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$STAGE" -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF \
    -DQT_BUILD_BENCHMARKS=OFF -DBUILD_WITH_PCH=ON \
    -DFEATURE_tabletevent=OFF -DFEATURE_dbus=OFF -DFEATURE_zstd=OFF \
    -DFEATURE_system_zlib=OFF -DFEATURE_system_pcre2=OFF -DFEATURE_system_freetype=OFF \
    -DFEATURE_system_harfbuzz=OFF -DFEATURE_system_png=OFF -DFEATURE_system_jpeg=OFF \
    -DFEATURE_system_doubleconversion=OFF -DFEATURE_openssl=OFF -DFEATURE_schannel=ON \
    -DFEATURE_sql_sqlite=ON -DFEATURE_system_sqlite=ON -DFEATURE_sql_odbc=OFF \
    -DFEATURE_sql_psql=OFF -DFEATURE_sql_mysql=OFF -DFEATURE_sql_ibase=OFF \
    -DFEATURE_printsupport=OFF -DFEATURE_concurrent=ON \
    -DSQLite3_INCLUDE_DIR="$STAGE/include" -DSQLite3_LIBRARY="$STAGE/lib/libsqlite3.dll.a" \
    >"$WORK/qtbase-configure.log" || { tail -40 "$WORK/qtbase-configure.log"; exit 1; }
cmake --build "$WORK/qtbase" -j "$JOBS" >"$WORK/qtbase-build.log" || { tail -30 "$WORK/qtbase-build.log"; exit 1; }
cmake --install "$WORK/qtbase" >/dev/null

# --- the mingw runtime DLLs a program needs beside it ---------------------------------------
for dll in libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll; do
  found=$($TRIPLE-g++-posix -print-file-name="$dll")
  [ -f "$found" ] || found=$(find /usr/lib/gcc/$TRIPLE /usr/$TRIPLE -name "$dll" -path '*posix*' | head -1)
  [ -f "$found" ] || found=$(find /usr/lib/gcc/$TRIPLE /usr/$TRIPLE -name "$dll" | head -1)
  cp "$found" "$STAGE/bin/"
done

# --- the SDK: a copy of the staging prefix, with its own toolchain file ----------------------------
rm -rf "$SDK.partial"
cp -a "$STAGE" "$SDK.partial"
# shellcheck disable=SC2016 # CMAKE_CURRENT_LIST_DIR is CMake's, expanded when the file is read
write_toolchain "$SDK.partial/toolchain.cmake" '${CMAKE_CURRENT_LIST_DIR}'
touch "$SDK.partial/.complete"
rm -rf "$SDK"
mv "$SDK.partial" "$SDK"
# SDKs of earlier versions of this script
find "$ROOT" -maxdepth 1 -name 'sdk-*' ! -name "sdk-$KEY" -exec rm -rf {} +
step "done: $SDK"
echo "Windows SDK built in $(($(date +%s) - started)) s: $SDK"
