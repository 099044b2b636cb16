#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TermDesk benchmarks, one command: builds with the "bench" preset, installs what is missing, raises the
# fd limit, runs every benchmark, prints one table and writes build-bench/bench-results.json.
#
#   tests/bench/run.sh [--quick] [--only connections,ingest,tcp,storm,export,gui,codec,pg,failover,webhook] [--no-build] [--profile]
#
#   --quick     small sizes (a smoke run of about a minute; the figures are not the reference ones)
#   --only      run only these parts (the table shows what ran); `pg` is PostgreSQL ingestion on a throwaway
#               cluster (libpq and QPSQL, one and two servers, the libpq COPY limit; about 1.5 minutes; needs
#               postgresql-15, installed if missing, and a build with TERMDESK_LIBPQ); `webhook` is webhook
#               delivery to a local receiver (a backlog one punch per request and --batch 100, then the
#               latency at 1 000 punches/s; about a minute); `failover` is two servers on one PostgreSQL behind
#               HAProxy, one SIGKILLed: the time until its terminals store punches again (needs haproxy and
#               postgresql-15, installed if missing; about 30 s)
#   --no-build  use the binaries already in build-bench
#   --profile   also record `perf record` of the server during the 50-terminal FULL ingestion
#               (build-bench/bench-work/perf-ingest-50-FULL.data; read it with `perf report -i FILE`)
#
# Everything runs on this machine: the simulated terminals, the server and SQLite share its cores.
# The 1-minute load average is recorded before and after every figure: compare runs only at low load.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD="$ROOT/build-bench"
WORK="$BUILD/bench-work"
RESULTS="$WORK/results"
QUICK=0
BUILD_FIRST=1
PROFILE=0
ONLY="connections,ingest,tcp,storm,export,gui,codec,pg,failover,webhook"

while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) QUICK=1 ;;
    --no-build) BUILD_FIRST=0 ;;
    --profile) PROFILE=1 ;;
    --only)
        ONLY="$2"
        shift
        ;;
    -h | --help)
        sed -n '3,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "run.sh: unknown argument $1" >&2
        exit 2
        ;;
    esac
    shift
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }
say() { printf '[%s load %s] %s\n' "$(date +%H:%M:%S)" "$(cut -d' ' -f1 /proc/loadavg)" "$*" >&2; }

