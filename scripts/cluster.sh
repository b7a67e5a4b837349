#!/usr/bin/env bash
# A Faas cluster on this machine, to try it (docs/cluster.md):
#   scripts/cluster.sh up     PostgreSQL (Debian's package, its own data directory, port 5433), three gateway nodes
#                             on 127.0.0.1:8001-8003 sharing it, HAProxy on 127.0.0.1:8000 (deploy/haproxy.cfg)
#   scripts/cluster.sh down   stops them and removes everything `up` created
# State lives in FAAS_CLUSTER_DIR (default /tmp/faas-cluster). Run as root (PostgreSQL runs as the postgres user,
# functions in the strict sandbox). Container mode stays off unless FAAS_DISABLE_CONTAINER=0. FAAS_CLUSTER_YAML is
# appended to every node's config, e.g. FAAS_CLUSTER_YAML='rate_limit: { enabled: false }' to measure throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
DIR="${FAAS_CLUSTER_DIR:-/tmp/faas-cluster}"
PG_PORT="${FAAS_CLUSTER_PG_PORT:-5433}"
NODES=(1 2 3)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
say() { echo "cluster: $*" >&2; }

stop_pid() {   # stop_pid FILE [SIGNAL]: signal the recorded process (ours only) and wait up to 60 s for it
    local file="$1" pid
    [ -f "$file" ] || return 0
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "-${2:-TERM}" "$pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

down() {
    [ -d "$DIR" ] || { say "nothing to stop ($DIR does not exist)"; return 0; }
    stop_pid "$DIR/haproxy.pid"
    for n in "${NODES[@]}"; do stop_pid "$DIR/node-$n/gateway.pid"; done
    if [ -f "$DIR/pg/data/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$DIR"
    say "stopped; removed $DIR"
}

up() {
    [ "$(id -u)" -eq 0 ] || { say "run as root"; exit 1; }
    [ ! -e "$DIR" ] || { say "$DIR exists: run '$0 down' first"; exit 1; }
    FAAS_SETUP_DOCKER=0 FAAS_SETUP_PROMETHEUS=0 scripts/setup.sh
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    mkdir -p "$DIR/pg" && chmod 0711 "$DIR"
    chown postgres:postgres "$DIR/pg" && chmod 0700 "$DIR/pg"
    local pg_password key admin_key manage_key
    pg_password="$(openssl rand -hex 16)"
    admin_key="$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"
    manage_key="$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"
    key="$(openssl rand -base64 32)"
    (umask 077; echo "$pg_password" > "$DIR/pg/pw"; echo "$key" > "$DIR/secrets.key")
    chown postgres:postgres "$DIR/pg/pw"

    say "PostgreSQL on 127.0.0.1:$PG_PORT ($DIR/pg)"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$DIR/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile "$DIR/pg/pw" -E UTF8 --locale=C >/dev/null
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$DIR/pg" start >/dev/null
    runuser -u postgres -- "$PG_BIN/psql" -h "$DIR/pg" -p "$PG_PORT" -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE faas LOGIN PASSWORD '$pg_password'" -c "CREATE DATABASE faas OWNER faas"

    say "building the gateway"
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet build src/Faas.Gateway -c Release -nologo -v quiet >/dev/null
    local dll="$ROOT/src/Faas.Gateway/bin/Release/net10.0/Faas.Gateway.dll"

    for n in "${NODES[@]}"; do
        local node="$DIR/node-$n" port=$((8000 + n))
        mkdir -p "$node/storage"
        (umask 077; cat > "$node/faas_config.yaml" <<YAML
system:
  api_gateway_port: $port
  function_storage_path: $node/storage
  stem_cells: { process: { min: 1, max: 2 }, container: { min: 0, max: 1 } }
auth:
  api_keys:
    - { key: "$admin_key", scopes: [invoke, manage, admin], name: admin }
    - { key: "$manage_key", scopes: [invoke, manage], name: deployer }
registry:
  kind: postgres
  connection_string: "Host=127.0.0.1;Port=$PG_PORT;Database=faas;Username=faas;Password=$pg_password"
cluster:
  node_name: node-$n
  advertise_url: http://127.0.0.1:$port
  lease_timeout: 15
  trusted_proxies: [127.0.0.1]   # HAProxy: X-Forwarded-For names the client
${FAAS_CLUSTER_YAML:-}
YAML
)
        FAAS_SECRETS_KEY="$key" FAAS_DISABLE_CONTAINER="${FAAS_DISABLE_CONTAINER:-1}" \
            nohup dotnet "$dll" --config "$node/faas_config.yaml" >"$node/gateway.log" 2>&1 </dev/null &
        echo $! > "$node/gateway.pid"
        # One node at a time: the first creates the schema, the others find it (they would wait on its lock anyway).
        for _ in $(seq 1 900); do
            curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
            kill -0 "$(cat "$node/gateway.pid")" 2>/dev/null || { say "node-$n failed to start:"; tail -20 "$node/gateway.log" >&2; down; exit 1; }
            sleep 0.2
        done
        say "node-$n on http://127.0.0.1:$port (log: $node/gateway.log)"
    done

    haproxy -f deploy/haproxy.cfg -D -p "$DIR/haproxy.pid" || { say "HAProxy did not start"; down; exit 1; }
    for _ in $(seq 1 100); do curl -fs http://127.0.0.1:8000/health >/dev/null 2>&1 && break; sleep 0.1; done
    say "HAProxy on http://127.0.0.1:8000 in front of node-1..3"
    cat <<TEXT
Keys (also in $DIR/node-*/faas_config.yaml):
  admin     $admin_key
  deployer  $manage_key
Try:
  curl -s -H "Authorization: Bearer $admin_key" http://127.0.0.1:8000/cluster/nodes
Stop and remove everything: $0 down
TEXT
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
