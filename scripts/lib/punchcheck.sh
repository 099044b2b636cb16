# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the end-to-end checks (scripts/package-test.sh, scripts/fresh-debian-test.sh,
# scripts/windows-build.sh): wait for a server's "listening" line, send punches of both
# protocols with termdesk-sim, and compare an exported CSV with what the simulator saw
# acknowledged. Source it; the caller defines fail() and say().

# pc_wait_listening OUT PID [SECONDS]: waits for "termdesk listening ws=N tcp=M" in the file OUT
# while the process PID lives; sets PC_WS, PC_TCP and PC_LINE. PC_WS is "off" for a build
# without the WebSocket server (TERMDESK_WEBSOCKETS=OFF): then only TCP terminals are simulated.
pc_wait_listening() {
  local out=$1 pid=$2 seconds=${3:-30} i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q '^termdesk listening' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "the server exited before listening"
    sleep 0.1
  done
  PC_LINE=$(grep -m1 '^termdesk listening' "$out") || fail "no 'termdesk listening' line within $seconds s"
  PC_WS=$(sed -n 's/.* ws=\([0-9]*\|off\)\( .*\)\{0,1\}$/\1/p' <<<"$PC_LINE")
  PC_TCP=$(sed -n 's/.* tcp=\([0-9]*\).*/\1/p' <<<"$PC_LINE")
  [ -n "$PC_WS" ] && [ -n "$PC_TCP" ] || fail "cannot parse: $PC_LINE"
}

# pc_send WORK PREFIX TERMINALS PUNCHES SIM...: runs the simulator command SIM... against
# 127.0.0.1:$PC_WS (WebSocket) and :$PC_TCP (TCP) with TERMINALS terminals of each protocol making
# PUNCHES punches each; serials start with PREFIX"W", TCP codes with PREFIX"T". Checks that every
# punch was acknowledged; sets PC_ACKED (distinct acknowledged punches, from WORK/acks.csv).
# PC_SIM_WORK, when set, is WORK as the simulator sees it (a chroot, Wine's drive letters).
pc_send() {
  local work=$1 prefix=$2 terminals=$3 punches=$4 kinds=2 ws=()
  shift 4
  if [ "$PC_WS" = off ]; then kinds=1; else ws=(--url "ws://127.0.0.1:$PC_WS/pub/chat" --sn-prefix "${prefix}W"); fi
  "$@" "${ws[@]}" --tcp "127.0.0.1:$PC_TCP" --always-awake \
    --terminals "$terminals" --punches "$punches" --rate 2000 --batch 20 --door-events 0 --wait 60 \
    --code-prefix "${prefix}T" --ack-log "${PC_SIM_WORK:-$work}/acks.csv" \
    >"$work/sim.out" 2>"$work/sim.err" </dev/null || { cat "$work/sim.out" "$work/sim.err"; fail "termdesk-sim"; }
  local summary expected=$((terminals * kinds * punches))
  summary=$(tail -1 "$work/sim.out")
  say "termdesk-sim: $summary"
  grep -q "sent=$expected acknowledged=$expected .*pending=0" <<<"$summary" ||
    fail "expected $expected punches sent and acknowledged"
  PC_ACKED=$(tr -d '\r' <"$work/acks.csv" | sort -u | grep -c "^${prefix}")
}

# pc_check_csv CSV PREFIX: the export holds exactly the PC_ACKED punches of this run, of both
# protocols (TCP only when PC_WS is off); sets PC_ROWS.
pc_check_csv() {
  local csv=$1 prefix=$2 ws_rows tcp_rows
  tr -d '\r' <"$csv" | sed '1s/^\xEF\xBB\xBF//' >"$csv.lf"
  head -1 "$csv.lf" | grep -q '^terminal_sn,' || fail "CSV header: $(head -1 "$csv.lf")"
  PC_ROWS=$(awk -F, -v p="$prefix" 'index($1, p) == 1' "$csv.lf" | wc -l)
  ws_rows=$(awk -F, -v p="${prefix}W" 'index($1, p) == 1' "$csv.lf" | wc -l)
  tcp_rows=$(awk -F, -v p="${prefix}T" 'index($1, p) == 1' "$csv.lf" | wc -l)
  say "export-csv: $PC_ROWS rows of this run ($ws_rows WebSocket, $tcp_rows TCP); $PC_ACKED distinct punches acknowledged"
  [ "$PC_ROWS" -eq "$PC_ACKED" ] || fail "exported $PC_ROWS rows, acknowledged $PC_ACKED distinct punches"
  if [ "$PC_WS" = off ]; then
    [ "$ws_rows" -eq 0 ] && [ "$tcp_rows" -gt 0 ] || fail "TCP rows only expected"
  else
    [ "$ws_rows" -gt 0 ] && [ "$tcp_rows" -gt 0 ] || fail "rows of both protocols expected"
  fi
}
