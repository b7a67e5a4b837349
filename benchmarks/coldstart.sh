#!/usr/bin/env bash
# Cold boot of a process function against a bare `dotnet Hello.dll` start, in the same run (issue 11 row 3).
#
#   benchmarks/coldstart.sh                  # ITERATIONS=15 (each a newly deployed function)
#   ITERATIONS=9 benchmarks/coldstart.sh
#
# 1. bare: hyperfine's median of `dotnet Hello.dll` (benchmarks/hello), before and after the gateway runs.
# 2. launch chain: hyperfine of each link the runtime execs (sh, setpriv, bwrap with the platform's
#    namespaces) around /bin/true, to show what each costs.
# 3. cold boot: a gateway with stem cells off; ITERATIONS hello functions are deployed (then 5 s for the
#    compiler workers to settle), then the first call of each is timed with curl, one after another, 1 s apart
#    (sandboxed host start, handler load, first invoke, through the gateway).
# 4. stem cell: the same with one process stem cell (min 1, max 1), 3 s apart for the refill.
# Prints medians and the ratios to the bare start. Needs root, bubblewrap, hyperfine. Cleans up on exit.
source "$(dirname "$0")/lib/gateway.sh"
ITERATIONS=${ITERATIONS:-15}
ensure_build

log "bare dotnet start (hyperfine)"
bare1=$(bare_start_ms 20)

log "launch chain links (hyperfine, /bin/true inside)"
chain_json=$WORK/chain.json
uid=1999999999
BW=(bwrap --unshare-all --die-with-parent --new-session --uid 1000 --gid 1000 --hostname faas --clearenv
  --ro-bind /usr/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu --ro-bind /usr/lib64 /usr/lib64 --ro-bind /usr/bin/true /usr/bin/true
  --symlink usr/lib /lib --symlink usr/lib64 /lib64 --tmpfs /tmp --dev /dev --proc /proc --remount-ro / --chdir /tmp)
SP=(setpriv --reuid=$uid --regid=$uid --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all --)
hyperfine -N --warmup 3 --runs 30 --export-json "$chain_json" \
  -n true "/bin/true" \
  -n sh "sh -c 'exec /bin/true'" \
  -n setpriv "${SP[*]} /bin/true" \
  -n bwrap "${BW[*]} /usr/bin/true" \
  -n 'sh+setpriv+bwrap' "sh -c 'exec \"\$@\"' faas-sandbox ${SP[*]} ${BW[*]} /usr/bin/true" >/dev/null 2>&1 || log "launch chain timing failed"
python3 - "$chain_json" <<'PY' || true
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("chain %-18s %6.2f ms" % (r["command"], r["median"] * 1000))
PY

run_series() {  # run_series NAME STEM_CELLS WAIT: the median first call goes to $WORK/NAME.median
  local name=$1 cells=$2 wait=$3 port times=()
  port=$(free_port)
  write_config "$WORK/$name" "  stem_cells:
    process: { min: $cells, max: $cells }
    container: { min: 0, max: 0 }" > "$WORK/$name.yaml"
  start_gateway "$name" "$WORK/$name.yaml" "$port"
  # One call first: the gateway's own paths (routing, compile cache, JIT) are warm before measuring.
  deploy "$port" warm '{"execution_mode": "process"}'
  invoke_ms "$port" warm >/dev/null
  # Deployed first, then left 5 s: the compiler workers refill after compiles, which must not overlap a boot.
  for i in $(seq 1 "$ITERATIONS"); do
    deploy "$port" "fn-$i" '{"execution_mode": "process", "memory": "128Mi"}'
  done
  sleep 5
  for i in $(seq 1 "$ITERATIONS"); do
    sleep "$wait"
    times+=("$(invoke_ms "$port" "fn-$i")")
  done
  stop_gateway "$name"
  printf '%s\n' "${times[@]}" > "$WORK/$name.times"
  log "$name: ${times[*]}"
  median < "$WORK/$name.times" > "$WORK/$name.median"
}

# Not in $(...): the gateway must stay in this shell's PIDS so the clean-up stops it on any failure.
run_series cold 0 1
run_series stem 1 3
cold=$(cat "$WORK/cold.median")
stem=$(cat "$WORK/stem.median")
bare2=$(bare_start_ms 20)
bare=$(printf '%s\n%s\n' "$bare1" "$bare2" | median)

printf '\n%-44s %10s %8s\n' "what (medians, ms)" "ms" "× bare"
printf '%-44s %10s %8s\n' "bare dotnet Hello.dll (before / after: $bare1 / $bare2)" "$bare" "1.00"
awk -v c="$cold" -v s="$stem" -v b="$bare" 'BEGIN {
  printf "%-44s %10.1f %8.2f  (target <= 1.5)\n", "process cold boot, first call (no stem cell)", c, c / b
  printf "%-44s %10.1f %8.2f  (target <= 0.2)\n", "process stem cell, first call", s, s / b }'
