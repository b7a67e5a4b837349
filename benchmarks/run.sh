#!/usr/bin/env bash
# Runs every benchmark: the BenchmarkDotNet suites (cold start, cold-start breakdown, warm invoke,
# compile), then the load and density script. Needs root, bubblewrap, Docker and wrk.
#   benchmarks/run.sh                 # everything (about 10 minutes on 2 cores)
#   benchmarks/run.sh --filter '*Cold*'   # BenchmarkDotNet only, with its own arguments
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
"$ROOT/scripts/ensure-docker.sh" >/dev/null 2>&1 || echo "[run] docker unavailable: container suites will fail" >&2
dotnet build Faas.sln -c Release -v q -nologo
if [[ $# -gt 0 ]]; then
  exec dotnet run -c Release --no-build --project benchmarks/Faas.Benchmarks -- "$@"
fi
dotnet run -c Release --no-build --project benchmarks/Faas.Benchmarks -- --filter '*'
"$ROOT/benchmarks/load.sh"
