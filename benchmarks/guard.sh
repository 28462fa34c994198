#!/usr/bin/env bash
# CI guard against gross performance regressions, in about two minutes (build included).
# Runs the guarded benchmarks briefly (1 fork, 2×0.5 s warm-up, 3×0.5 s measurement, 1 and 2
# threads, -prof gc) and lets benchmarks/guard.py compare them with benchmarks/guard-baseline.json:
# it fails only when ours / Resilience4j in this run exceeds 3× the recorded ratio, or B/op exceeds
# the recorded figure by more than 48 B. Absolute times are never compared (the box is shared).
# A regression must show in two runs: after a failing comparison everything is measured again and
# the second run decides (about a minute more). Exit 0 pass, 1 regression, 2 missing data.
# Usage: benchmarks/guard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Djcstress.skip
python3 -m unittest discover -s benchmarks -p 'test_*.py' 2>&1 | tail -1
out=benchmarks/target/guard
mkdir -p "$out"
guarded='BreakerBenchmark.(oursClosedSuccess|r4jSynchronizedClosedSuccess)|BulkheadBenchmark.(ours.*|r4j.*)|PipelineBenchmark.(ours.*|r4jSynchronizedPipeline)'
measure() {
  for t in 1 2; do
    java -jar benchmarks/target/benchmarks.jar "$guarded" -f 1 -wi 2 -w 500ms -i 3 -r 500ms -t "$t" -prof gc \
      -rf json -rff "$out/threads-$t.json" > "$out/threads-$t.log"
  done
}
measure
rc=0
python3 benchmarks/guard.py benchmarks/guard-baseline.json "$out"/threads-1.json "$out"/threads-2.json || rc=$?
if (( rc == 1 )); then
  # A contended two-thread pair can swing past its limit on a busy machine (a CI run saw the bulkhead's
  # slot path at 1.59x against a 1.58x limit, unchanged code, and 0.5x an hour earlier). A regression
  # is a regression when it shows twice: measure everything again and judge that run alone.
  echo "guard: a ratio past its limit; measuring once more before calling it a regression"
  measure
  rc=0
  python3 benchmarks/guard.py benchmarks/guard-baseline.json "$out"/threads-1.json "$out"/threads-2.json || rc=$?
fi
exit "$rc"
