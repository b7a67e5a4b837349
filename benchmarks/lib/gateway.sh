#!/usr/bin/env bash
# Shared by coldstart.sh, burst.sh, density.sh and container.sh (sourced, not run): a Release gateway on a
# loopback port in a cgroup of its own, a scratch directory, and a clean-up that stops and removes
# everything (gateways, their containers, cgroups, files) on exit, failure or Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KEY=bench-key
GATEWAY_DIR=$ROOT/src/Faas.Gateway/bin/Release/net10.0
HELLO_DLL=$ROOT/benchmarks/hello/bin/Release/net10.0/Hello.dll
WORK=$(mktemp -d /tmp/faas-bench-XXXXXX)
chmod 711 "$WORK"  # sandbox uids must reach the instance sockets below it
PIDS=()
CGROUPS=()
STORAGES=()

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null
    fi
  done
  for storage in "${STORAGES[@]}"; do
    docker ps -aq --filter "label=faas.platform=$(printf '%s' "$storage" | sha256sum | cut -c1-12)" 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1
  done
  for group in "${CGROUPS[@]}"; do
    find "$group" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null
    rmdir "$group" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ensure_build() {
  if [[ ! -f $GATEWAY_DIR/Faas.Gateway.dll || ! -f $GATEWAY_DIR/host/Faas.Host.dll ]]; then
    log "building the gateway (Release)"
    dotnet build "$ROOT/src/Faas.Gateway" -c Release -v q -nologo >/dev/null
  fi
  if [[ ! -f $HELLO_DLL ]]; then
    log "building the bare hello app"
    dotnet build "$ROOT/benchmarks/hello" -c Release -v q -nologo >/dev/null
  fi
}

# write_config STORAGE SYSTEM_EXTRA: a config with rate limiting off, one admin key, no functions.
write_config() {
  local storage=$1 extra=${2:-}
  mkdir -p "$storage"
  STORAGES+=("$storage")
  cat <<YAML
system:
  function_storage_path: $storage
  base_image: ${BASE_IMAGE:-faas-runtime:bench}
  logging_level: WARNING
  warm_instance_ttl: 3600
  cold_start_timeout: 120
  max_concurrent_functions: 100000
  max_queue_per_function: 100000
$extra
auth:
  api_keys:
    - { key: $KEY, scopes: [invoke, manage, admin] }
rate_limit:
  enabled: false
limits:
  min_instances: 1000
  max_instances: 1000
YAML
}

# start_gateway NAME CONFIG PORT: the gateway runs in a cgroup of its own (memory, cpu, pids), so its instance
# cgroups and the orphan clean-up at start-up never touch another platform's instances.
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
  for _ in $(seq 1 1800); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$WORK/$name.pid")" 2>/dev/null || { cat "$WORK/$name.log" >&2; return 1; }
    sleep 0.1
  done
  log "gateway $name did not answer /health"; cat "$WORK/$name.log" >&2; return 1
}

stop_gateway() {
  local pid
  pid=$(cat "$WORK/$1.pid")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

HELLO_CODE='object Handle(FaasRequest request)
{
    var data = request.Json();
    return new { message = $"Hello, {(string?)data?["name"] ?? "World"}!" };
}'

# deploy PORT NAME CONFIG_JSON: POST /functions with the hello handler; fails on anything but 201.
deploy() {
  local port=$1 name=$2 config=$3 status
  status=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "code": sys.argv[2], "config": json.loads(sys.argv[3])}))' \
      "$name" "$HELLO_CODE" "$config" \
    | curl -s -o "$WORK/deploy.out" -w '%{http_code}' -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      --data-binary @- "http://127.0.0.1:$port/functions")
  [[ $status == 201 ]] || { log "deploy $name: $status $(cat "$WORK/deploy.out")"; return 1; }
}

# invoke_ms PORT NAME: milliseconds until the answer of one call (fails unless 200 with the hello body).
invoke_ms() {
  local port=$1 name=$2 out
  out=$(curl -s -o "$WORK/invoke.out" -w '%{http_code} %{time_total}' --max-time 180 -H "Authorization: Bearer $KEY" "http://127.0.0.1:$port/invoke/$name")
  [[ ${out%% *} == 200 && $(cat "$WORK/invoke.out") == '{"message":"Hello, World!"}' ]] || { log "invoke $name: $out $(cat "$WORK/invoke.out")"; return 1; }
  awk -v t="${out#* }" 'BEGIN { printf "%.1f\n", t * 1000 }'
}

# stem_cells PORT STATE -> the process-mode stem cells in STATE (ready, starting), from the gateway's /metrics.
stem_cells() {
  curl -s "http://127.0.0.1:$1/metrics" | awk -v s="$2" '$1 == "stem_cells{mode=\"process\",state=\"" s "\"}" { print $2; found = 1 } END { if (!found) print "nan" }'
}

# stem_cells_settled PORT: waits (up to 3 minutes) until no process-mode stem cell has been starting for 1 s
# (a refill begins just after the answers that ask for it).
stem_cells_settled() {
  local starting quiet=0
  for _ in $(seq 1 1800); do
    starting=$(stem_cells "$1" starting)
    if [[ $starting == 0 ]]; then quiet=$((quiet + 1)); else quiet=0; fi
    (( quiet >= 10 )) && return 0
    sleep 0.1
  done
  log "stem cells still starting after 3 minutes: $starting"; return 1
}

# bare_start_ms RUNS: hyperfine's median of `dotnet Hello.dll` in milliseconds (3 warm-ups).
bare_start_ms() {
  hyperfine -N --warmup 3 --runs "$1" --export-json "$WORK/bare.json" "dotnet $HELLO_DLL" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$WORK/bare.json"
}
