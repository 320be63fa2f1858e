#!/usr/bin/env bash
# The measured table of docs/performance.md in one sitting: for echo, ping, settle-only and visit (in memory; visit
# and settle-only also on PostgreSQL) a closed-loop saturation phase, then an open-loop phase at 70 % of it, each
# against a silo process the load generator starts itself (loopback only). Then one Markdown table of every run.
#
#   scripts/perf-table.sh                   # all runs (about 12 minutes on the 2-core machine)
#   ONLY="echo ping" scripts/perf-table.sh  # some of them: echo ping settle-only visit mixed settle-only-pg visit-pg
#                                           # mixed-pg
#   SAT=15s SETTLE=5s P70=25s scripts/perf-table.sh   # phase lengths (defaults shown; SETTLE: unmeasured 70 %)
#   WARMUP=5s WARMUP_PG=60s …               # warm-up before the saturation phase, in memory and on PostgreSQL
#   PREPARE=400000 PREPARE_PG=150000 …      # visits settle-only prepares (in memory, on PostgreSQL; defaults shown)
#   PROFILE=1 scripts/perf-table.sh         # also a 10 s CPU profile of the silo in each p70 phase (dotnet-trace,
#                                           # `dotnet tool install -g dotnet-trace`): profile.txt beside the report
#   PROFILE=perf scripts/perf-table.sh      # instead 10 s of the whole machine's CPU (Linux perf, cpu-clock, every
#                                           # process and the idle time; `apt-get install linux-perf`): cpu.txt
#                                           # beside the report (scripts/perf-cpu-summary.py)
#   PROFILE_PHASE=sat …                     # profile the saturation phase instead of the p70 phase
#
# The load generator records the silo's garbage collections in every phase (an EventPipe session: the share of the
# phase the silo stood paused, and how much of that was marking through cards; the report's "Silo garbage
# collections"), and the table shows it for the p70 phase. A trace is converted only after the run: the conversion
# takes most of a core for seconds, and done during the phase it showed up in the measured latency.
#
# Each run's reports stay in reports/perf/<run>/ (report.md, report.html, plots, summary.json, silo.log);
# the table goes to reports/perf/table.md and to standard output.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sat=${SAT:-15s}
p70=${P70:-25s}
# The open loop at 70 % first runs this long unmeasured: the closed loop before it leaves the engine's queues full
# (its users keep everything busy), and their draining is a transient of the method, not the engine's behaviour
# at 70 %.
settle=${SETTLE:-5s}
# The in-memory runs' closed-loop warm-up before the saturation phase (PostgreSQL's: WARMUP_PG).
warmup=${WARMUP:-5s}
only=${ONLY:-"echo ping settle-only visit visit-pg settle-only-pg"}
out=reports/perf
mkdir -p "$out"

echo "building the silo and the load generator (Release) …" >&2
dotnet build -c Release src/Engine.Silo -nologo -v quiet >&2
dotnet build -c Release loadtests/Engine.LoadTests -nologo -v quiet >&2
generator=loadtests/Engine.LoadTests/bin/Release/net10.0/Engine.LoadTests.dll

# run NAME SCENARIO USERS WARMUP [extra generator arguments]: warm-up, saturation, 70 % of it.
run() {
  local name=$1 scenario=$2 users=$3 warmup=$4
  shift 4
  echo "== $name ($(cut -d' ' -f1-3 /proc/loadavg) load average before)" >&2
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  observe "$out/$name" &
  dotnet "$generator" "$scenario" --out "$out/$name" \
    --phase warmup:concurrency="$users":"$warmup" --phase sat:concurrency="$users":"$sat" \
    --phase warmup-p70:rate=70%:"$settle" --phase p70:rate=70%:"$p70" \
    --threshold-phase p70 "$@" 2>&1 | tee "$out/$name/generator.log" >&2 || echo "($name: the generator failed)" >&2
  wait
  if [[ -f "$out/$name/perf.data" ]]; then
    python3 scripts/perf-cpu-summary.py "$out/$name/perf.data" --silo "$(silo_pid_of "$out/$name")" \
      --generator "$(cat "$out/$name/generator.pid" 2>/dev/null)" > "$out/$name/cpu.txt" || echo "perf summary failed" >&2
    rm -f "$out/$name/perf.data" "$out/$name/generator.pid" "/tmp/perf-$(silo_pid_of "$out/$name").map"
  fi
  if [[ -f "$out/$name/silo.nettrace" ]]; then
    "$trace" convert --format Speedscope -o "$out/$name/silo.nettrace" "$out/$name/silo.nettrace" >/dev/null 2>&1 &&
      python3 scripts/speedscope-summary.py "$out/$name/silo.speedscope.json" 40 > "$out/$name/profile.txt"
    rm -f "$out/$name/silo.nettrace"
  fi
}

trace=${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}
profile_phase=${PROFILE_PHASE:-p70}

# perf ties samples of JIT-compiled code to methods through the perf maps the runtime writes to /tmp, and only when
# the code is not double-mapped (write-xor-execute off); both processes, the silo through the SILO_ prefix.
if [[ "${PROFILE:-0}" == perf ]]; then
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  export SILO_DOTNET_PerfMapEnabled=1 SILO_DOTNET_EnableWriteXorExecute=0
fi

