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


def span(lo, hi, theirs):
    """The ratio's range from the two confidence intervals (ours low / theirs high .. ours high / theirs low)."""
    t_lo, t_hi = theirs[1], theirs[2]
    if lo <= 0 or t_lo <= 0:
        return "(range: a CI reaches 0)"
    return f"({lo / t_hi:.2f}–{hi / t_lo:.2f})"


print("| benchmark | threads | ns/op | 99.9% CI | forks × it | B/op | ours / R4j (same run), range from the CIs |")
print("|---|---|---|---|---|---|---|")
for (cls, method, threads), (score, lo, hi, forks, samples, alloc) in sorted(rows.items()):
    ratios = ""
    if method.startswith("ours"):
        ratios = ", ".join(f"{score / v[0]:.2f}× {span(lo, hi, v)} {m.replace(cls.replace('Benchmark', ''), '')}"
                           for m, v in sorted(baseline(cls, threads).items()))
    print(f"| {cls}.{method} | {threads} | {score:.1f} | {lo:.1f} – {hi:.1f} | {forks} × {samples // max(forks, 1)} "
          f"| {alloc:.0f} | {ratios} |")
