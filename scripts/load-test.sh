#!/usr/bin/env bash
# Sustained-load run behind docs/reliability.md: starts a real gateway on loopback, runs good calls,
# failing handlers, calls beyond a function's capacity, malformed deploys and a one-key flood at once
# for FAAS_LOAD_SECONDS (default 30), then prints requests served, errors by kind, p50/p99 and the
# gateway's peak RSS (VmHWM). Loopback only. Usage: scripts/load-test.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export FAAS_LOAD_SECONDS="${1:-${FAAS_LOAD_SECONDS:-30}}"
dotnet build tests/Faas.Gateway.Tests -c Release -nologo -v quiet
dotnet test tests/Faas.Gateway.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~LoadTests.Flood_FromOneKey_OtherKeysServedAndGatewayMemoryBounded" \
  --logger "console;verbosity=normal" | grep -E '^(load:|good-call|gateway|  [a-z-]+ +[0-9]{3} )|Passed!|Failed!'
