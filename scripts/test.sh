#!/usr/bin/env bash
# The test command:  bash scripts/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Settlement]
#
# 1. makes sure PostgreSQL server binaries exist (integration tests start throwaway clusters),
# 2. builds (Release), then runs `dotnet test --no-build` with a live console logger plus a
#    TRX logger; extra arguments of this script go to `dotnet test`,
# 3. counts the TRX results of every test project and ends with ONE line:
#       N passed, N failed[, N skipped]
#    Nothing is printed after that line (.ci/run relies on it).
#
# Exit status is non-zero if the build failed, any test failed, the test run aborted, or zero
# tests ran.
#
# Environment:
#   TEST_TARGET           solution/project/dir to test (default: Engine.sln)
#   TEST_CONFIGURATION    build configuration (default: Release)
#   TEST_RESULTS_DIR      where TRX files go (default: TestResults/test-sh; old .trx files in it are deleted)
#   TEST_SKIP_PG_INSTALL  set to 1 to skip the PostgreSQL check/install
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
err() { printf 'ERROR: %s\n' "$*" >&2; }

# TEST_TARGET relative to the caller's cwd if it exists there, else relative to the repo root.
target=${TEST_TARGET:-Engine.sln}
if [[ -e "$target" ]]; then target=$(realpath "$target"); fi
cd "$REPO_ROOT"
[[ -e "$target" ]] || { err "test target '$target' not found (set TEST_TARGET or run from the repo)"; exit 2; }

configuration=${TEST_CONFIGURATION:-Release}
results_dir=${TEST_RESULTS_DIR:-$REPO_ROOT/TestResults/test-sh}

# Less noise, no telemetry in CI logs.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Integration tests run `initdb`/`pg_ctl` from /usr/lib/postgresql/<ver>/bin (Debian keeps
# them off PATH), so the test command installs the Debian package when it can.
ensure_postgres() {
  if [[ "${TEST_SKIP_PG_INSTALL:-0}" == 1 ]]; then
    say "TEST_SKIP_PG_INSTALL=1: not checking for PostgreSQL"
    return
  fi
  local bin
  bin=$(pg_bin_dir || true)
  if [[ -n "$bin" && -x "$bin/initdb" ]]; then
    say "PostgreSQL server binaries present in $bin; skipping install"
    return
  fi
  if [[ $EUID -ne 0 ]]; then
    warn "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb) and not root,
  so they cannot be installed here; PostgreSQL-backed tests will fail or skip.
  Install them with:  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql"
    return
  fi
  say "PostgreSQL server binaries not found; installing: apt-get update && apt-get install -y postgresql"
  # A failed install is reported but does not stop the run: the tests that need PostgreSQL
  # then fail and are counted, the others still give their results.
  if apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; then
    say "installed PostgreSQL in $(pg_bin_dir)"
  else
    warn "apt-get could not install postgresql; PostgreSQL-backed tests will fail"
  fi
}

command -v dotnet >/dev/null 2>&1 || { err "dotnet not found on PATH (needs the .NET 10 SDK, see global.json)"; exit 2; }
if ! command -v python3 >/dev/null 2>&1; then
  # python3 parses the TRX files below.
  if [[ $EUID -eq 0 ]]; then
    say "python3 not found; installing it (needed to count TRX results)"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-minimal
  else
    err "python3 not found; it is needed to count the TRX results (apt-get install python3-minimal)"
    exit 2
  fi
fi

ensure_postgres

# Stale TRX files from an earlier run would be counted again; delete only what we produce
# (TEST_RESULTS_DIR may point at a directory holding other things).
mkdir -p "$results_dir"
find "$results_dir" -name '*.trx' -type f -delete
rm -f "$results_dir/counts.txt"

# Build first, separately: `dotnet test` builds too, but its exit code cannot tell a build
# error from a failing test, and a project that fails to build simply yields no TRX file
# while the other projects' results look complete.
say "dotnet build $target -c $configuration"
if ! dotnet build "$target" -c "$configuration"; then
  err "build failed (see the compiler errors above); no tests were run"
  echo
  echo "0 passed, 0 failed"
  exit 1
fi

