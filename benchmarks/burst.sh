#!/usr/bin/env bash
# Burst of cold starts (issue 11 row 4): N distinct, newly deployed hello functions (process mode) invoked at
# the same moment, against N bare `dotnet Hello.dll` started in parallel, in the same run.
#
#   benchmarks/burst.sh               # N=40, ROUNDS=3 (each round deploys N new functions)
#   N=20 ROUNDS=1 benchmarks/burst.sh
#
# The gateway runs the default stem-cell settings; deploys (compilation) are not timed. Per round: the
# time from the moment all calls are sent until the last answer (and the median answer), next to the wall time
# of N bare starts in parallel, measured right before and after the round. Every call must answer 200.
source "$(dirname "$0")/lib/gateway.sh"
N=${N:-40}
ROUNDS=${ROUNDS:-3}
ensure_build

# parallel_bare -> milliseconds until N bare starts run in parallel have all exited
parallel_bare() {
  local start pids=()
  start=$(now_ms)
  for _ in $(seq 1 "$N"); do dotnet "$HELLO_DLL" >/dev/null & pids+=($!); done
  wait "${pids[@]}"
  echo $(( $(now_ms) - start ))
}

port=$(free_port)
write_config "$WORK/burst" "" > "$WORK/burst.yaml"
start_gateway burst "$WORK/burst.yaml" "$port"
deploy "$port" warm '{"execution_mode": "process"}'
invoke_ms "$port" warm >/dev/null
parallel_bare >/dev/null  # page cache warm for the baseline too

printf '%-6s %12s %14s %14s %12s %8s\n' round "bare ms" "burst last ms" "burst p50 ms" "bare after" "× bare" > "$WORK/table"
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 1 "$N"); do deploy "$port" "r$round-f$i" '{"execution_mode": "process"}'; done
  sleep 3  # let the stem-cell pool settle after the deploys
  bare_before=$(parallel_bare)
  rm -f "$WORK"/burst-*.out
  calls=()
  start=$(now_ms)
  for i in $(seq 1 "$N"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 180 -H "Authorization: Bearer $KEY" \
      "http://127.0.0.1:$port/invoke/r$round-f$i" > "$WORK/burst-$i.out" &
    calls+=($!)
  done
  wait "${calls[@]}"  # the calls only: a bare `wait` would wait for the gateway too
  last=$(( $(now_ms) - start ))
  bad=$(cat "$WORK"/burst-*.out | awk '$1 != 200' | wc -l)
  (( bad == 0 )) || { log "round $round: $bad calls did not answer 200: $(cat "$WORK"/burst-*.out | awk '$1 != 200' | sort | uniq -c)"; }
  p50=$(cat "$WORK"/burst-*.out | awk '{ printf "%.0f\n", $2 * 1000 }' | median)
  bare_after=$(parallel_bare)
  bare=$(printf '%s\n%s\n' "$bare_before" "$bare_after" | median)
  awk -v r="$round" -v b="$bare_before" -v l="$last" -v p="$p50" -v a="$bare_after" -v m="$bare" \
    'BEGIN { printf "%-6d %12d %14d %14d %12d %8.2f\n", r, b, l, p, a, l / m }' >> "$WORK/table"
  log "round $round done"
done
printf '\n'; cat "$WORK/table"
awk 'NR > 1 { print $6 }' "$WORK/table" | median | awk '{ printf "median burst / bare: %.2f (target <= 1.5)\n", $1 }'
