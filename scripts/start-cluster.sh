#!/usr/bin/env bash
# A cluster of N engine silos on this machine, on PostgreSQL, loopback only (docs/operations.md, "one-machine demo").
#
#   scripts/start-cluster.sh N [base-port]   start N silos (1-100); base port 7400 by default
#   scripts/start-cluster.sh status          show the silos this script started, and the membership table
#   scripts/start-cluster.sh stop            stop them (SIGTERM, by PID), and the throwaway PostgreSQL it started
#
# Ports of silo i (1..N), all on 127.0.0.1:
#   terminal gateway  base+i-1        (what hospital terminals and `replay --target` connect to)
#   Orleans silo      base+100+i-1    (silo-to-silo)
#   Orleans gateway   base+200+i-1    (Orleans clients)
#
# Environment:
#   ConnectionStrings__Engine  the database to use (the schema is applied to it, idempotently); without it a
#                              throwaway PostgreSQL server is started under the state folder (scripts/pg-throwaway.sh)
#   Engine__AdminSecret        the admin secret every silo shares; without it a random one is made and printed
#   Engine__TerminalMasterKey, Engine__ClusterId, Engine__ServiceId, ...   passed through to every silo
#   ENGINE_CLUSTER_DIR         state folder: logs, PIDs, the throwaway server (default /tmp/engine-cluster)
#   ENGINE_DEMO_DATA           1: load src/Engine.Silo/demo-reference.json through the first silo (default 1 with the
#                              throwaway server, 0 with ConnectionStrings__Engine)
#   ENGINE_CONFIGURATION       build configuration (default Release); ENGINE_SKIP_BUILD=1 uses the last build
#   ENGINE_START_TIMEOUT       seconds to wait for each silo (default 120)
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
STATE_DIR=${ENGINE_CLUSTER_DIR:-/tmp/engine-cluster}
CONFIGURATION=${ENGINE_CONFIGURATION:-Release}
SILO_DLL="$REPO_ROOT/src/Engine.Silo/bin/$CONFIGURATION/net10.0/Engine.Silo.dll"
START_TIMEOUT=${ENGINE_START_TIMEOUT:-120}
readonly SILOS_MAX=100

log() { printf 'start-cluster: %s\n' "$*" >&2; }
die() { printf 'start-cluster: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

is_alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

silo_pids() {
  local f
  for f in "$STATE_DIR"/silo-*.pid; do
    [[ -e "$f" ]] && printf '%s %s\n' "$(basename "$f" .pid)" "$(cat "$f")"
  done
  return 0
}

port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# The connection string the silos use: the caller's, or the throwaway server's (started on first use).
connection_string() {
  if [[ -n "${ConnectionStrings__Engine:-}" ]]; then
    printf '%s\n' "$ConnectionStrings__Engine"
    return
  fi
  log "no ConnectionStrings__Engine: starting a throwaway PostgreSQL in $STATE_DIR/pg"
  bash "$REPO_ROOT/scripts/pg-throwaway.sh" start "$STATE_DIR/pg"
}

new_secret() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }

