#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and tools.
#
#   scripts/pg-throwaway.sh start <dir>   # prints ONE line: the Npgsql connection string
#   scripts/pg-throwaway.sh stop  <dir>   # fast shutdown, then removes <dir>
#
# Layout under <dir>:  data/ (PGDATA)  sock/ (unix socket dir)  log/postgresql.log  port
# The server log records checkpoints, in UTC (the load generator's report reads them from it).
# Only stdout carries the connection string; every progress/diagnostic line goes to stderr,
# so callers can do:  CONN=$(scripts/pg-throwaway.sh start "$DIR")
#
# Environment:
#   PG_BIN        PostgreSQL bin dir (default: newest /usr/lib/postgresql/<ver>/bin)
#   PG_START_TIMEOUT  seconds pg_ctl waits for the server (default 60)
#   PG_EXTRA_OPTS     more server settings, e.g. "-c log_autovacuum_min_duration=0 -c max_wal_size=4GB"
#
# docs/postgres-for-tests.md describes the same steps for the C# test fixture.
set -euo pipefail

readonly DB_NAME=engine DB_USER=engine DB_PASSWORD=engine
readonly MARKER=.pg-throwaway   # stop only deletes directories carrying this marker

log() { printf 'pg-throwaway: %s\n' "$*" >&2; }
die() { printf 'pg-throwaway: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: scripts/pg-throwaway.sh start <dir>   start a cluster in <dir>, print its connection string
       scripts/pg-throwaway.sh stop  <dir>   stop the cluster in <dir> and delete <dir>
EOF
  exit 2
}

# Newest PostgreSQL server bin dir. Debian keeps server binaries off PATH (only psql & co.
# are wrapped in /usr/bin), so look in /usr/lib/postgresql/<ver>/bin.
find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/initdb" ]] || die "PG_BIN=$PG_BIN has no initdb"
    printf '%s\n' "$PG_BIN"; return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$d" && -x "$d/initdb" ]]; then printf '%s\n' "$d"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb).
  Install them with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql"
}

# initdb and postgres refuse to run as root, so as root everything server-side runs as the
# 'postgres' OS user. 'cd /' avoids "could not change directory to /root" noise: the
# caller's cwd is often unreadable for that user.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Free loopback port: bind port 0 and let the kernel choose. The socket is closed before
# postgres binds, so another process could grab it in between; start() retries on failure.
free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

cmd_start() {
  local dir=$1 bin port attempt started=0
  bin=$(find_pg_bin)
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to pick a free port"

  if [[ -e "$dir" && -n "$(ls -A "$dir" 2>/dev/null)" ]]; then
    die "$dir exists and is not empty; pass a new or empty directory"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)   # absolute: postgres runs with cwd=/
  touch "$dir/$MARKER"

  # unix socket paths are limited to 107 bytes; the file is sock/.s.PGSQL.<port>
  (( ${#dir} <= 80 )) || die "$dir is too long for a unix socket path (keep it under 80 chars, e.g. mktemp -d)"

  mkdir -p "$dir/data" "$dir/sock" "$dir/log"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' OS user (install the postgresql package)"
    # mktemp -d makes 0700 dirs; postgres must be able to traverse <dir> to reach its subdirs.
    chmod 755 "$dir"
    chown postgres: "$dir/data" "$dir/sock" "$dir/log"
    as_pg test -w "$dir/data" ||
      die "user 'postgres' cannot reach $dir/data (a parent directory is not traversable, e.g. under /root); use a dir under /tmp"
  fi
  chmod 700 "$dir/data"   # initdb/postgres demand 0700 (or 0750) on PGDATA

  log "using $bin ($("$bin/postgres" --version))"
  log "initdb in $dir/data"
  # --locale=C: does not depend on which locales are generated on the machine.
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
    --no-instructions >"$dir/initdb.out" 2>&1 ||
    { cat "$dir/initdb.out" >&2; die "initdb failed"; }

  for attempt in 1 2 3; do
    port=$(free_port)
    log "starting on 127.0.0.1:$port (attempt $attempt)"
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log/postgresql.log" -w -t "${PG_START_TIMEOUT:-60}" \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on -c log_checkpoints=on -c log_timezone=UTC ${PG_EXTRA_OPTS:-}" \
      start >&2; then
      started=1; break
    fi
    log "start failed; last log lines:"; tail -n 20 "$dir/log/postgresql.log" >&2 || true
  done
  (( started )) || die "could not start PostgreSQL (log: $dir/log/postgresql.log); run '$0 stop $dir' to clean up"
  echo "$port" >"$dir/port"

  # trust auth: the superuser needs no password over TCP. The password is still set so the
  # same connection string works against a password-protected server.
  log "creating role $DB_USER and database $DB_NAME"
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'" \
    -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2 ||
    die "could not create role/database; run '$0 stop $dir' to clean up"

  log "ready"
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
    "$port" "$DB_NAME" "$DB_USER" "$DB_PASSWORD"
}

cmd_stop() {
  local dir=$1 bin
  [[ -d "$dir" ]] || { log "$dir does not exist; nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd -P)
  # Refuse to rm -rf anything this script did not create.
  [[ -e "$dir/$MARKER" ]] || die "$dir was not created by pg-throwaway.sh (no $MARKER); not touching it"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    bin=$(find_pg_bin)
    log "stopping server in $dir/data"
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 ||
      log "pg_ctl stop failed (server already gone?); removing the directory anyway"
  fi
  rm -rf "$dir"
  log "removed $dir"
}

[[ $# -eq 2 && -n "$2" ]] || usage
case "$1" in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  *) usage ;;
esac
