#!/usr/bin/env bash
# Load and density benchmark, loopback only, bounded time. Needs root (process sandbox), Docker,
# wrk, and a Release build (it builds one if missing).
#
#   benchmarks/load.sh                     # load run + density run (50 and DENSITY_MAX instances)
#   ROUNDS=3 DURATION=8 DENSITY_MAX=1000 DENSITY_TIMEOUT=300 benchmarks/load.sh
#   SKIP_LOAD=1 / SKIP_DENSITY=1           # one half only
#   TARGETS="kestrel default process fixed2 container"   # which targets the load run measures (default below)
#   STATUS_LOG=/tmp/non2xx.log             # every non-2xx answer with its body (slows wrk a little)
#   PROFILE_DIR=/tmp/prof                  # perf CPU samples (whole machine) of each target's first 32-connection run
#   LOG_LEVEL=INFO KEEP_LOGS=/tmp/logs     # the gateway's log level; keep its log, wrk's output and the config
#   GATEWAY_DIR=... KESTREL_DLL=...        # measure other builds (e.g. a copy of the build before a change)
#
# Load: the bare Kestrel app and functions of the hello handler, each measured in the same run, interleaved,
# ROUNDS times: one connection (latency p50/p99) and CONNECTIONS connections (throughput). Targets: kestrel (the
# baseline), default (a process function with no scaling settings: the platform's defaults and its autoscaler),
# process (min = max = 1), fixedN (min = max = N), container (min = max = 1). Medians over rounds are printed, each
# with its ratio to Kestrel's in the same run, the server-side CPU per request (the gateway's cpuacct cgroup, process
# instances included; Kestrel's process) and the ready instances after the run.
# Density: a fresh gateway, one process function with min_instances N; MemAvailable and the gateway's
# memory cgroup before and after, and the PSS of every process below the gateway (hosts, bwrap, setpriv).
# Everything is stopped and removed on exit, also on failure or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
CONNECTIONS=${CONNECTIONS:-32}
TARGETS=${TARGETS:-"kestrel default process container"}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
DENSITY_STEPS=${DENSITY_STEPS:-"50 ${DENSITY_MAX:-1000}"}
DENSITY_TIMEOUT=${DENSITY_TIMEOUT:-300}
MIN_FREE_MIB=${MIN_FREE_MIB:-3072}
KEY=demo-key
GATEWAY_DIR=${GATEWAY_DIR:-$ROOT/src/Faas.Gateway/bin/Release/net10.0}
KESTREL_DLL=${KESTREL_DLL:-$ROOT/benchmarks/Faas.Benchmarks.Kestrel/bin/Release/net10.0/Faas.Benchmarks.Kestrel.dll}
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
  for controller in memory cpu cpuacct pids; do
    local own
    own=$(awk -F: -v c="$controller" '{ n=split($2, a, ","); for (i=1;i<=n;i++) if (a[i]==c) print $3 }' /proc/self/cgroup)
    local group=/sys/fs/cgroup/$controller${own%/}/faas-bench-$name-$$
    mkdir -p "$group"
    CGROUPS+=("$group")
    group_paths+=("$group")
  done
  (
    for group in "${group_paths[@]}"; do echo "$BASHPID" > "$group/cgroup.procs"; done
    [[ -z ${PROFILE_DIR:-} ]] || export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
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
  logging_level: ${LOG_LEVEL:-WARNING}
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

# wrk_run URL CONNECTIONS -> "rps p50_ms p99_ms errors requests"
wrk_run() {
  local url=$1 connections=$2 out
  local script=()
  if [[ -n ${STATUS_LOG:-} ]]; then
    # Diagnosis: every answer that is not 2xx goes to STATUS_LOG with its body (slows wrk down a little).
    cat > "$WORK/status.lua" <<LUA
response = function(status, headers, body)
  if status < 200 or status > 299 then
    local f = io.open("$STATUS_LOG", "a"); f:write(os.date("!%H:%M:%S") .. " $url " .. status .. " " .. string.sub(body, 1, 300) .. "\n"); f:close()
  end
end
LUA
    script=(-s "$WORK/status.lua")
  fi
  out=$(wrk -t1 -c"$connections" -d"${DURATION}s" --latency "${script[@]}" -H "Authorization: Bearer $KEY" "$url")
  echo "$out" >> "$WORK/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 } / requests in / { requests = $1 }
    /Non-2xx or 3xx responses:/ { errors += $5 } /Socket errors:/ { errors += 1 }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, errors + 0, requests + 0 }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# cpu_ns TARGET: CPU nanoseconds used so far by the target's server side (the gateway's cpuacct cgroup holds the
# gateway and every process instance below it; Kestrel is one process). Container instances are not included.
cpu_ns() {
  if [[ $1 == kestrel ]]; then
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($14 + $15) * 1e9 / hz }' "/proc/$(cat "$WORK/kestrel.pid")/stat"
  else
    cat "$(printf '%s\n' "${CGROUPS[@]}" | grep '/cpuacct/.*faas-bench-load' | tail -1)/cpuacct.usage"
  fi
}

