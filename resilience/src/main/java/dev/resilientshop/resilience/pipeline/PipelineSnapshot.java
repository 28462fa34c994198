package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.circuitbreaker.State;
import java.time.Instant;
import java.util.Map;

/**
 * One pipeline's live state as plain data, for the ops page (polled every second) and for tests.
 * Counters are totals since start; latencies cover the last one to two minutes of calls.
 *
 * @param limiterKind "bulkhead" (fixed) or "adaptive"
 * @param limit the bulkhead's max or the adaptive limit now
 * @param calls every call, counted once: a sync call on the fast path (a fail-fast bulkhead,
 *        every layer on) when it is refused or its first attempt ends, so not while that attempt
 *        runs; every other call when it arrives
 * @param timeouts attempts that started and hit their timeout (a health signal)
 * @param deadlineExhausted calls whose request budget was spent before an attempt could start:
 *        the caller's overload, never counted against the dependency's breaker or limit
 * @param rejections calls refused by the bulkhead plus by the breaker
 */
public record PipelineSnapshot(
        String service,
        String dependency,
        Instant at,
        State breakerState,
        String limiterKind,
        int inFlight,
        int limit,
        long calls,
        long successes,
        long errors,
        long timeouts,
        long deadlineExhausted,
        long bulkheadRejections,
        long breakerRejections,
        long rejections,
        long retries,
        long hedges,
        long fallbacks,
        Map<String, Long> fallbacksBySource,
        double p50Millis,
        double p99Millis) {}
