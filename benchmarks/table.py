#!/usr/bin/env python3
"""Prints a compact table from JMH -rf json files: ns/op with its 99.9% confidence interval,
forks × iterations, B/op and the ratio to each Resilience4j counterpart measured in the same run."""
import json
import sys

rows = {}
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], r["threads"])
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score", float("nan"))
        pm = r["primaryMetric"]
        lo, hi = pm.get("scoreConfidence", [float("nan"), float("nan")])
        samples = sum(len(fork) for fork in pm.get("rawData", []))
        rows[key] = (pm["score"], lo, hi, r.get("forks", 1), samples, alloc)


def baseline(cls, threads):
    """Our benchmark's Resilience4j counterparts in the same class and thread count."""
    return {m: v for (c, m, t), v in rows.items() if c == cls and t == threads and m.startswith("r4j")}


print("| benchmark | threads | ns/op | 99.9% CI | forks × it | B/op | ours / R4j (same run) |")
print("|---|---|---|---|---|---|---|")
for (cls, method, threads), (score, lo, hi, forks, samples, alloc) in sorted(rows.items()):
    ratios = ""
    if method.startswith("ours"):
        ratios = ", ".join(f"{score / v[0]:.2f}× {m.replace(cls.replace('Benchmark', ''), '')}"
                           for m, v in sorted(baseline(cls, threads).items()))
    print(f"| {cls}.{method} | {threads} | {score:.1f} | {lo:.1f} – {hi:.1f} | {forks} × {samples // max(forks, 1)} "
          f"| {alloc:.0f} | {ratios} |")
