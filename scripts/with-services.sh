#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster and Redis server on free
# loopback ports, then stops both and deletes their data, also when the command fails.
# Exports DATABASE_URL and REDIS_URL for the command; exits with the command's status.
set -euo pipefail

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

PGBIN=$(pg_bin)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (install postgresql)." >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server not found (install redis-server)." >&2; exit 1; }

WORK=$(mktemp -d /tmp/rehab-services.XXXXXX)
chmod 755 "$WORK"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
REDIS_PID=""

# PostgreSQL refuses to run as root: run it as the 'postgres' user when we are root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  status=$?
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  # A test may have stopped and restarted Redis on the same port (tests/reliability).
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
  --dir "$WORK" --daemonize no --loglevel warning >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export REHAB_TEST_PGDATA="$WORK/pg" REHAB_TEST_PGBIN="$PGBIN"
export REHAB_TEST_REDIS_PID="$REDIS_PID" REHAB_TEST_REDIS_PORT="$REDIS_PORT" REHAB_TEST_REDIS_DIR="$WORK"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/rehab"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
echo "Throwaway PostgreSQL on 127.0.0.1:$PG_PORT and Redis on 127.0.0.1:$REDIS_PORT"
export REHAB_REQUIRE_SERVICES=1
set +e
"$@"
status=$?
set -e
exit $status
