#!/usr/bin/env bash
# Starts (or stops) the servers the scale-out adapters are tested against: PostgreSQL 15 and Redis from
# Debian, and Chroma from npm. Installs the Debian packages when run as root and they are missing. Safe to
# re-run. Tests find them at the URLs printed at the end (their defaults); .ci/run sets
# SIFT_TEST_REQUIRE_SERVICES=1 so a missing server fails those tests instead of skipping them.
#   bash scripts/test-services.sh start|stop
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:-start}"

PG_URL="postgres://sift_test:sift_test@127.0.0.1:5432/sift_test"
REDIS_PORT=6379
CHROMA_PORT=8000
CHROMA_DIR=/tmp/sift-test-chroma

install_missing() {
  local missing=()
  for p in postgresql redis-server; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-services: missing ${missing[*]} (install them as root)" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_postgres() {
  local cluster
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    pg_createcluster 15 main >/dev/null
    cluster="15 main"
  fi
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start 2>/dev/null || true
  for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -qAt" >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sift_test') THEN
    CREATE ROLE sift_test LOGIN PASSWORD 'sift_test' CREATEDB;
  END IF;
END $$;
SQL
  if ! su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname = 'sift_test'\"" | grep -q 1; then
    su postgres -c "createdb -O sift_test sift_test"
  fi
}

start_redis() {
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >/dev/null
  fi
  for _ in $(seq 1 30); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
}

# Chroma from npm (chromadb's CLI over chromadb-js-bindings-linux-x64-gnu, pinned in package.json): a
# throw-away data dir, in the background, its pid kept so `stop` ends exactly this server.
start_chroma() {
  if curl -fsS "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat" >/dev/null 2>&1; then return 0; fi
  if [ ! -x node_modules/.bin/chroma ]; then
    echo "test-services: node_modules/.bin/chroma missing (run npm install)" >&2
    return 1
  fi
  rm -rf "$CHROMA_DIR"
  mkdir -p "$CHROMA_DIR"
  nohup node node_modules/chromadb/dist/cli.mjs run --path "$CHROMA_DIR/data" --host 127.0.0.1 \
    --port "$CHROMA_PORT" >"$CHROMA_DIR/server.log" 2>&1 &
  echo $! >"$CHROMA_DIR/server.pid"
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "test-services: Chroma did not answer on port $CHROMA_PORT (see $CHROMA_DIR/server.log)" >&2
  return 1
}

stop_chroma() {
  [ -f "$CHROMA_DIR/server.pid" ] || return 0
  kill "$(cat "$CHROMA_DIR/server.pid")" 2>/dev/null || true
  rm -f "$CHROMA_DIR/server.pid"
}

case "$action" in
  start)
    install_missing
    start_postgres
    start_redis
    start_chroma
    echo "test-services: PostgreSQL $PG_URL"
    echo "test-services: Redis redis://127.0.0.1:$REDIS_PORT"
    echo "test-services: Chroma http://127.0.0.1:$CHROMA_PORT"
    ;;
  stop)
    stop_chroma
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
    # shellcheck disable=SC2086
    [ -n "$cluster" ] && pg_ctlcluster $cluster stop 2>/dev/null || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
