#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock (container mode and its tests need one).
# Idempotent; runs as root with no stdin on a fresh Debian machine:
#   1. installs Debian's docker.io when dockerd is missing,
#   2. starts `dockerd --bridge=none --iptables=false` when no engine answers
#      (no bridge network: containers only ever get --network none),
#   3. waits (bounded) until the engine answers; exits non-zero with a clear message otherwise.
# Environment: DOCKER_WAIT_SECONDS (default 60), DOCKERD_LOG (default /var/log/faas-dockerd.log),
#              DOCKER_STORAGE_DRIVER (default: dockerd's choice, overlay2 where the kernel allows, else vfs).
set -euo pipefail

SOCKET=/var/run/docker.sock
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"
LOG="${DOCKERD_LOG:-/var/log/faas-dockerd.log}"

say() { echo "ensure-docker: $*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

answers() {
    [ -S "$SOCKET" ] || return 1
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 5 --unix-socket "$SOCKET" http://localhost/_ping >/dev/null 2>&1
    else
        timeout 5 docker version >/dev/null 2>&1
    fi
}

if answers; then
    say "Docker engine already answers on $SOCKET"
    exit 0
fi

[ "$(id -u)" -eq 0 ] || fail "no engine answers on $SOCKET and starting one needs root"

if ! command -v dockerd >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || fail "dockerd is missing and apt-get is not available: install Docker by hand"
    say "installing docker.io (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q </dev/null || fail "apt-get update failed"
    apt-get install -y -q --no-install-recommends docker.io curl </dev/null || fail "apt-get install docker.io failed"
fi
command -v dockerd >/dev/null 2>&1 || fail "dockerd still not found after installing docker.io"

if ! pgrep -x dockerd >/dev/null 2>&1; then
    args=(--bridge=none --iptables=false)
    driver="${DOCKER_STORAGE_DRIVER:-}"
    if [ -z "$driver" ] && ! grep -qw overlay /proc/filesystems 2>/dev/null && ! modprobe overlay 2>/dev/null; then
        driver=vfs   # no overlayfs in this kernel: vfs always works (slower, more disk)
    fi
    [ -n "$driver" ] && args+=(--storage-driver="$driver")
    mkdir -p "$(dirname "$LOG")"
    say "starting dockerd ${args[*]} (log: $LOG)"
    nohup dockerd "${args[@]}" >>"$LOG" 2>&1 </dev/null &
    disown || true
else
    say "dockerd is running but not answering yet; waiting"
fi

for _ in $(seq 1 "$WAIT_SECONDS"); do
    if answers; then
        say "Docker engine answers on $SOCKET"
        exit 0
    fi
    sleep 1
done

say "last lines of $LOG:"
tail -n 20 "$LOG" >&2 2>/dev/null || true
fail "no Docker engine answered on $SOCKET within ${WAIT_SECONDS}s"
