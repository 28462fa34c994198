#!/usr/bin/env python3
"""CI guard: fails only on a gross regression against benchmarks/guard-baseline.json.

The machine CI runs on is shared and its absolute times swing by 10× (docs/benchmarks.md), so
the guard never compares nanoseconds with a constant. For each guarded benchmark it compares
(a) ours / Resilience4j measured in the same run against the recorded ratio, failing above
RATIO_FACTOR × recorded, and (b) allocation per operation, which does not depend on load,
failing above the recorded B/op + ALLOC_MARGIN (the margin absorbs a JIT that on a loaded box
has not yet removed one small object, e.g. a 24 B token or a 32 B deadline).

Usage: guard.py BASELINE RESULT.json [RESULT.json ...]   (exit 0 pass, 1 regression, 2 missing data)
       guard.py --record BASELINE RESULT.json [...]      (rewrites the recorded ratios and B/op of
                                                          BASELINE's guards from a run, e.g. run.sh's)
"""
import json
import sys

RATIO_FACTOR = 3.0
ALLOC_MARGIN = 48.0


def load_results(paths):
    """{(short benchmark name, threads): (ns/op, B/op)} from JMH -rf json files."""
    out = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                name = ".".join(r["benchmark"].rsplit(".", 2)[-2:])
                alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                out[(name, r["threads"])] = (r["primaryMetric"]["score"], alloc)
    return out


def decide(baseline, results, ratio_factor=RATIO_FACTOR, alloc_margin=ALLOC_MARGIN):
    """Returns (failures, missing, lines): the failed checks, the benchmarks without data, a report."""
    failures, missing, lines = [], [], []
    for entry in baseline["guards"]:
        ours = (entry["benchmark"], entry["threads"])
        theirs = (entry["versus"], entry["threads"])
        if ours not in results or theirs not in results:
            missing.append(f"{ours[0]} / {theirs[0]} at {ours[1]} thread(s)")
            continue
        ours_ns, ours_alloc = results[ours]
        theirs_ns, _ = results[theirs]
        ratio = ours_ns / theirs_ns
        limit = ratio_factor * entry["ratio"]
        line = (f"{ours[0]} t={ours[1]}: {ratio:.2f}× {theirs[0]} (recorded {entry['ratio']:.2f}×, limit {limit:.2f}×)")
        if ratio > limit:
            failures.append("ratio " + line)
        if ours_alloc is not None:
            alloc_limit = entry["bytesPerOp"] + alloc_margin
            line += f", {ours_alloc:.0f} B/op (recorded {entry['bytesPerOp']:.0f}, limit {alloc_limit:.0f})"
            if ours_alloc > alloc_limit:
                failures.append("allocation " + line)
        lines.append(line)
    return failures, missing, lines


def record(baseline, results):
    """The baseline with each guard's ratio and B/op taken from results (guards without data kept)."""
    for entry in baseline["guards"]:
        ours = (entry["benchmark"], entry["threads"])
        theirs = (entry["versus"], entry["threads"])
        if ours in results and theirs in results:
            entry["ratio"] = round(results[ours][0] / results[theirs][0], 3)
            if results[ours][1] is not None:
                entry["bytesPerOp"] = round(results[ours][1])
    return baseline


def main(argv):
    if len(argv) >= 4 and argv[1] == "--record":
        with open(argv[2]) as f:
            baseline = json.load(f)
        baseline = record(baseline, load_results(argv[3:]))
        with open(argv[2], "w") as f:
            json.dump(baseline, f, indent=2)
            f.write("\n")
        return 0
    if len(argv) < 3:
        print(__doc__)
        return 2
    with open(argv[1]) as f:
        baseline = json.load(f)
    failures, missing, lines = decide(baseline, load_results(argv[2:]))
    for line in lines:
        print("  " + line)
    for m in missing:
        print("MISSING " + m)
    for f in failures:
        print("REGRESSION " + f)
    if missing:
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
