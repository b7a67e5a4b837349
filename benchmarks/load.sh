#!/usr/bin/env bash
# Load and density benchmark, loopback only, bounded time. Needs root (process sandbox), Docker,
# wrk, and a Release build (it builds one if missing).
#
#   benchmarks/load.sh                     # load run + density run (50 and DENSITY_MAX instances)
#   ROUNDS=3 DURATION=8 DENSITY_MAX=1000 DENSITY_TIMEOUT=300 benchmarks/load.sh
#   SKIP_LOAD=1 / SKIP_DENSITY=1           # one half only
#
# Load: the bare Kestrel app, a process function and a container function (hello handler, one warm
# instance each), each measured in the same run, interleaved, ROUNDS times: one connection (latency
# p50/p99) and CONNECTIONS connections (throughput). Medians over rounds are printed.
# Density: a fresh gateway, one process function with min_instances N; MemAvailable and the gateway's
# memory cgroup before and after, and the PSS of every process below the gateway (hosts, bwrap, setpriv).
# Everything is stopped and removed on exit, also on failure or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-32}
DENSITY_STEPS=${DENSITY_STEPS:-"50 ${DENSITY_MAX:-1000}"}
DENSITY_TIMEOUT=${DENSITY_TIMEOUT:-300}
MIN_FREE_MIB=${MIN_FREE_MIB:-3072}
KEY=demo-key
GATEWAY_DIR=$ROOT/src/Faas.Gateway/bin/Release/net10.0
KESTREL_DLL=$ROOT/benchmarks/Faas.Benchmarks.Kestrel/bin/Release/net10.0/Faas.Benchmarks.Kestrel.dll
WORK=$(mktemp -d /tmp/faas-load-XXXXXX)
chmod 711 "$WORK"  # the sandbox user (65534) must reach the instance sockets below it
PIDS=()
CGROUPS=()

log() { printf '[load] %s\n' "$*" >&2; }

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  # Containers of these gateways carry their platform label: the first 12 hex digits of sha256(storage path).
  for storage in "$WORK/load" "$WORK/density"; do
    docker ps -aq --filter "label=faas.platform=$(printf '%s' "$storage" | sha256sum | cut -c1-12)" | xargs -r docker rm -f >/dev/null 2>&1
  done
  for group in "${CGROUPS[@]}"; do
    find "$group" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
    rmdir "$group" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mem_available_kib() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }

if [[ ! -f $GATEWAY_DIR/Faas.Gateway.dll || ! -f $GATEWAY_DIR/host/Faas.Host.dll || ! -f $KESTREL_DLL ]]; then
  log "building Release"
  dotnet build "$ROOT/src/Faas.Gateway" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/benchmarks/Faas.Benchmarks.Kestrel" -c Release -v q -nologo >/dev/null
fi
"$ROOT/scripts/ensure-docker.sh" >/dev/null 2>&1 || log "docker unavailable: container rows will fail"

# start_gateway NAME CONFIG: runs the gateway in a cgroup of its own (cpu, pids, memory), so its
# 'faas' parent cgroup and the orphan clean-up at start-up never touch another platform's instances.
start_gateway() {
  local name=$1 config=$2 port=$3
  local group_paths=()
  for controller in memory cpu pids; do
    local own
    own=$(awk -F: -v c="$controller" '{ n=split($2, a, ","); for (i=1;i<=n;i++) if (a[i]==c) print $3 }' /proc/self/cgroup)
    local group=/sys/fs/cgroup/$controller${own%/}/faas-bench-$name-$$
    mkdir -p "$group"
    CGROUPS+=("$group")
    group_paths+=("$group")
  done
  (
    for group in "${group_paths[@]}"; do echo "$BASHPID" > "$group/cgroup.procs"; done
    exec dotnet "$GATEWAY_DIR/Faas.Gateway.dll" --config "$config" --port "$port"
  ) > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/$name.pid"
  for _ in $(seq 1 900); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null || { cat "$WORK/$name.log" >&2; return 1; }
    sleep 0.1
  done
  log "gateway $name did not answer /health"; cat "$WORK/$name.log" >&2; return 1
}

write_config() {
  local storage=$1 functions=$2
  mkdir -p "$storage"
  cat <<YAML
system:
  function_storage_path: $storage
  base_image: faas-runtime:bench
  logging_level: WARNING
  warm_instance_ttl: 3600
  cold_start_timeout: 120
  max_concurrent_functions: 100000
  stem_cells:
    process: { min: 0, max: 0 }
    container: { min: 0, max: 0 }
auth:
  api_keys:
    - { key: $KEY, scopes: [invoke, manage, admin] }
rate_limit:
  enabled: false
functions:
$functions
YAML
}

