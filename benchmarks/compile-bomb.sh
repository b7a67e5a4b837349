#!/usr/bin/env bash
# The compile-bomb timeline, loopback only, bounded: a gateway with compile_timeout T deploys a source whose
# compilation never ends (nested lambdas: 3^13 overload bindings). Prints when the deploy was answered, when the
# compiler worker that ran it was gone, the gateway's own CPU time meanwhile and over the next 3 s, and how long the
# next (normal) deploy took. Needs root (process sandbox) and a Release build (it builds one if missing).
#
#   benchmarks/compile-bomb.sh            # compile_timeout 10
#   TIMEOUT=20 benchmarks/compile-bomb.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIMEOUT=${TIMEOUT:-10}
KEY=compile-bomb-bench-key-01
GATEWAY_DIR=$ROOT/src/Faas.Gateway/bin/Release/net10.0
WORK=$(mktemp -d /tmp/faas-bomb-XXXXXX)
chmod 711 "$WORK"
GATEWAY_PID=

cleanup() {
  set +e
  if [[ -n $GATEWAY_PID ]] && kill -0 "$GATEWAY_PID" 2>/dev/null; then
    kill -TERM "$GATEWAY_PID"
    for _ in $(seq 1 300); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GATEWAY_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

[[ -f $GATEWAY_DIR/Faas.Gateway.dll ]] || dotnet build "$ROOT/src/Faas.Gateway" -c Release -v q -nologo >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/faas_config.yaml" <<YAML
system:
  function_storage_path: $WORK/storage
  compile_timeout: $TIMEOUT
auth:
  api_keys:
    - { key: $KEY, scopes: [invoke, manage, admin] }
YAML
FAAS_DISABLE_CONTAINER=1 dotnet "$GATEWAY_DIR/Faas.Gateway.dll" --config "$WORK/faas_config.yaml" --port "$PORT" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
URL=http://127.0.0.1:$PORT
for _ in $(seq 1 900); do curl -fsS "$URL/health" >/dev/null 2>&1 && break; sleep 0.1; done

now() { date +%s.%N; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime in clock ticks (1/100 s)
workers() { for p in $(pgrep -f Faas.Compiler.dll); do grep -q "Faas.Compiler" "/proc/$p/cmdline" 2>/dev/null && echo "$p"; done; }
body() {
  python3 - "$1" "$2" > "$WORK/deploy.json" <<'PY'
import json, sys
print(json.dumps({"name": sys.argv[1], "code": sys.argv[2]}))
PY
}
deploy() { curl -sS -o "$WORK/answer.json" -w '%{http_code}' -X POST "$URL/functions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data @"$WORK/deploy.json"; }

INNER=0; for i in $(seq 0 12); do INNER="F(a$i => $INNER)"; done
BOMB=$'static int F(Func<int, int> f) => 0;\nstatic int F(Func<string, int> f) => 0;\nstatic int F(Func<long, int> f) => 0;\nvar x = '"$INNER"$';\nobject Handle(FaasRequest r) => x;'
body bomb "$BOMB"
# Both compiler workers (compile slots) warm before the bomb arrives.
for _ in $(seq 1 1200); do [[ $(grep -c 'Compiler worker .* is ready' "$WORK/gateway.log") -ge 2 ]] && break; sleep 0.1; done
BEFORE_WORKERS=$(workers | tr '\n' ' ')
BEFORE_CMD=$(for p in $BEFORE_WORKERS; do tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-60; echo -n '; '; done)
CPU0=$(cpu "$GATEWAY_PID"); T0=$(now)
deploy > "$WORK/status" &
DEPLOY=$!
# The bomb's worker is the one burning CPU a moment later.
declare -A START; for p in $BEFORE_WORKERS; do START[$p]=$(cpu "$p" 2>/dev/null || echo 0); done
sleep 2
BOMB_PID=; MOST=-1
for p in $BEFORE_WORKERS; do used=$(( $(cpu "$p" 2>/dev/null || echo 0) - ${START[$p]} )); (( used > MOST )) && { MOST=$used; BOMB_PID=$p; }; done
wait "$DEPLOY"; T1=$(now); CPU1=$(cpu "$GATEWAY_PID"); STATUS=$(cat "$WORK/status")
GONE=
for _ in $(seq 1 600); do
  # Gone: no such process, or a zombie (it runs nothing and holds no memory; its parent reaps it).
  state=$(awk '{print $3}' "/proc/$BOMB_PID/stat" 2>/dev/null || true)
  [[ -z $state || $state == Z ]] && { GONE=$(now); break; }; sleep 0.05
done
ANSWER=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; print(e["diagnostics"][0]["id"], "-", e["diagnostics"][0]["message"])' "$WORK/answer.json")
CPU2=$(cpu "$GATEWAY_PID"); sleep 3; CPU3=$(cpu "$GATEWAY_PID")
body after-bomb 'object Handle(FaasRequest r) => "fine";'
T2=$(now); NEXT=$(deploy); T3=$(now)

printf 'compile_timeout: %s s\n' "$TIMEOUT"
[[ -n ${DEBUG:-} ]] && { echo "workers before: $BEFORE_WORKERS ($BEFORE_CMD); the bomb's: $BOMB_PID"; grep -i compil "$WORK/gateway.log" || true; }
printf 'bomb deploy answered %s after %.2f s: %s\n' "$STATUS" "$(echo "$T1 - $T0" | bc)" "$ANSWER"
printf 'gateway CPU while the bomb compiled: %.2f s\n' "$(echo "($CPU1 - $CPU0) / 100" | bc -l)"
if [[ -n $GONE ]]; then printf 'the worker that ran it (pid %s) was gone %.2f s after the answer\n' "$BOMB_PID" "$(echo "$GONE - $T1" | bc)"; else echo "the worker that ran it (pid $BOMB_PID) was still running 30 s after the answer"; fi
printf 'gateway CPU over the next 3 s: %.2f s\n' "$(echo "($CPU3 - $CPU2) / 100" | bc -l)"
printf 'next deploy answered %s after %.2f s (%.2f s after the bomb'"'"'s answer)\n' "$NEXT" "$(echo "$T3 - $T2" | bc)" "$(echo "$T3 - $T1" | bc)"
