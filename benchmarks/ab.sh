#!/usr/bin/env bash
# Two builds of one benchmark, back to back: each round runs BENCHMARK from the old build's jar
# and from the new one's (1 fork, 2×1 s warm-up, 3×1 s measurement, -prof gc), the order
# reversed every other round, and prints new / old per round and the median. For a change whose
# effect is smaller than the swings of ours / Resilience4j on a shared machine. Build each jar
# with `mvn -B -q -Pbench -pl benchmarks -am package -DskipTests -Djcstress.skip` on its commit
# and copy benchmarks/target/benchmarks.jar aside. Usage:
#   benchmarks/ab.sh [-n ROUNDS] [-t THREADS] OLD.jar NEW.jar BENCHMARK (e.g. PipelineBenchmark.oursPipeline)
set -euo pipefail
rounds=6
threads=1
while [[ "${1:-}" == -* ]]; do
  case "$1" in
    -n) rounds="$2" ;;
    -t) threads="$2" ;;
  esac
  shift 2
done
old="$1" new="$2" bench="$3"
out="$(dirname "$0")/target/ab"
rm -rf "$out"
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
  order=(old new)
  if (( r % 2 == 0 )); then order=(new old); fi
  for side in "${order[@]}"; do
    jar="$old"; [[ "$side" == new ]] && jar="$new"
    java -jar "$jar" "${bench}\$" -f 1 -wi 2 -w 1s -i 3 -r 1s -t "$threads" -prof gc \
      -rf json -rff "$out/round-$r-$side.json" > "$out/round-$r-$side.log"
  done
done
python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def score(r, side):
    res = json.load(open(f"{out}/round-{r}-{side}.json"))[0]
    return res["primaryMetric"]["score"], res["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]
rows = [(score(r, "old"), score(r, "new")) for r in range(1, rounds + 1)]
ratios = [n[0] / o[0] for o, n in rows]
print("| rounds | new / old per round | median | median ns/op old / new | median B/op old / new |")
print("|---|---|---|---|---|")
print(f"| {rounds} | {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f}× | "
      f"{statistics.median(o[0] for o, _ in rows):.1f} / {statistics.median(n[0] for _, n in rows):.1f} | "
      f"{statistics.median(o[1] for o, _ in rows):.0f} / {statistics.median(n[1] for _, n in rows):.0f} |")
PY
