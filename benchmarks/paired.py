#!/usr/bin/env python3
"""Prints the paired rounds of benchmarks/paired.sh: for each of our benchmarks and thread count,
the ratio ours / Resilience4j in every round (both measured back to back), their median, and the
median ns/op and B/op of each side. Usage: paired.py round-R-threads-T-NAME.json..."""
import json
import re
import statistics
import sys

runs = {}  # (round, threads) -> {method: (ns/op, B/op)}
for path in sys.argv[1:]:
    m = re.search(r"round-(\d+)-threads-(\d+)-", path)
    for r in json.load(open(path)):
        method = r["benchmark"].rsplit(".", 2)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score", float("nan"))
        runs.setdefault((int(m.group(1)), int(m.group(2))), {})[f"{method[-2]}.{method[-1]}"] = (r["primaryMetric"]["score"], alloc)

names = sorted({n for v in runs.values() for n in v})
ours = [n for n in names if n.split(".")[1].startswith("ours")]
theirs = [n for n in names if n.split(".")[1].startswith("r4j")]
print("| ours | vs | threads | rounds | ratio per round | median ratio | median ns/op ours / theirs | median B/op ours / theirs |")
print("|---|---|---|---|---|---|---|---|")
for o in ours:
    for t in (t for t in theirs if t.split(".")[0] == o.split(".")[0]):  # the same benchmark class
        for threads in sorted({k[1] for k in runs}):
            pairs = [(v[o], v[t]) for (r, th), v in sorted(runs.items()) if th == threads and o in v and t in v]
            if not pairs:
                continue
            ratios = [a[0] / b[0] for a, b in pairs]
            print(f"| {o} | {t.split('.')[1]} | {threads} | {len(pairs)} | {' '.join(f'{x:.2f}' for x in ratios)} | "
                  f"{statistics.median(ratios):.2f}× | {statistics.median(a[0] for a, _ in pairs):.1f} / "
                  f"{statistics.median(b[0] for _, b in pairs):.1f} | {statistics.median(a[1] for a, _ in pairs):.0f} / "
                  f"{statistics.median(b[1] for _, b in pairs):.0f} |")
