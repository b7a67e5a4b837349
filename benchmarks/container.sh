#!/usr/bin/env bash
# Container cold boot and container stem cell (issue 11 row 5) against `docker run --rm` of the same runtime
# image, in the same run.
#
#   benchmarks/container.sh                  # ITERATIONS=9 (each a newly deployed container function)
#
# 1. baseline: hyperfine's median of `docker run --rm --network none --user 65534:65534 IMAGE dotnet
#    /faas/host/Faas.Host.dll` (the host starts, prints its usage and exits), before and after.
# 2. cold boot: a gateway with container stem cells off; ITERATIONS hello functions (container mode) are
#    deployed, then the first call of each is timed with curl, one after another.
# 3. stem cell: the same with one container stem cell, 5 s apart for the refill.
# Needs root, Docker and hyperfine. The image is built by the gateway (tag BASE_IMAGE). Cleans up on exit.
BASE_IMAGE=${BASE_IMAGE:-faas-runtime:bench-cold}
source "$(dirname "$0")/lib/gateway.sh"
ITERATIONS=${ITERATIONS:-9}
ensure_build

run_series() {  # run_series NAME STEM_CELLS WAIT: the median first call goes to $WORK/NAME.median
  local name=$1 cells=$2 wait=$3 port times=()
  port=$(free_port)
  write_config "$WORK/$name" "  stem_cells:
    process: { min: 0, max: 0 }
    container: { min: $cells, max: $cells }" > "$WORK/$name.yaml"
  start_gateway "$name" "$WORK/$name.yaml" "$port"
  deploy "$port" warm '{"execution_mode": "container"}'
  invoke_ms "$port" warm >/dev/null
  for i in $(seq 1 "$ITERATIONS"); do
    deploy "$port" "fn-$i" '{"execution_mode": "container", "memory": "128Mi"}'
  done
  sleep 5  # the compiler workers refill after compiles: not during a boot
  for i in $(seq 1 "$ITERATIONS"); do
    sleep "$wait"
    times+=("$(invoke_ms "$port" "fn-$i")")
  done
  stop_gateway "$name"
  log "$name: ${times[*]}"
  printf '%s\n' "${times[@]}" | median > "$WORK/$name.median"
}

docker_run_ms() {
  hyperfine -N -i --warmup 2 --runs "$1" --export-json "$WORK/docker.json" \
    "docker run --rm --network none --user 65534:65534 $BASE_IMAGE dotnet /faas/host/Faas.Host.dll" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$WORK/docker.json"
}

run_series cold 0 1          # also builds the image on first use
docker1=$(docker_run_ms 10)
run_series stem 1 5
docker2=$(docker_run_ms 10)
cold=$(cat "$WORK/cold.median"); stem=$(cat "$WORK/stem.median")
docker=$(printf '%s\n%s\n' "$docker1" "$docker2" | median)

printf '\n%-50s %10s %10s\n' "what (medians, ms)" "ms" "× docker"
printf '%-50s %10s %10s\n' "docker run --rm (before / after: $docker1 / $docker2)" "$docker" "1.00"
awk -v c="$cold" -v s="$stem" -v d="$docker" 'BEGIN {
  printf "%-50s %10.1f %10.2f  (target <= 0.6)\n", "container cold boot, first call (no stem cell)", c, c / d
  printf "%-50s %10.1f %10.2f  (target <= 0.1)\n", "container stem cell, first call", s, s / d }'
