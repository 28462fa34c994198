package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.hedge.LatencyHistogram;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Striped counters and the latency histogram of one pipeline. Thread-safe. */
final class PipelineStats {

    /**
     * Calls and successes, except the sync calls that succeeded on their first attempt: those
     * are one increment of {@code Retry#firstAttemptSucceeded}, and {@code snapshot()} adds
     * {@code Retry#firstAttemptSuccesses} to both.
     */
    final LongAdder calls = new LongAdder();

    final LongAdder successes = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder deadlineExhausted = new LongAdder();
    final LongAdder bulkheadRejections = new LongAdder();
    final LongAdder breakerRejections = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    private final Map<String, LongAdder> fallbacksBySource = new ConcurrentHashMap<>();
    final LatencyHistogram latency;

    PipelineStats(Clock clock) {
        this.latency = new LatencyHistogram(Duration.ofMinutes(1), clock);
    }

    /** Counts a finished call; only calls that reached the dependency enter the latency histogram. */
    void record(Admission.Outcome outcome, long latencyNanos, long nowNanos) {
        switch (outcome) {
            case SUCCESS -> successes.increment();
            case FAILURE -> errors.increment();
            case NOT_STARTED -> deadlineExhausted.increment();
            case IGNORED -> {}
        }
        if (outcome == Admission.Outcome.SUCCESS || outcome == Admission.Outcome.FAILURE) {
            latency.record(latencyNanos, nowNanos);
        }
    }

    void fallback(String source) {
        fallbacks.increment();
        fallbacksBySource.computeIfAbsent(source, s -> new LongAdder()).increment();
    }

    Map<String, Long> fallbacksBySource() {
        Map<String, Long> copy = new TreeMap<>();
        fallbacksBySource.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
