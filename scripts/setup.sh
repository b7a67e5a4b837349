#!/usr/bin/env bash
# Installs what Faas needs on a Debian machine (as root, no stdin; idempotent):
#   bubblewrap (process-mode sandbox), util-linux's setpriv, prometheus (promtool, for the metrics test),
#   postgresql and haproxy (a cluster: scripts/cluster.sh and its tests; none of their services is started),
#   docker-registry and apache2-utils (htpasswd) for the image-pull tests (a registry on a loopback port),
#   chromium (the dashboard's browser test drives Debian's /usr/bin/chromium; FAAS_SETUP_CHROMIUM=0 skips it)
#   and, unless FAAS_SETUP_DOCKER=0, a running Docker engine (scripts/ensure-docker.sh).
# Without root it only reports what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
if [ "${FAAS_SETUP_PROMETHEUS:-1}" != 0 ]; then
    command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
fi
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
if [ "${FAAS_SETUP_CHROMIUM:-1}" != 0 ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ "${FAAS_SETUP_REGISTRY:-1}" != 0 ]; then
    # Installed for the tests only; the package's own service is not started here (the tests start their own).
    command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
    command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "not root: cannot install ${missing[*]}; sandbox or container tests will be skipped"
    else
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q </dev/null >/dev/null
        # Debian starts the packages' own services where it can (policy-rc.d keeps them off where it is honoured);
        # Faas never uses them: the tests and scripts/cluster.sh run their own, on their own ports.
        apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >/dev/null
    fi
fi

# The docker-registry package starts a registry on all interfaces (port 5000) where systemd runs; the tests start
# their own on loopback ports, so keep the package's service off.
if [ "$(id -u)" -eq 0 ] && [ -d /run/systemd/system ] && systemctl is-enabled docker-registry >/dev/null 2>&1; then
    say "disabling the docker-registry service (the tests run their own registries on loopback)"
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi

if [ "${FAAS_SETUP_DOCKER:-1}" != 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        scripts/ensure-docker.sh
    else
        say "not root: not starting Docker; container tests will be skipped"
    fi
fi
