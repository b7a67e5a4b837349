#!/usr/bin/env bash
# Density of idle process instances (issue 11 row 6): hello functions (memory 64Mi) raised together to
# N min_instances on a fresh gateway with stem cells off (one function up to 1000, the ceiling of
# limits.min_instances; N=2000 is two functions of 1000), then left alone.
#
#   benchmarks/density.sh                          # N=2000, TIMEOUT=300 s to reach N ready, SETTLE=30 s
#   N=300 SETTLE=30 benchmarks/density.sh          # the mass start of the issue's bug report
#
# Prints the time to N ready, MemAvailable and the gateway's memory cgroup (which holds the instances'
# cgroups) per instance, and over SETTLE seconds after N ready how many of those instances ended (their runtime
# ids disappear from GET /instances) — the old code lost 220 of 300 "killed by signal 9" there. Stops by itself
# (TIMEOUT) and removes everything on exit. Refuses to start with less than MIN_FREE_MIB available.
source "$(dirname "$0")/lib/gateway.sh"
N=${N:-2000}
TIMEOUT=${TIMEOUT:-300}
SETTLE=${SETTLE:-30}
MIN_FREE_MIB=${MIN_FREE_MIB:-2048}
ensure_build

mem_available_kib() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }
# The target's 8 MiB per instance (measured: 6.7) plus MIN_FREE_MIB of headroom: N=2000 fits a 24 GiB machine.
need=$(( N * 8 + MIN_FREE_MIB ))
(( $(mem_available_kib) / 1024 > need )) || { log "needs ${need} MiB available for N=$N"; exit 1; }

port=$(free_port)
write_config "$WORK/density" "  stem_cells:
    process: { min: 0, max: 0 }
    container: { min: 0, max: 0 }" > "$WORK/density.yaml"
start_gateway density "$WORK/density.yaml" "$port"
memcg=$(printf '%s\n' "${CGROUPS[@]}" | grep '/memory/' | tail -1)
FUNCTIONS=$(( (N + 999) / 1000 ))
for f in $(seq 1 "$FUNCTIONS"); do
  deploy "$port" "dense$f" '{"execution_mode": "process", "memory": "64Mi", "min_instances": 0, "max_instances": 1}'
done
sleep 2
avail0=$(mem_available_kib); cg0=$(cat "$memcg/memory.usage_in_bytes" 2>/dev/null || echo 0)

counts() {  # -> "ready starting total" over the dense functions
  local f ready=0 starting=0 total=0 r s t
  for f in $(seq 1 "$FUNCTIONS"); do
    read -r r s t < <(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/functions/dense$f" \
      | python3 -c 'import json,sys; i=json.load(sys.stdin)["instances"]; print(i["ready"], i["starting"], i["total"])')
    ready=$(( ready + r )); starting=$(( starting + s )); total=$(( total + t ))
  done
  echo "$ready $starting $total"
}
ids() {
  curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/instances" \
    | python3 -c 'import json,sys; [print(i["runtime_id"]) for i in json.load(sys.stdin)["instances"] if str(i.get("function", "")).startswith("dense")]' | sort
}

log "raising min_instances to $N in all ($FUNCTIONS function(s))"
start=$(now_ms)
for f in $(seq 1 "$FUNCTIONS"); do
  each=$(( N / FUNCTIONS + (f <= N % FUNCTIONS ? 1 : 0) ))
  status=$(curl -s -o "$WORK/put.out" -w '%{http_code}' -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    --data "{\"config\": {\"min_instances\": $each, \"max_instances\": $each}}" "http://127.0.0.1:$port/functions/dense$f")
  [[ $status == 200 ]] || { log "PUT: $status $(cat "$WORK/put.out")"; exit 1; }
done; ready=0; reached=""
while (( $(now_ms) - start < TIMEOUT * 1000 )); do
  read -r ready starting total < <(counts)
  log "$(( ($(now_ms) - start) / 1000 )) s: ready $ready, starting $starting"
  if (( ready >= N )); then reached=$(( $(now_ms) - start )); break; fi
  sleep 5
done
[[ -n $reached ]] || log "only $ready of $N ready after $TIMEOUT s"
sleep 5
avail1=$(mem_available_kib); cg1=$(cat "$memcg/memory.usage_in_bytes" 2>/dev/null || echo 0)
ids > "$WORK/ids.before"
log "leaving them alone for $SETTLE s"
sleep "$SETTLE"
ids > "$WORK/ids.after"
read -r ready_after starting_after _ < <(counts)
ended=$(comm -23 "$WORK/ids.before" "$WORK/ids.after" | wc -l)

printf '\n'
awk -v n="$N" -v r="$ready" -v t="${reached:-nan}" -v a0="$avail0" -v a1="$avail1" -v c0="$cg0" -v c1="$cg1" \
    -v e="$ended" -v ra="$ready_after" -v sa="$starting_after" -v s="$SETTLE" -v b="$(wc -l < "$WORK/ids.before")" 'BEGIN {
  printf "instances ready        %d of %d\n", r, n
  printf "time to all ready      %s s (target < 120)\n", (t == "nan" ? "not reached" : sprintf("%.1f", t / 1000))
  printf "MemAvailable / inst.   %.2f MiB (target <= 8)\n", (a0 - a1) / 1024 / (r > 0 ? r : 1)
  printf "memory cgroup / inst.  %.2f MiB\n", (c1 - c0) / 1048576 / (r > 0 ? r : 1)
  printf "after %d s alone       %d of %d ended, ready %d, starting %d\n", s, e, b, ra, sa }'