# --- what the benchmarks need ------------------------------------------------------------------------
missing=()
pkgs=(libsqlite3-dev sqlite3)
want pg && pkgs+=(postgresql-15 libpq-dev)
want failover && pkgs+=(postgresql-15 haproxy)
for pkg in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [[ $PROFILE -eq 1 ]] && ! command -v perf >/dev/null; then
    missing+=(linux-perf)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing ${missing[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Two sockets per terminal on this machine (the server's and the simulator's, one process each).
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
say "open files limit $(ulimit -n)"

if [[ $BUILD_FIRST -eq 1 ]]; then
    say "building (cmake --preset bench)"
    mkdir -p "$BUILD"
    (cd "$ROOT" && cmake --preset bench >"$BUILD/bench-configure.log" 2>&1) || {
        tail -20 "$BUILD/bench-configure.log"
        exit 1
    }
    targets=(termdesk termdesk-sim bench_server bench_export bench_api bench_webhook bench_failover bench_codec bench_report
        bench_guistall)
    cmake --build "$BUILD" --target "${targets[@]}" >"$BUILD/bench-build.log" 2>&1 || {
        grep -E "error|FAILED" "$BUILD/bench-build.log" | head -20
        exit 1
    }
fi
BIN="$BUILD/tests/bench"
TERMDESK="$BUILD/app/termdesk"
SQLITE3=$(command -v sqlite3)

rm -rf "$WORK"
mkdir -p "$RESULTS"
START=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- sizes -------------------------------------------------------------------------------------------
if [[ $QUICK -eq 1 ]]; then
    CONN_COUNTS="1000,2000"
    ING_1=5000 ING_50=100000 ING_1000=100000 ING_STORED=200000 PG_50=50000
    STORM_N=200 STORM_EACH=500
    CODEC_SECONDS=0.3
    GUI_HISTORY=100000 GUI_SECONDS=5
    WH_SINGLE=1000 WH_BATCHED=10000 WH_SECONDS=5
else
    # 19 500: the hard open-files limit of this machine is 20 000 per process.
    CONN_COUNTS="10000,15000,19500"
    ING_1=200000 ING_50=500000 ING_1000=500000
    # A site after a few years: the 50-terminal figure again onto 10 M punches already stored.
    ING_STORED=10000000
    PG_50=200000
    STORM_N=1000 STORM_EACH=1000
    CODEC_SECONDS=1.5
    GUI_HISTORY=1000000 GUI_SECONDS=20
    WH_SINGLE=10000 WH_BATCHED=100000 WH_SECONDS=20
fi

status=0
run() {
    local name="$1"
    shift
    if ! "$@"; then
        say "$name: FAILED (exit $?)"
        status=1
    fi
}

if want codec; then
    run codec "$BIN/bench_codec" --seconds "$CODEC_SECONDS" --out "$RESULTS/codec.json"
fi
if want connections; then
    run connections "$BIN/bench_server" connections --termdesk "$TERMDESK" --work "$WORK" --counts "$CONN_COUNTS" \
        --timeout 60 --out "$RESULTS/connections.json"
fi
if want ingest; then
    for sync in FULL NORMAL; do
        for spec in "1:$ING_1" "50:$ING_50" "1000:$ING_1000"; do
            n=${spec%%:*}
            total=${spec##*:}
            extra=()
            if [[ $PROFILE -eq 1 && $n -eq 50 && $sync == FULL ]]; then
                extra=(--perf "$WORK/perf-ingest-50-FULL.data")
            fi
            run "ingest $n $sync" "$BIN/bench_server" ingest --termdesk "$TERMDESK" --work "$WORK" --terminals "$n" \
                --punches "$total" --batch 50 --sync "$sync" --out "$RESULTS/ingest-$(printf %04d "$n")-$sync.json" \
                "${extra[@]}"
        done
    done
    # The limit of this one is measured into a copy of the same 10 M-punch database (~2 GB on disk, ~1 min to
    # write before the run).
    run "ingest 50 FULL onto $ING_STORED stored" "$BIN/bench_server" ingest --termdesk "$TERMDESK" --work "$WORK" \
        --terminals 50 --punches "$ING_50" --batch 50 --sync FULL --stored "$ING_STORED" \
        --out "$RESULTS/ingest-0050-FULL-stored.json"
fi
if want pg; then
    # PostgreSQL 15 (fsync on): 50 terminals x 50-record batches into one server (libpq, then QPSQL), two servers
    # sharing the database (25 terminals each), and the libpq COPY limit of the same rows, same transaction size.
    run pg "$BIN/bench_server" pg --termdesk "$TERMDESK" --work "$WORK" --terminals 50 --punches "$PG_50" \
        --batch 50 --out "$RESULTS/pg.json"
fi
if want failover; then
    # Two servers sharing PostgreSQL behind HAProxy (docs/multi-pc.md's example), 20 WebSocket + 20 TCP terminals
    # at 400 punches/s through it; server 1 SIGKILLed after 6 s.
    run failover "$BIN/bench_failover" --termdesk "$TERMDESK" --sim "$BUILD/app/sim/termdesk-sim" --work "$WORK" \
        --terminals 20 --rate 400 --seconds 20 --kill-after 6 --out "$RESULTS/failover.json"
fi
if want tcp; then
    # The TCP binary protocol: terminals always awake (one connection each), one report in flight.
    run "tcp connections" "$BIN/bench_server" connections --protocol tcp --termdesk "$TERMDESK" --work "$WORK" \
        --counts "$CONN_COUNTS" --timeout 60 --out "$RESULTS/tcp-connections.json"
    for spec in "50:$ING_50" "1000:$ING_1000"; do
        n=${spec%%:*}
        total=${spec##*:}
        run "tcp ingest $n" "$BIN/bench_server" ingest --protocol tcp --termdesk "$TERMDESK" --work "$WORK" \
            --terminals "$n" --punches "$total" --batch 50 --sync FULL \
            --out "$RESULTS/tcp-ingest-$(printf %04d "$n")-FULL.json"
    done
fi
if want storm || want export; then
    # The storm's database (1 000 000 punches from 1 000 terminals) is the export's input.
    run storm "$BIN/bench_server" storm --termdesk "$TERMDESK" --work "$WORK" --terminals "$STORM_N" \
        --per-terminal "$STORM_EACH" --data "$WORK/storm" --out "$RESULTS/storm.json"
    want storm || rm -f "$RESULTS/storm.json"
fi
if want export; then
    run export "$BIN/bench_export" --termdesk "$TERMDESK" --sqlite3 "$SQLITE3" --data "$WORK/storm" \
        --work "$WORK" --runs 3 --out "$RESULTS/export.json"
    # The same 1 000 000 punches read through the REST API (JSON and CSV pages) against export-csv v2.
    run api "$BIN/bench_api" --termdesk "$TERMDESK" --data "$WORK/storm" --work "$WORK" \
        --out "$RESULTS/api.json"
fi
if want webhook; then
    # Webhooks as a receiver on this machine sees them: a backlog delivered one punch per request and with
    # --batch 100, then termdesk-sim at 1 000 punches/s with --batch 100 (punch-to-receiver latency).
    run webhook "$BIN/bench_webhook" --termdesk "$TERMDESK" --sim "$BUILD/app/sim/termdesk-sim" --work "$WORK" \
        --single "$WH_SINGLE" --batched "$WH_BATCHED" --rate 1000 --seconds "$WH_SECONDS" \
        --out "$RESULTS/webhook.json"
fi
if want gui; then
    # The console offscreen on GUI_HISTORY stored punches, then 50 terminals pushing 20 000 punches/s.
    run gui "$BIN/bench_guistall" --work "$WORK" --history "$GUI_HISTORY" --seconds "$GUI_SECONDS" --rate 20000 \
        --terminals 50 --out "$RESULTS/gui.json"
fi

# --- one table, one JSON -----------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)
machine="$(nproc) cores ($cpu), $mem RAM, $(uname -sr), SQLite $($SQLITE3 -version | cut -d' ' -f1)"
git=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
cat >"$RESULTS/meta.json" <<EOF
{
  "date": "$(date -Iseconds)",
  "machine": "$machine",
  "load_start": "$LOAD_START",
  "load_end": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "duration_seconds": $(($(date +%s) - START)),
  "quick": $([[ $QUICK -eq 1 ]] && echo true || echo false),
  "git": "$git"
}
EOF
"$BIN/bench_report" --dir "$RESULTS" --meta "$RESULTS/meta.json" --out "$BUILD/bench-results.json" |
    tee "$BUILD/bench-results.md"
say "results: $BUILD/bench-results.json (table: $BUILD/bench-results.md), $(($(date +%s) - START)) s"
rm -rf "$WORK/storm" "$WORK"/ingest-* "$WORK"/tcp-ingest-* "$WORK"/connections-*
exit $status
