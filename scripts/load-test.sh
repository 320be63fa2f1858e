#!/usr/bin/env bash
# One command: a 60-second `visit` load (register → upload fees → pre-settle → settle) against a silo process the
# load generator starts itself (in-memory storage, loopback only), then the reports.
#
#   scripts/load-test.sh                         # 10 s warm-up, then 60 s at $RATE visits/s (default 1000)
#   RATE=2000 scripts/load-test.sh               # another rate
#   scripts/load-test.sh --storage postgres      # extra arguments go to Engine.LoadTests (docs/load-testing.md)
#   scripts/load-test.sh --threshold "p99<10ms"  # a failed threshold makes the exit code 1
#
# Reports: reports/load/visit-<time>/report.md and report.html (PNG plots beside them), latency.hlog, summary.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "building the silo and the load generator (Release) …" >&2
dotnet build -c Release src/Engine.Silo -nologo -v quiet >&2
dotnet build -c Release loadtests/Engine.LoadTests -nologo -v quiet >&2

exec dotnet loadtests/Engine.LoadTests/bin/Release/net10.0/Engine.LoadTests.dll visit \
  --rate "${RATE:-1000}" --warmup 10s --duration 60s "$@"