# console;verbosity=normal prints every test with its outcome as it runs; the TRX logger
# writes one .trx per test project into $results_dir (no LogFileName, so projects do not
# overwrite each other's file). Extra arguments of this script go to dotnet test.
say "dotnet test $target -c $configuration --no-build $*"
test_rc=0
dotnet test "$target" -c "$configuration" --no-build \
  --logger "console;verbosity=normal" \
  --logger trx --results-directory "$results_dir" \
  "$@" || test_rc=$?

# Count outcomes over all TRX files. Top-level <UnitTestResult> elements only (data-driven
# MSTest rows nest InnerResults). The TRX <Counters> element is not used: it omits skipped
# tests. Outcomes: Passed; NotExecuted/Inconclusive/Pending = skipped; anything else
# (Failed, Error, Timeout, Aborted, ...) = failed. Writes "passed failed skipped aborted".
counts_file="$results_dir/counts.txt"
python3 - "$results_dir" "$counts_file" <<'PY'
import glob, os, re, sys
import xml.etree.ElementTree as ET

results_dir, counts_file = sys.argv[1], sys.argv[2]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
SKIPPED = {"NotExecuted", "Inconclusive", "Pending", "NotRunnable"}
RUN_PROBLEM = re.compile(r"abort|crash|no test is available|test ?host|exited with", re.I)
passed = failed = skipped = aborted_runs = 0
failures = []

trx_files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
print()
print(f"==> TRX results ({len(trx_files)} file(s) in {results_dir})")
for path in trx_files:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"  {os.path.basename(path)}: unreadable TRX ({e}); counted as an aborted run")
        aborted_runs += 1
        continue
    # codeBase keeps the assembly's real case (UnitTest/@storage is lower-cased).
    assemblies = {m.get("codeBase") or m.get("storage") or ""
                  for m in root.iterfind("t:TestDefinitions/t:UnitTest/t:TestMethod", ns)}
    name = ", ".join(sorted(os.path.basename(a) for a in assemblies if a)) or os.path.basename(path)
    p = f = s = 0
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            p += 1
        elif outcome in SKIPPED:
            s += 1
        else:
            f += 1
            msg = r.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
            failures.append((r.get("testName", "?"), outcome, msg.splitlines()[0] if msg else ""))
    summary = root.find("t:ResultSummary", ns)
    run_outcome = summary.get("outcome", "") if summary is not None else ""
    run_aborted = False
    print(f"  {name}: {p} passed, {f} failed, {s} skipped (run outcome: {run_outcome or 'unknown'})")
    # RunInfos carry run-level problems (test host crash, 'No test is available') but also
    # per-test adapter chatter; show only the former.
    for info in root.iterfind("t:ResultSummary/t:RunInfos/t:RunInfo", ns):
        text = (info.findtext("t:Text", default="", namespaces=ns) or "").strip()
        if RUN_PROBLEM.search(text):
            print(f"    [{info.get('outcome', '')}] {text.splitlines()[0]}")
            if info.get("outcome") == "Error" and re.search(r"abort|crash", text, re.I):
                run_aborted = True
    if run_outcome in ("Aborted", "Error", "Timeout"):
        run_aborted = True
    if run_aborted:
        aborted_runs += 1
    passed, failed, skipped = passed + p, failed + f, skipped + s

if failures:
    print()
    print(f"==> {len(failures)} failed test(s):")
    for test, outcome, msg in failures:
        print(f"  {outcome}: {test}" + (f" -- {msg}" if msg else ""))

with open(counts_file, "w") as fh:
    fh.write(f"{passed} {failed} {skipped} {aborted_runs} {len(trx_files)}\n")
PY

read -r passed failed skipped aborted_runs trx_count <"$counts_file"
total=$((passed + failed + skipped))

# Diagnostics first: the summary line must be the very last thing printed.
status=0
if ((failed > 0)); then
  status=1
fi
if ((aborted_runs > 0)); then
  err "$aborted_runs test run(s) aborted (see the run outcome lines above)"
  status=1
fi
if ((test_rc != 0 && failed == 0 && aborted_runs == 0)); then
  err "dotnet test exited with code $test_rc but no test failed: test host crash or bad arguments (see the output above)"
  status=$test_rc
fi
if ((total == 0)); then
  err "zero tests ran (found $trx_count TRX file(s)); a test run must execute at least one test"
  ((status != 0)) || status=1
fi

line="$passed passed, $failed failed"
((skipped == 0)) || line+=", $skipped skipped"
echo
echo "$line"
exit "$status"
