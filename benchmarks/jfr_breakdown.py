#!/usr/bin/env python3
"""Where a benchmark's CPU time goes, from a JFR recording's execution samples. Usage:
  jfr print --json --events jdk.ExecutionSample --stack-depth 64 REC.jfr > samples.json
  python3 benchmarks/jfr_breakdown.py samples.json [BENCHMARK_METHOD]
Only samples whose stack holds JMH's generated loop for BENCHMARK_METHOD (default oursPipeline)
count. Each sample goes to the part of its innermost frame that belongs to one (so a LongAdder
increment inside the retry counts as counters, not as retry); the table gives each part's share
of those samples, then the 15 hottest top frames (self). A sample lands on the instruction after the slow
one, so shares are a guide to where time goes, not an exact split."""
import collections
import json
import sys

# part -> frame prefixes ("class.method" or "class."), first match in this order wins
PARTS = [
    ("counters (LongAdder / Striped64)", ["java.util.concurrent.atomic.LongAdder.", "java.util.concurrent.atomic.Striped64."]),
    ("duration to nanos (Duration.toNanos, Nanos.of)", ["java.time.Duration.toNanos", "dev.resilientshop.resilience.core.Nanos.of"]),
    ("clock reads (System.nanoTime)", ["java.lang.System.nanoTime", "dev.resilientshop.resilience.core.SystemClock.nanoTime",
                                       "dev.resilientshop.resilience.core.Clock$"]),
    ("breaker window (CountWindow, ClosedState)", ["dev.resilientshop.resilience.circuitbreaker."]),
    ("bulkhead slot (SemaphoreBulkhead)", ["dev.resilientshop.resilience.bulkhead."]),
    ("latency histogram", ["dev.resilientshop.resilience.hedge.LatencyHistogram."]),
    ("retry budget", ["dev.resilientshop.resilience.retry.RetryBudget."]),
    ("deadline arithmetic (Deadline, Nanos.add/subtract)", ["dev.resilientshop.resilience.deadline.Deadline.",
                                                            "dev.resilientshop.resilience.core.Nanos."]),
]


def name(frame):
    m = frame["method"]
    return f'{m["type"]["name"]}.{m["name"]}'.replace("/", ".")


def main():
    events = json.load(open(sys.argv[1]))["recording"]["events"]
    method = sys.argv[2] if len(sys.argv) > 2 else "oursPipeline"
    parts = collections.Counter()
    top = collections.Counter()
    total = 0
    for e in events:
        frames = [name(f) for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
        if not any(f"_{method}_jmhTest." in f for f in frames):
            continue
        total += 1
        top[frames[0]] += 1
        seen = None
        for f in frames:  # innermost first: the part nearest the sampled instruction
            for part, prefixes in PARTS:
                if any(f.startswith(p) for p in prefixes):
                    seen = part
                    break
            if seen:
                break
        parts[seen or "rest (pipeline's own code, the benchmark loop)"] += 1
    print(f"{total} execution samples in {method}'s benchmark loop\n")
    print("| part | samples | share |\n|---|---|---|")
    for part, n in parts.most_common():
        print(f"| {part} | {n} | {100 * n / total:.1f}% |")
    print("\n| top frame (self) | samples | share |\n|---|---|---|")
    for f, n in top.most_common(15):
        print(f"| `{f}` | {n} | {100 * n / total:.1f}% |")


if __name__ == "__main__":
    main()
