#!/usr/bin/env bash
# Paired rounds for a shared, loaded machine. run.sh runs every fork of one benchmark, then every
# fork of the next: when the load changes in between (other builds start or stop), the ratio of
# the two moves with it. Here each round runs each named benchmark once (1 fork, 2×1 s warm-up,
# 3×1 s measurement, -prof gc) at 1 and at 2 threads, one right after the other, the order
# reversed every other round, and benchmarks/paired.py prints the ratio ours / Resilience4j of
# each round and their median. Usage:
#   benchmarks/paired.sh [-n ROUNDS] BENCHMARK... (e.g. PipelineBenchmark.oursPipeline PipelineBenchmark.r4jSynchronizedPipeline)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5
if [[ "${1:-}" == "-n" ]]; then
  rounds="$2"
  shift 2
fi
mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Djcstress.skip
out=benchmarks/target/paired
rm -rf "$out"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  names=("$@")
  if (( r % 2 == 0 )); then
    names=($(printf '%s\n' "$@" | tac))
  fi
  for t in 1 2; do
    for b in "${names[@]}"; do
      java -jar benchmarks/target/benchmarks.jar "${b}\$" -f 1 -wi 2 -w 1s -i 3 -r 1s -t "$t" -prof gc \
        -rf json -rff "$out/round-$r-threads-$t-${b##*.}.json" > "$out/round-$r-threads-$t-${b##*.}.log"
    done
  done
done
python3 benchmarks/paired.py "$out"/round-*.json