# Ready when the silo has printed that it started (Orleans joined the cluster, the terminal port listens).
wait_for_silo() {
  local name=$1 pid=$2 waited=0
  until grep -q 'Engine silo started' "$STATE_DIR/$name.log" 2>/dev/null; do
    if ! is_alive "$pid"; then
      log "$name (PID $pid) exited during start-up; last lines of $STATE_DIR/$name.log:"
      tail -n 20 "$STATE_DIR/$name.log" >&2 || true
      return 1
    fi
    if ((waited >= START_TIMEOUT * 2)); then
      log "$name did not start within ${START_TIMEOUT}s; see $STATE_DIR/$name.log"
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

start_silo() {
  local index=$1 terminal_port=$2 silo_port=$3 gateway_port=$4 name="silo-$1"
  Engine__Storage=postgres Engine__Clustering=postgres Engine__AdvertisedAddress=127.0.0.1 \
    Engine__SiloPort="$silo_port" Engine__OrleansGatewayPort="$gateway_port" \
    Engine__AdminSecret="$ADMIN_SECRET" ConnectionStrings__Engine="$CONNECTION_STRING" \
    nohup dotnet "$SILO_DLL" serve --port "$terminal_port" --bind 127.0.0.1 </dev/null >"$STATE_DIR/$name.log" 2>&1 &
  echo $! >"$STATE_DIR/$name.pid"
  printf '%s %s %s %s\n' "$index" "$terminal_port" "$silo_port" "$gateway_port" >"$STATE_DIR/$name.ports"
}

cmd_start() {
  local count=$1 base=${2:-7400} i
  [[ "$count" =~ ^[0-9]+$ ]] && ((count >= 1 && count <= SILOS_MAX)) || die "N must be 1 to $SILOS_MAX, not '$count'"
  [[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base + 200 + count - 1 <= 65535)) ||
    die "base port must be 1024 or more and leave room for base+200+N-1 <= 65535, not '$base'"
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found on PATH (needs the .NET 10 SDK)"
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to check ports and make secrets"

  mkdir -p "$STATE_DIR"
  while read -r name pid; do
    is_alive "$pid" && die "$name (PID $pid) of an earlier start is still running; run: $0 stop"
    rm -f "$STATE_DIR/$name.pid"
  done < <(silo_pids)
  if [[ -z "${ConnectionStrings__Engine:-}" && -e "$STATE_DIR/pg" ]]; then
    die "$STATE_DIR/pg holds the throwaway PostgreSQL of an earlier start; run: $0 stop"
  fi
  for ((i = 0; i < count; i++)); do
    for port in $((base + i)) $((base + 100 + i)) $((base + 200 + i)); do
      port_free "$port" || die "port $port on 127.0.0.1 is in use; pick another base port"
    done
  done

  if [[ "${ENGINE_SKIP_BUILD:-0}" != 1 ]]; then
    log "building src/Engine.Silo ($CONFIGURATION)"
    dotnet build "$REPO_ROOT/src/Engine.Silo" -c "$CONFIGURATION" -v quiet -nologo >"$STATE_DIR/build.log" 2>&1 ||
      { tail -n 30 "$STATE_DIR/build.log" >&2; die "build failed (full log: $STATE_DIR/build.log)"; }
  fi
  [[ -f "$SILO_DLL" ]] || die "$SILO_DLL not found; build src/Engine.Silo -c $CONFIGURATION first"

  local demo_default=0
  [[ -z "${ConnectionStrings__Engine:-}" ]] && demo_default=1
  CONNECTION_STRING=$(connection_string)
  log "applying the schema"
  ConnectionStrings__Engine="$CONNECTION_STRING" dotnet "$SILO_DLL" schema apply >>"$STATE_DIR/schema.log" 2>&1 ||
    { tail -n 20 "$STATE_DIR/schema.log" >&2; die "schema apply failed (log: $STATE_DIR/schema.log)"; }

  ADMIN_SECRET=${Engine__AdminSecret:-$(new_secret)}
  (umask 077 && printf '%s\n' "$ADMIN_SECRET" >"$STATE_DIR/admin-secret")

  # The first silo creates the cluster's membership row; the others join it, all at once.
  log "starting silo-1"
  start_silo 1 "$base" "$((base + 100))" "$((base + 200))"
  wait_for_silo silo-1 "$(cat "$STATE_DIR/silo-1.pid")" || { cmd_stop; exit 1; }
  for ((i = 2; i <= count; i++)); do
    log "starting silo-$i"
    start_silo "$i" "$((base + i - 1))" "$((base + 100 + i - 1))" "$((base + 200 + i - 1))"
  done
  for ((i = 2; i <= count; i++)); do
    wait_for_silo "silo-$i" "$(cat "$STATE_DIR/silo-$i.pid")" || { cmd_stop; exit 1; }
  done

  if [[ "${ENGINE_DEMO_DATA:-$demo_default}" == 1 ]]; then
    log "loading demo reference data through silo-1"
    dotnet "$SILO_DLL" load-reference "$REPO_ROOT/src/Engine.Silo/demo-reference.json" --target "127.0.0.1:$base" \
      --admin-secret "$ADMIN_SECRET" >/dev/null 2>>"$STATE_DIR/demo-data.log" ||
      log "demo data not loaded (see $STATE_DIR/demo-data.log); the cluster runs without reference data"
  fi

  printf '\n%-8s %-22s %-10s %-15s %-8s %s\n' silo terminal-endpoint silo-port orleans-gateway pid log
  for ((i = 1; i <= count; i++)); do
    printf '%-8s %-22s %-10s %-15s %-8s %s\n' "silo-$i" "127.0.0.1:$((base + i - 1))" "$((base + 100 + i - 1))" \
      "$((base + 200 + i - 1))" "$(cat "$STATE_DIR/silo-$i.pid")" "$STATE_DIR/silo-$i.log"
  done
  cat <<EOF

Admin secret (also in $STATE_DIR/admin-secret): $ADMIN_SECRET
An institution's terminal secret:   dotnet $SILO_DLL secret <institution> --admin-secret $ADMIN_SECRET
Load reference data:               dotnet $SILO_DLL load-reference <file.json> --target 127.0.0.1:$base --admin-secret $ADMIN_SECRET
Replay a scenario against silo 2:   dotnet $SILO_DLL replay tests/cases/<file>.json --target 127.0.0.1:$((base + (count > 1 ? 1 : 0))) --admin-secret $ADMIN_SECRET
Export a day's reconciliation:      ConnectionStrings__Engine='<connection string>' dotnet $SILO_DLL export reconciliation --institution <code> --date <yyyy-MM-dd>
Status / stop:                      $0 status   /   $0 stop
EOF
  [[ -z "${ConnectionStrings__Engine:-}" ]] && printf 'Throwaway database:                 %s\n' "$CONNECTION_STRING"
  return 0
}

cmd_status() {
  local any=0 name pid
  while read -r name pid; do
    any=1
    if is_alive "$pid"; then
      printf '%s PID %s running, terminal 127.0.0.1:%s\n' "$name" "$pid" "$(cut -d' ' -f2 "$STATE_DIR/$name.ports" 2>/dev/null)"
    else
      printf '%s PID %s not running (log: %s)\n' "$name" "$pid" "$STATE_DIR/$name.log"
    fi
  done < <(silo_pids)
  ((any)) || echo "no silos started from $STATE_DIR"
  local cs=${ConnectionStrings__Engine:-}
  if [[ -z "$cs" && -f "$STATE_DIR/pg/port" ]]; then
    cs="Host=127.0.0.1;Port=$(cat "$STATE_DIR/pg/port");Database=engine;Username=engine;Password=engine"
  fi
  if [[ -n "$cs" ]] && command -v psql >/dev/null 2>&1; then
    membership_table "$cs"
  fi
}

# The membership table through psql, with the fields of an Npgsql connection string.
membership_table() {
  local fields host port db user password
  fields=$(python3 - "$1" <<'PY'
import sys
parts = {k.strip().lower(): v for k, v in (p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)}
def get(*keys, default=""):
    return next((parts[k] for k in keys if k in parts), default)
print("\x1f".join([get("host", "server", default="127.0.0.1"), get("port", default="5432"),
                 get("database", "db"), get("username", "user id", "userid", "user"), get("password", "pwd")]))
PY
  ) || return 0
  IFS=$'\x1f' read -r host port db user password <<<"$fields"
  PGPASSWORD=$password psql -h "$host" -p "$port" -U "$user" -d "$db" -c \
    "SELECT deployment_id AS cluster, address, port AS silo_port, proxy_port AS orleans_gateway,
            CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' ELSE status::text END AS status,
            i_am_alive_time FROM engine_membership ORDER BY deployment_id, port, generation" || true
}

cmd_stop() {
  local name pid waited
  while read -r name pid; do
    if is_alive "$pid"; then
      log "stopping $name (PID $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done < <(silo_pids)
  while read -r name pid; do
    waited=0
    while is_alive "$pid" && ((waited < 60)); do
      sleep 0.5
      waited=$((waited + 1))
    done
    if is_alive "$pid"; then
      log "$name (PID $pid) did not stop within 30 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE_DIR/$name.pid" "$STATE_DIR/$name.ports"
  done < <(silo_pids)
  if [[ -d "$STATE_DIR/pg" ]]; then
    log "stopping the throwaway PostgreSQL"
    bash "$REPO_ROOT/scripts/pg-throwaway.sh" stop "$STATE_DIR/pg" || log "could not stop $STATE_DIR/pg"
  fi
  rm -f "$STATE_DIR/admin-secret"
  log "stopped (logs kept in $STATE_DIR)"
}

case "${1:-}" in
  stop) cmd_stop ;;
  status) cmd_status ;;
  "" | -h | --help | help) usage ;;
  *) cmd_start "$1" "${2:-7400}" ;;
esac
