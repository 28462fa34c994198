#!/usr/bin/env python3
"""Unit tests of the guard's decision: python3 -m unittest discover -s benchmarks -p 'test_*.py'"""
import json
import os
import tempfile
import unittest

import guard

BASELINE = {"guards": [
    {"benchmark": "PipelineBenchmark.oursPipeline", "versus": "PipelineBenchmark.r4jSynchronizedPipeline",
     "threads": 1, "ratio": 0.8, "bytesPerOp": 32},
]}


def results(ours_ns, theirs_ns, ours_alloc=32.0):
    return {("PipelineBenchmark.oursPipeline", 1): (ours_ns, ours_alloc),
            ("PipelineBenchmark.r4jSynchronizedPipeline", 1): (theirs_ns, 48.0)}


class DecideTest(unittest.TestCase):

    def test_passes_at_the_recorded_ratio(self):
        failures, missing, _ = guard.decide(BASELINE, results(80, 100))
        self.assertEqual([], failures)
        self.assertEqual([], missing)

    def test_passes_just_below_three_times_the_recorded_ratio(self):
        failures, _, _ = guard.decide(BASELINE, results(239, 100))  # 2.39× vs limit 2.4×
        self.assertEqual([], failures)

    def test_fails_above_three_times_the_recorded_ratio(self):
        failures, _, _ = guard.decide(BASELINE, results(241, 100))
        self.assertEqual(1, len(failures))
        self.assertTrue(failures[0].startswith("ratio "))

    def test_a_slow_machine_alone_is_no_regression(self):
        failures, _, _ = guard.decide(BASELINE, results(8000, 10000))  # both 100× slower: same ratio
        self.assertEqual([], failures)

    def test_allocation_within_the_margin_passes(self):
        failures, _, _ = guard.decide(BASELINE, results(80, 100, ours_alloc=32 + guard.ALLOC_MARGIN))
        self.assertEqual([], failures)

    def test_allocation_above_the_margin_fails_even_when_fast(self):
        failures, _, _ = guard.decide(BASELINE, results(10, 100, ours_alloc=32 + guard.ALLOC_MARGIN + 8))
        self.assertEqual(1, len(failures))
        self.assertTrue(failures[0].startswith("allocation "))

    def test_a_benchmark_missing_from_the_run_is_reported_not_passed(self):
        failures, missing, _ = guard.decide(BASELINE, {("PipelineBenchmark.oursPipeline", 1): (80, 0.0)})
        self.assertEqual([], failures)
        self.assertEqual(1, len(missing))


class RecordTest(unittest.TestCase):

    def test_record_takes_ratio_and_allocation_from_the_run(self):
        baseline = json.loads(json.dumps(BASELINE))
        guard.record(baseline, results(50, 100, ours_alloc=0.004))
        self.assertEqual(0.5, baseline["guards"][0]["ratio"])
        self.assertEqual(0, baseline["guards"][0]["bytesPerOp"])


class MainTest(unittest.TestCase):

    def run_main(self, jmh_rows):
        with tempfile.TemporaryDirectory() as d:
            base, res = os.path.join(d, "base.json"), os.path.join(d, "res.json")
            with open(base, "w") as f:
                json.dump(BASELINE, f)
            with open(res, "w") as f:
                json.dump(jmh_rows, f)
            return guard.main(["guard.py", base, res])

    @staticmethod
    def row(name, ns, alloc):
        return {"benchmark": "dev.resilientshop.benchmarks." + name, "threads": 1,
                "primaryMetric": {"score": ns}, "secondaryMetrics": {"gc.alloc.rate.norm": {"score": alloc}}}

    def test_exit_codes_from_jmh_json(self):
        self.assertEqual(0, self.run_main([self.row("PipelineBenchmark.oursPipeline", 80, 32),
                                           self.row("PipelineBenchmark.r4jSynchronizedPipeline", 100, 48)]))
        self.assertEqual(1, self.run_main([self.row("PipelineBenchmark.oursPipeline", 300, 32),
                                           self.row("PipelineBenchmark.r4jSynchronizedPipeline", 100, 48)]))
        self.assertEqual(2, self.run_main([self.row("PipelineBenchmark.oursPipeline", 80, 32)]))


if __name__ == "__main__":
    unittest.main()