HELLO_CODE='      object Handle(FaasRequest request)
      {
          var data = request.Json();
          return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
      }'

# wrk_run URL CONNECTIONS -> "rps p50_ms p99_ms errors"
wrk_run() {
  local url=$1 connections=$2 out
  out=$(wrk -t1 -c"$connections" -d"${DURATION}s" --latency -H "Authorization: Bearer $KEY" "$url")
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $5 } /Socket errors:/ { errors += 1 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors + 0 }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

run_load() {
  local port kport storage
  port=$(free_port); kport=$(free_port); storage=$WORK/load
  write_config "$storage" "  hello-process:
    execution_mode: process
    min_instances: 1
    max_instances: 1
    code: |
$HELLO_CODE
  hello-container:
    execution_mode: container
    min_instances: 1
    max_instances: 1
    code: |
$HELLO_CODE" > "$WORK/load.yaml"
  log "starting the gateway (Release) on 127.0.0.1:$port and bare Kestrel on 127.0.0.1:$kport"
  start_gateway load "$WORK/load.yaml" "$port"
  dotnet "$KESTREL_DLL" "$kport" > "$WORK/kestrel.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$kport/health" >/dev/null && break; sleep 0.1; done

  declare -A urls=(
    [kestrel]="http://127.0.0.1:$kport/invoke/hello"
    [process]="http://127.0.0.1:$port/invoke/hello-process"
    [container]="http://127.0.0.1:$port/invoke/hello-container"
  )
  for target in kestrel process container; do
    local body
    body=$(curl -sS --max-time 120 -H "Authorization: Bearer $KEY" "${urls[$target]}")
    [[ $body == '{"message":"Hello, World!"}' ]] || {
      log "$target answered '$body'"; cat "$WORK/load.log" >&2
      curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/functions/hello-$target/logs" >&2; return 1; }
    # Warm the path (JIT tiers) before measuring.
    wrk -t1 -c4 -d2s -H "Authorization: Bearer $KEY" "${urls[$target]}" >/dev/null
  done

  for round in $(seq 1 "$ROUNDS"); do
    for target in kestrel process container; do
      read -r rps p50 p99 errors < <(wrk_run "${urls[$target]}" 1)
      echo "$target c1 $rps $p50 $p99 $errors" >> "$WORK/results"
      read -r rps p50 p99 errors < <(wrk_run "${urls[$target]}" "$CONNECTIONS")
      echo "$target c$CONNECTIONS $rps $p50 $p99 $errors" >> "$WORK/results"
      log "round $round $target done"
    done
  done

  echo
  echo "## Load: medians of $ROUNDS rounds, ${DURATION}s each, wrk -t1, loopback (nproc=$(nproc))"
  printf '%-10s | %12s | %10s | %10s | %14s | %12s | %10s | %10s | %6s\n' target "c1 req/s" "c1 p50 ms" "c1 p99 ms" "c$CONNECTIONS req/s" "c$CONNECTIONS p50 ms" "c$CONNECTIONS p99" "tput ratio" errors
  local base_rps base_p50
  base_rps=$(awk -v c="c$CONNECTIONS" '$1=="kestrel" && $2==c {print $3}' "$WORK/results" | median)
  base_p50=$(awk '$1=="kestrel" && $2=="c1" {print $4}' "$WORK/results" | median)
  for target in kestrel process container; do
    local m=()
    for field in "c1 3" "c1 4" "c1 5" "c$CONNECTIONS 3" "c$CONNECTIONS 4" "c$CONNECTIONS 5"; do
      set -- $field
      m+=("$(awk -v t="$target" -v c="$1" -v f="$2" '$1==t && $2==c {print $f}' "$WORK/results" | median)")
    done
    local errors
    errors=$(awk -v t="$target" '$1==t {s+=$6} END {print s+0}' "$WORK/results")
    printf '%-10s | %12.0f | %10.3f | %10.3f | %14.0f | %12.3f | %10.3f | %10.2f | %6d\n' "$target" "${m[0]}" "${m[1]}" "${m[2]}" "${m[3]}" "${m[4]}" "${m[5]}" \
      "$(awk -v a="${m[3]}" -v b="$base_rps" 'BEGIN {print a/b}')" "$errors"
  done
  echo "(p50 one-connection delta to Kestrel: process $(awk -v t=process '$1==t && $2=="c1" {print $4}' "$WORK/results" | median | awk -v b="$base_p50" '{printf "%+.3f", $1-b}') ms, container $(awk -v t=container '$1==t && $2=="c1" {print $4}' "$WORK/results" | median | awk -v b="$base_p50" '{printf "%+.3f", $1-b}') ms)"
  echo "raw: $(tr '\n' ';' < "$WORK/results")"
  stop_pid "$(cat "$WORK/load.pid")"
}

stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# descendants PID: every process below PID
descendants() {
  local parent=$1
  ps -e -o pid=,ppid= | awk -v root="$parent" '
    { kids[$2] = kids[$2] " " $1 }
    END { queue[1] = root; n = 1; i = 1
          while (i <= n) { split(kids[queue[i]], k, " "); for (j in k) if (k[j] != "") { queue[++n] = k[j]; print k[j] } i++ } }'
}

pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

ready_instances() {
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$1/functions/idle" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); i=d.get("instances") or {}; print(i.get("ready", 0))' 2>/dev/null || echo 0
}

run_density() {
  local port storage
  port=$(free_port); storage=$WORK/density
  write_config "$storage" "  idle:
    execution_mode: process
    min_instances: 0
    max_instances: 1
    memory: 64Mi
    code: |
$HELLO_CODE" > "$WORK/density.yaml"
  log "density: starting a fresh gateway on 127.0.0.1:$port"
  start_gateway density "$WORK/density.yaml" "$port"
  local gw
  gw=$(cat "$WORK/density.pid")
  local memcg
  memcg=$(printf '%s\n' "${CGROUPS[@]}" | grep "/memory/.*faas-bench-density" | tail -1)
  echo
  echo "## Density: idle process instances (hello handler, memory 64Mi), one function with min_instances N"
  printf '%-6s | %7s | %8s | %16s | %18s | %14s | %14s | %14s\n' N ready "start s" "MemAvail Δ/inst" "memcg Δ/inst (MiB)" "PSS/inst (MiB)" "host PSS (MiB)" "gateway PSS"
  for n in $DENSITY_STEPS; do
    # Back to zero instances, settle, then take the baseline.
    curl -sf -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"config": {"min_instances": 0, "max_instances": 1}}' "http://127.0.0.1:$port/functions/idle" >/dev/null
    for _ in $(seq 1 600); do [[ $(descendants "$gw" | wc -l) -eq 0 ]] && break; sleep 0.2; done
    sync; sleep 3
    local before cg_before
    before=$(mem_available_kib); cg_before=$(cat "$memcg/memory.usage_in_bytes")
    local started=$SECONDS
    curl -sf -X PUT -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"config\": {\"min_instances\": $n, \"max_instances\": $n}}" "http://127.0.0.1:$port/functions/idle" >/dev/null
    local ready=0 stopped=""
    while (( SECONDS - started < DENSITY_TIMEOUT )); do
      ready=$(ready_instances "$port")
      (( ready >= n )) && break
      if (( $(mem_available_kib) / 1024 < MIN_FREE_MIB )); then stopped=" (stopped: MemAvailable below ${MIN_FREE_MIB} MiB)"; break; fi
      sleep 1
    done
    local elapsed=$(( SECONDS - started ))
    sleep 5  # let the last hosts finish their start-up allocations
    ready=$(ready_instances "$port")
    local after cg_after
    after=$(mem_available_kib); cg_after=$(cat "$memcg/memory.usage_in_bytes")
    local total=0 hosts=0 host_total=0
    while read -r pid; do
      local p; p=$(pss_kib "$pid"); total=$(( total + p ))
      if tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -q 'Faas.Host.dll'; then
        [[ $(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)") == dotnet ]] && { hosts=$(( hosts + 1 )); host_total=$(( host_total + p )); }
      fi
    done < <(descendants "$gw")
    local divisor=$(( ready > 0 ? ready : 1 ))
    printf '%-6s | %7s | %8s | %16.1f | %18.1f | %14.1f | %14.1f | %14.1f%s\n' "$n" "$ready" "$elapsed" \
      "$(awk -v a="$before" -v b="$after" -v n="$divisor" 'BEGIN {print (a-b)/1024/n}')" \
      "$(awk -v a="$cg_before" -v b="$cg_after" -v n="$divisor" 'BEGIN {print (b-a)/1048576/n}')" \
      "$(awk -v t="$total" -v n="$divisor" 'BEGIN {print t/1024/n}')" \
      "$(awk -v t="$host_total" -v n="$(( hosts > 0 ? hosts : 1 ))" 'BEGIN {print t/1024/n}')" \
      "$(awk -v p="$(pss_kib "$gw")" 'BEGIN {print p/1024}')" "$stopped"
    echo "   (N=$n: $hosts dotnet hosts, $(descendants "$gw" | wc -l) processes below the gateway)"
  done
  stop_pid "$gw"
}

[[ -n ${SKIP_LOAD:-} ]] || run_load
[[ -n ${SKIP_DENSITY:-} ]] || run_density