# The silo process a run's generator started (its log names it).
silo_pid_of() {
  sed -n 's/^silo pid \([0-9]*\) .*/\1/p' "$1/generator.log" | head -1
}

# observe DIR: with PROFILE=1 or PROFILE=perf, once the generator's log shows the profiled phase, 10 s of CPU
# samples, left for after the run to convert and summarise.
observe() {
  local dir=$1 pid
  [[ "${PROFILE:-0}" == 1 || "${PROFILE:-0}" == perf ]] || return 0
  sleep 2
  until grep -q "] $profile_phase " "$dir/generator.log" 2>/dev/null; do
    # The generator ended (or failed) before the profiled phase: nothing to profile.
    pgrep -f "$generator .* --out $dir" >/dev/null || return 0
    sleep 1
  done
  sleep 3
  if [[ "$PROFILE" == perf ]]; then
    pgrep -n -f "$generator .* --out $dir" > "$dir/generator.pid" || true
    perf record -e cpu-clock -F 499 -a -g -o "$dir/perf.data" -- sleep 10 >/dev/null 2>&1 ||
      echo "perf record failed (is linux-perf installed?)" >&2
    return 0
  fi
  # The silo this checkout's generator started: other checkouts on the machine may run silos too.
  pid=$(pgrep -n -f "$PWD/src/Engine.Silo/bin/Release/net10.0/Engine.Silo.dll serve") || { echo "no silo" >&2; return; }
  "$trace" collect -p "$pid" --profile dotnet-sampled-thread-time --duration 00:00:00:10 \
    -o "$dir/silo.nettrace" >/dev/null 2>&1 || echo "dotnet-trace failed (is it installed?)" >&2
}

for item in $only; do
  case $item in
    echo) run echo echo 256 "$warmup" ;;
    ping) run ping ping 256 "$warmup" ;;
    # settle-only needs a prepared visit for every 2207 of both measured phases and the warm-up.
    settle-only) run settle-only settle-only 256 "$warmup" --prepare "${PREPARE:-400000}" ;;
    visit) run visit visit 128 "$warmup" ;;
    # Not a row of the targets: the HIS flow with cancellations, 2601 reversals, retransmissions, chronic visits and
    # rejections mixed in (docs/load-testing.md); an iteration is one such case.
    mixed) run mixed mixed 128 "$warmup" ;;
    # PostgreSQL: the population is bulk-loaded into a fresh database just before, and until autovacuum has analyzed
    # the tables (within about a minute) the planner has no statistics and the same load runs at half the rate.
    visit-pg) run visit-pg visit 128 "${WARMUP_PG:-60s}" --storage postgres ;;
    mixed-pg) run mixed-pg mixed 128 "${WARMUP_PG:-60s}" --storage postgres ;;
    settle-only-pg) run settle-only-pg settle-only 256 "${WARMUP_PG:-60s}" --storage postgres \
      --prepare "${PREPARE_PG:-150000}" ;;
    *) echo "unknown run '$item'" >&2; exit 2 ;;
  esac
done

python3 - "$out" $only <<'PY' | tee "$out/table.md"
import json, os, sys
out, names = sys.argv[1], sys.argv[2:]
print("| run | storage | saturation (closed loop)/s | offered at 70 %/s | achieved/s | p50 ms | p99 ms | p99.9 ms "
      "| dropped | CPU at 70 %: silo / PostgreSQL / generator / rest (cores) | silo paused for GC | generator paused for GC "
      "| PG commits per settlement |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for name in names:
    path = os.path.join(out, name, "summary.json")
    if not os.path.exists(path):
        print(f"| {name} | (no summary: the run failed, see {out}/{name}) ||||||||||")
        continue
    s = json.load(open(path))
    phases = {p["name"]: p for p in s["phases"]}
    sat, p70 = phases.get("sat"), phases.get("p70")
    lat, cpu = p70["latency"], p70.get("cpu") or {}
    def c(key):
        v = cpu.get(key)
        absent = v is None or (key == "Silo" and not cpu.get("HasSilo")) or (key == "Postgres" and not cpu.get("HasPostgres"))
        return "–" if absent else f"{v:.2f}"
    commits = s.get("postgres_commits")
    g = p70.get("silo_gc")
    gc = "–" if not g else f"{100 * g['PausedShare']:.1f} % ({100 * g['CardsShareOfPause']:.0f} % cards)"
    own = p70.get("generator_gc")
    own_gc = "–" if not own else f"{100 * own['PausedShare']:.1f} %"
    print(f"| {name} | {s['engine']['Storage']} | {sat['achieved_rate']:,.0f} | {p70['offered_rate']:,.0f} "
          f"| {p70['achieved_rate']:,.0f} | {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} | {lat['p999_ms']:.2f} "
          f"| {p70['drops']:,} | {c('Silo')} / {c('Postgres')} / {c('Generator')} / {c('Others')} | {gc} | {own_gc} "
          f"| {'–' if not commits else format(commits['per_settlement'], '.3f')} |")
PY
