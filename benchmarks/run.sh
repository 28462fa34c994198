#!/usr/bin/env bash
# Builds the JMH uber jar and runs our patterns against Resilience4j 2.4.0 at 1 and 2 threads,
# with the GC profiler for allocation (B/op). Short but honest settings: 1 fork, 3×1 s warm-up,
# 5×1 s measurement. Usage: benchmarks/run.sh [extra JMH args, e.g. a benchmark regex]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
out=benchmarks/target/results
mkdir -p "$out"
for t in 1 2; do
  java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -t "$t" -prof gc \
    -rf json -rff "$out/threads-$t.json" "$@"
done
python3 benchmarks/table.py "$out"/threads-1.json "$out"/threads-2.json
