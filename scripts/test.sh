#!/usr/bin/env bash
# The test command: sets up a fresh Debian machine (packages, Docker engine) and runs every test once,
# built once in Release. Extra arguments go to `dotnet test` (for example --filter ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Faas.sln -c Release -nologo -v quiet
dotnet test Faas.sln -c Release --no-build -nologo "$@"
