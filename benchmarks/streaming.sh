#!/usr/bin/env bash
# Gateway memory with large answers and a streamed handler's time to first byte; loopback only, bounded.
# Needs root (process sandbox), curl and a Release build (it builds one if missing).
#
#   benchmarks/streaming.sh                 # ten concurrent 250 MB answers (max_response_body_size 512Mi) + TTFB
#   CALLS=10 SIZE=250000000 benchmarks/streaming.sh
#
# Prints the gateway's RSS before the calls and its peak RSS during them (VmHWM after resetting it through
# /proc/<pid>/clear_refs), the bytes each call received, and curl's time to first byte for a handler that
# yields its first chunk at once and its second chunk two seconds later. Everything is removed on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CALLS=${CALLS:-10}
SIZE=${SIZE:-250000000}
KEY=streaming-bench-key-0001
GATEWAY_DIR=$ROOT/src/Faas.Gateway/bin/Release/net10.0
WORK=$(mktemp -d /tmp/faas-streaming-XXXXXX)
chmod 711 "$WORK"
GATEWAY_PID=

log() { printf '[streaming] %s\n' "$*" >&2; }

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

if [[ ! -f $GATEWAY_DIR/Faas.Gateway.dll ]]; then
  log "building Release"
  dotnet build "$ROOT/src/Faas.Gateway" -c Release -v q -nologo >/dev/null
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/faas_config.yaml" <<YAML
system:
  function_storage_path: $WORK/storage
  max_response_body_size: 512Mi
  stem_cells: { process: { min: 0, max: 0 }, container: { min: 0, max: 0 } }
auth:
  api_keys:
    - { key: $KEY, scopes: [invoke, manage, admin] }
rate_limit: { enabled: false }
YAML

FAAS_DISABLE_CONTAINER=1 dotnet "$GATEWAY_DIR/Faas.Gateway.dll" --config "$WORK/faas_config.yaml" --port "$PORT" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
URL=http://127.0.0.1:$PORT
for _ in $(seq 1 900); do curl -fsS "$URL/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$URL/health" >/dev/null || { cat "$WORK/gateway.log" >&2; exit 1; }

deploy() {
  python3 - "$1" "$2" "$3" > "$WORK/deploy.json" <<'PY'
import json, sys
print(json.dumps({"name": sys.argv[1], "code": sys.argv[2], "config": json.loads(sys.argv[3])}))
PY
  curl -fsS -o /dev/null -X POST "$URL/functions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data @"$WORK/deploy.json"
}

deploy big "static readonly byte[] s_body = new byte[$SIZE]; object Handle(FaasRequest r) => s_body;" \
  "{\"memory\": \"1Gi\", \"concurrency\": $CALLS, \"max_instances\": 1, \"timeout\": 600}"
deploy trickle 'async IAsyncEnumerable<string> Handle(FaasRequest r) { yield return "first\n"; await Task.Delay(2000); yield return "second\n"; }' '{}'

rss() { awk -v f="$2" '$1 == f {print $2}' "/proc/$1/status"; }
[[ ${WARM:-1} == 1 ]] && curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" "$URL/invoke/big"   # warm: the instance is up
BEFORE=$(rss "$GATEWAY_PID" VmRSS:)
echo 5 > "/proc/$GATEWAY_PID/clear_refs"
START=$(date +%s.%N)
for i in $(seq 1 "$CALLS"); do
  curl -sS -o /dev/null -w '%{size_download}\n' -H "Authorization: Bearer $KEY" "$URL/invoke/big" > "$WORK/call-$i" &
done
wait $(jobs -p | grep -v "^$GATEWAY_PID$") 2>/dev/null || true
END=$(date +%s.%N)
PEAK=$(rss "$GATEWAY_PID" VmHWM:)
RECEIVED=$(cat "$WORK"/call-* | sort | uniq -c | tr '\n' ' ')

TTFB=()
for _ in 1 2 3; do
  TTFB+=("$(curl -sS -o /dev/null -w '%{time_starttransfer} %{time_total}' -H "Authorization: Bearer $KEY" "$URL/invoke/trickle")")
done

printf 'calls: %s x %s bytes, received (count size): %s\n' "$CALLS" "$SIZE" "$RECEIVED"
printf 'wall time: %.1f s\n' "$(echo "$END - $START" | bc)"
printf 'gateway RSS before: %d MiB; peak during the calls: %d MiB; growth: %d MiB\n' $((BEFORE / 1024)) $((PEAK / 1024)) $(((PEAK - BEFORE) / 1024))
printf 'streamed handler (first chunk at once, second after 2 s), curl time to first byte / total (s): %s\n' "${TTFB[*]}"
