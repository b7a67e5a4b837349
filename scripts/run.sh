#!/usr/bin/env bash
# The run command: installs the sandbox's packages if missing (as root), builds and starts the gateway
# with the embedded defaults (SQLite registry, process mode) or the arguments given, e.g.
#   scripts/run.sh --config faas_config.yaml --port 8000
# Container mode needs a Docker engine: run scripts/ensure-docker.sh first (or set FAAS_SETUP_DOCKER=1).
set -euo pipefail
cd "$(dirname "$0")/.."
FAAS_SETUP_DOCKER="${FAAS_SETUP_DOCKER:-0}" FAAS_SETUP_PROMETHEUS=0 FAAS_SETUP_CHROMIUM=0 scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/Faas.Gateway -c Release -- "$@"
