#!/usr/bin/env bash
# Runs the real console under Xvfb with a fleet of simulated terminals of both protocols and grabs
# the screen of every view: the "200 terminals" check of docs/console.md.
#   scripts/fleet-screenshots.sh [BUILD_DIR] [OUT_DIR] [TERMINALS_PER_PROTOCOL]
# Needs xvfb-run, xdotool and ImageMagick's import (apt-get install xvfb xdotool imagemagick).
set -euo pipefail
if [[ ${1:-} == --inner ]]; then
    shift
    inner=1
fi
build=${1:-build}
out=${2:-docs/screenshots}
per=${3:-100}
for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "fleet-screenshots: $tool is missing" >&2; exit 2; }
done

# Runs inside Xvfb: console, fleet, one grab per view.
inner() {
    local app=$1 sim=$2 out=$3 per=$4 data=$5
    "$app" --ws-port 0 --tcp-port 0 --listen 127.0.0.1 >"$data/console.log" 2>&1 &
    local pid=$!
    local ws="" tcp=""
    for _ in $(seq 100); do
        ws=$(sed -n 's/.*WebSocket server listening on .* port \([0-9]*\).*/\1/p' "$data/console.log" | head -1)
        tcp=$(sed -n 's/.*TCP server listening on .* port \([0-9]*\).*/\1/p' "$data/console.log" | head -1)
        [[ -n $ws && -n $tcp ]] && break
        sleep 0.1
    done
    [[ -n $ws && -n $tcp ]] || { echo "console did not start:"; cat "$data/console.log"; kill $pid; return 1; }
    "$sim" --url "ws://127.0.0.1:$ws/pub/chat" --tcp "127.0.0.1:$tcp" --terminals "$per" --rate 200 \
        --duration 60 --sn-prefix FLEET --code-prefix LP --awake-ms 2000 --sleep-ms 4000 --wait 20 \
        >"$data/sim.log" 2>&1 &
    local simpid=$!
    local win=""
    for _ in $(seq 100); do
        win=$(xdotool search --name '^TermDesk' 2>/dev/null | head -1) && [[ -n $win ]] && break
        sleep 0.1
    done
    xdotool windowsize "$win" 1400 860 windowmove "$win" 0 0
    sleep 20 # let the fleet register and punch for a while
    local i=0
    for view in dashboard terminals punches users events connect commands trace; do
        i=$((i + 1))
        xdotool windowfocus "$win" key --clearmodifiers "ctrl+$i"
        sleep 3
        import -window root -crop 1400x860+0+0 "$out/fleet-$view.png"
    done
    wait $simpid || true
    # The fleet has gone: WebSocket terminals offline, TCP ones sleeping until their window ends.
    sleep 4
    xdotool windowfocus "$win" key --clearmodifiers "ctrl+1"
    sleep 6
    import -window root -crop 1400x860+0+0 "$out/fleet-dashboard-after.png"
    xdotool windowfocus "$win" key --clearmodifiers "ctrl+2"
    sleep 1
    xdotool mousemove 382 58 click 1 # Serial header: descending, the TCP codes (LP…) on top
    sleep 4
    import -window root -crop 1400x860+0+0 "$out/fleet-terminals-after.png"
    kill $pid
    wait $pid || true
    grep -E 'sent=' "$data/sim.log" || true
}
if [[ -n ${inner:-} ]]; then
    inner "$@"
    exit
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export TERMDESK_DATA_DIR="$data" LANG=C.UTF-8 LC_ALL=C.UTF-8
xvfb-run -a -s "-screen 0 1400x860x24" "$(realpath "$0")" --inner \
    "$(realpath "$build/app/termdesk")" "$(realpath "$build/app/sim/termdesk-sim")" "$out" "$per" "$data"
echo "screenshots in $out/fleet-*.png"