# instances NAME -> the function's ready instance count
instances() {
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$1/functions/$2" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); i=d.get("instances") or {}; print(i.get("ready", 0))' 2>/dev/null || echo 0
}

run_load() {
  local port kport storage functions=""
  port=$(free_port); kport=$(free_port); storage=$WORK/load
  # default: the function as a deployer writes it (no scaling settings: the platform's defaults);
  # process: one warm instance (min = max = 1); fixedN: N warm instances; container: one warm container.
  for target in $TARGETS; do
    case $target in
      kestrel) ;;
      default) functions+="  hello-default:
    execution_mode: process
    code: |
$HELLO_CODE
" ;;
      process|container) functions+="  hello-$target:
    execution_mode: $target
    min_instances: 1
    max_instances: 1
    code: |
$HELLO_CODE
" ;;
      fixed*) functions+="  hello-$target:
    execution_mode: process
    min_instances: ${target#fixed}
    max_instances: ${target#fixed}
    code: |
$HELLO_CODE
" ;;
      *) log "unknown target $target"; return 1 ;;
    esac
  done
  write_config "$storage" "$functions" > "$WORK/load.yaml"
  log "starting the gateway (Release) on 127.0.0.1:$port and bare Kestrel on 127.0.0.1:$kport"
  start_gateway load "$WORK/load.yaml" "$port"
  local profile_env=()
  [[ -z ${PROFILE_DIR:-} ]] || profile_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
  env "${profile_env[@]}" dotnet "$KESTREL_DLL" "$kport" > "$WORK/kestrel.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/kestrel.pid"
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$kport/health" >/dev/null && break; sleep 0.1; done

  declare -A urls=()
  for target in $TARGETS; do
    if [[ $target == kestrel ]]; then urls[$target]="http://127.0.0.1:$kport/invoke/hello"
    else urls[$target]="http://127.0.0.1:$port/invoke/hello-$target"; fi
  done
  for target in $TARGETS; do
    local body
    body=$(curl -sS --max-time 120 -H "Authorization: Bearer $KEY" "${urls[$target]}")
    [[ $body == '{"message":"Hello, World!"}' ]] || {
      log "$target answered '$body'"; cat "$WORK/load.log" >&2
      curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/functions/hello-$target/logs" >&2; return 1; }
    # Warm the path (JIT tiers) before measuring.
    wrk -t1 -c4 -d2s -H "Authorization: Bearer $KEY" "${urls[$target]}" >/dev/null
  done

  local started=$SECONDS
  for round in $(seq 1 "$ROUNDS"); do
    for target in $TARGETS; do
      for connections in 1 "$CONNECTIONS"; do
        local cpu_before cpu_after perf_pid=""
        cpu_before=$(cpu_ns "$target")
        if [[ -n ${PROFILE_DIR:-} && $round == 1 && $connections == "$CONNECTIONS" ]]; then
          # CPU samples of the whole machine (kernel included) while this run is under way; the gateway writes
          # /tmp/perf-<pid>.map for its JIT-compiled code (DOTNET_PerfMapEnabled, set below when profiling).
          mkdir -p "$PROFILE_DIR"
          perf record -F 499 -g -a -o "$PROFILE_DIR/$target.perf.data" -- sleep $(( DURATION > 3 ? DURATION - 2 : 1 )) >/dev/null 2>&1 &
          perf_pid=$!
        fi
        read -r rps p50 p99 errors requests < <(wrk_run "${urls[$target]}" "$connections")
        [[ -z ${perf_pid:-} ]] || { wait "$perf_pid" || true; perf_pid=""; }
        cpu_after=$(cpu_ns "$target")
        local pool=1
        [[ $target == kestrel ]] || pool=$(instances "$port" "hello-$target")
        echo "$target c$connections $rps $p50 $p99 $errors $(awk -v a="$cpu_before" -v b="$cpu_after" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? (b - a) / 1000 / n : 0) }') $pool" >> "$WORK/results"
      done
      log "round $round $target done"
    done
  done
  local elapsed=$(( SECONDS - started ))

  echo
  echo "## Load: medians of $ROUNDS rounds, ${DURATION}s each, wrk -t1, loopback (nproc=$(nproc)), measured $(date -u '+%Y-%m-%d %H:%M') UTC in ${elapsed}s, load average before: $LOAD_BEFORE"
  local c="c$CONNECTIONS"
  printf '%-10s | %9s | %9s | %9s | %10s | %9s | %9s | %7s | %9s | %9s | %9s | %9s | %5s | %6s\n' target "c1 req/s" "c1 p50" "c1 p99" "$c req/s" "$c p50" "$c p99" "p99/p50" "tput/K" "CPU µs/req" "CPU/K" "p50-K c1" pool errors
  local base_rps base_p50 base_cpu
  base_rps=$(awk -v c="$c" '$1=="kestrel" && $2==c {print $3}' "$WORK/results" | median)
  base_p50=$(awk '$1=="kestrel" && $2=="c1" {print $4}' "$WORK/results" | median)
  base_cpu=$(awk -v c="$c" '$1=="kestrel" && $2==c {print $7}' "$WORK/results" | median)
  for target in $TARGETS; do
    local m=()
    for field in "c1 3" "c1 4" "c1 5" "$c 3" "$c 4" "$c 5" "$c 7" "$c 8"; do
      set -- $field
      m+=("$(awk -v t="$target" -v c="$1" -v f="$2" '$1==t && $2==c {print $f}' "$WORK/results" | median)")
    done
    local errors
    errors=$(awk -v t="$target" '$1==t {s+=$6} END {print s+0}' "$WORK/results")
    printf '%-10s | %9.0f | %9.3f | %9.3f | %10.0f | %9.3f | %9.3f | %7.1f | %9.2f | %10.1f | %9.2f | %+9.3f | %5s | %6d\n' "$target" \
      "${m[0]}" "${m[1]}" "${m[2]}" "${m[3]}" "${m[4]}" "${m[5]}" \
      "$(awk -v a="${m[5]}" -v b="${m[4]}" 'BEGIN {print (b > 0 ? a/b : 0)}')" \
      "$(awk -v a="${m[3]}" -v b="$base_rps" 'BEGIN {print a/b}')" "${m[6]}" \
      "$(awk -v a="${m[6]}" -v b="$base_cpu" 'BEGIN {print (b > 0 ? a/b : 0)}')" \
      "$(awk -v a="${m[1]}" -v b="$base_p50" 'BEGIN {print a-b}')" "${m[7]}" "$errors"
  done
  echo "(CPU µs/req: server-side CPU per request at $CONNECTIONS connections — the gateway's cpuacct cgroup, process instances included, container instances not; pool: ready instances after the run)"
  echo "raw (target conns req/s p50 p99 errors cpu_us/req pool): $(tr '\n' ';' < "$WORK/results")"
  if [[ -n ${KEEP_LOGS:-} ]]; then mkdir -p "$KEEP_LOGS"; cp "$WORK/load.log" "$WORK/wrk.log" "$WORK/load.yaml" "$KEEP_LOGS/"; fi
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
