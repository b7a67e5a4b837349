#!/usr/bin/env bash
# Burst of cold starts (issue 11 row 4): N distinct, newly deployed hello functions (process mode) invoked at
# the same moment, against N bare `dotnet Hello.dll` started in parallel, in the same run.
#
#   benchmarks/burst.sh               # N=40, ROUNDS=3 (each round deploys N new functions)
#   N=20 ROUNDS=1 benchmarks/burst.sh
#
# The gateway runs the default stem-cell settings; deploys (compilation) are not timed. Per round: the
# time from the moment all calls are sent (lib/burst_client.py: one process, one thread and connection per call,
# released together) until the last answer (and the median answer), next to the wall time
# of N bare starts in parallel, measured right before and after the round, each once no stem cell is starting
# (the refill after a round would otherwise slow the baseline down). "cells" is the number of stem cells ready
# when the round starts: the pool grows with the cold starts of the last minute, so the first round finds
# stem_cells.min and later rounds what the earlier ones asked for (up to stem_cells.max). STEM_MAX=K sets
# stem_cells.process to { min: 1, max: K }; STEM_MAX=0 turns stem cells off (every call boots a sandbox).
# Every call must answer 200.
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
stem=""
if [[ -n ${STEM_MAX:-} ]]; then
  stem="  stem_cells:
    process: { min: $(( STEM_MAX > 0 ? 1 : 0 )), max: $STEM_MAX }"
fi
write_config "$WORK/burst" "$stem" > "$WORK/burst.yaml"
start_gateway burst "$WORK/burst.yaml" "$port"
deploy "$port" warm '{"execution_mode": "process"}'
invoke_ms "$port" warm >/dev/null
parallel_bare >/dev/null  # page cache warm for the baseline too

printf '%-6s %6s %12s %14s %14s %12s %8s\n' round cells "bare ms" "burst last ms" "burst p50 ms" "bare after" "× bare" > "$WORK/table"
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 1 "$N"); do deploy "$port" "r$round-f$i" '{"execution_mode": "process"}'; done
  stem_cells_settled "$port"
  cells=$(stem_cells "$port" ready)
  bare_before=$(parallel_bare)
  names=()
  for i in $(seq 1 "$N"); do names+=("r$round-f$i"); done
  python3 "$ROOT/benchmarks/lib/burst_client.py" "$port" "$KEY" "${names[@]}" > "$WORK/burst.out"
  last=$(awk '$1 == "last" { printf "%.0f", $2 * 1000 }' "$WORK/burst.out")
  grep -v '^last' "$WORK/burst.out" > "$WORK/burst-calls.out"
  bad=$(awk '$1 != 200' "$WORK/burst-calls.out" | wc -l)
  (( bad == 0 )) || { log "round $round: $bad calls did not answer 200: $(awk '$1 != 200 { print $1 }' "$WORK/burst-calls.out" | sort | uniq -c)"; }
  p50=$(awk '{ printf "%.0f\n", $2 * 1000 }' "$WORK/burst-calls.out" | median)
  stem_cells_settled "$port"
  bare_after=$(parallel_bare)
  bare=$(printf '%s\n%s\n' "$bare_before" "$bare_after" | median)
  awk -v r="$round" -v c="$cells" -v b="$bare_before" -v l="$last" -v p="$p50" -v a="$bare_after" -v m="$bare" \
    'BEGIN { printf "%-6d %6s %12d %14d %14d %12d %8.2f\n", r, c, b, l, p, a, l / m }' >> "$WORK/table"
  log "round $round done"
done
printf '\n'; cat "$WORK/table"
awk 'NR > 1 { print $7 }' "$WORK/table" | median | awk '{ printf "median burst / bare: %.2f (target <= 1.5)\n", $1 }'
