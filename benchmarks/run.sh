#!/usr/bin/env bash
# Builds the JMH uber jar and runs our patterns against Resilience4j 2.4.0 at 1 and 2 threads,
# with the GC profiler for allocation (B/op). Default settings: 3 forks, 3×1 s warm-up and
# 5×1 s measurement per fork; the table shows JMH's 99.9% confidence interval over all forks.
# Usage: benchmarks/run.sh [-f FORKS] [extra JMH args, e.g. a benchmark regex]
#   -f 1 is quicker (about a third of the time) but cannot tell run-to-run swings from a difference.
set -euo pipefail
cd "$(dirname "$0")/.."
forks=3
if [[ "${1:-}" == "-f" ]]; then
  forks="$2"
  shift 2
fi
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Djcstress.skip
out=benchmarks/target/results
mkdir -p "$out"
for t in 1 2; do
  java -jar benchmarks/target/benchmarks.jar -f "$forks" -wi 3 -w 1s -i 5 -r 1s -t "$t" -prof gc \
    -rf json -rff "$out/threads-$t.json" "$@"
done
python3 benchmarks/table.py "$out"/threads-1.json "$out"/threads-2.json
