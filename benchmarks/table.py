#!/usr/bin/env python3
"""Prints a compact table from JMH -rf json files: ns/op, B/op and the ratio to Resilience4j."""
import json
import sys

rows = {}
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], r["threads"])
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score", float("nan"))
        rows[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)

def baseline(cls, method, threads):
    """Our benchmark's Resilience4j counterparts in the same class and thread count."""
    return {m: v for (c, m, t), v in rows.items() if c == cls and t == threads and m.startswith("r4j")}

print(f"| {'benchmark':<40} | threads | {'ns/op':>14} | {'B/op':>6} | vs R4j (ours / theirs) |")
print(f"|{'-'*42}|---------|{'-'*16}|{'-'*8}|------------------------|")
for (cls, method, threads), (score, err, alloc) in sorted(rows.items()):
    ratios = ""
    if method.startswith("ours"):
        ratios = ", ".join(f"{score / v[0]:.2f}× {m.replace(cls.replace('Benchmark',''),'')}"
                           for m, v in sorted(baseline(cls, method, threads).items()))
    print(f"| {cls + '.' + method:<40} | {threads:>7} | {score:8.1f} ± {err:4.1f} | {alloc:6.0f} | {ratios} |")
