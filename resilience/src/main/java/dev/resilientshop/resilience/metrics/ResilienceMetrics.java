package dev.resilientshop.resilience.metrics;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreaker;
import dev.resilientshop.resilience.circuitbreaker.StateTransition;
import dev.resilientshop.resilience.limit.AdaptiveLimiter;
import dev.resilientshop.resilience.pipeline.PipelineEvent;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Exports the patterns' state to Micrometer under the names seed 002's alert rules use, with
 * labels {@code service} and {@code dependency}. The only class in the library that knows
 * Micrometer (an optional dependency).
 *
 * <p>Counters are registered without {@code _total}: the Prometheus registry appends it, so
 * {@code "circuit_breaker_state_changes"} is scraped as {@code circuit_breaker_state_changes_total},
 * exactly the name in {@code CircuitBreakerOpenRateHigh}. Most meters read the patterns' own
 * counters at scrape time ({@link FunctionCounter}, {@link Gauge}), so the hot path pays nothing
 * for metrics. Full list: docs/patterns/metrics.md.
 *
 * <ul>
 * <li>{@code circuit_breaker_state} gauge: 0 closed, 1 open, 2 half-open.
 * <li>{@code circuit_breaker_state_changes_total{from_state,to_state}}: closed, open, half_open.
 * <li>{@code bulkhead_active_calls}, {@code bulkhead_max_concurrent} gauges (for an adaptive
 *     limit, max is the current limit, so {@code BulkheadSaturated} still means "near the limit").
 * <li>{@code bulkhead_rejected_total}.
 * <li>{@code retry_attempts_total{outcome}}: {@code first} for each call's first attempt,
 *     {@code retry} for each further attempt; so
 *     {@code rate(..{outcome="retry"}) / rate(retry_attempts_total)} is the fraction of attempts
 *     that are retries (RetryStormDetected).
 * <li>{@code timeouts_total} (attempts that started and ran out of time), {@code fallbacks_total{source}},
 *     {@code hedges_total}.
 * <li>{@code deadline_exhausted_total}: calls that never started because the request's budget,
 *     less the reserve, was already spent: the caller's own overload, kept apart from the
 *     dependency's health (it moves neither the breaker nor the adaptive limit).
 * <li>{@code adaptive_limit} gauge (adaptive pipelines only).
 * <li>{@code rate_limit_rejected_total} (per rate limiter; {@code dependency} = its name).
 * </ul>
 */
public final class ResilienceMetrics {

    private ResilienceMetrics() {}

    /** Binds every pipeline in {@code registry}, now and registered later. */
    public static void bind(PipelineRegistry registry, MeterRegistry meters) {
        registry.forEachPipeline(p -> bind(p, meters));
    }

    public static void bind(ResiliencePipeline pipeline, MeterRegistry meters) {
        Tags tags = Tags.of("service", pipeline.service(), "dependency", pipeline.dependency());
        CircuitBreaker breaker = pipeline.circuitBreaker();
        Gauge.builder("circuit_breaker_state", breaker, b -> b.state().gaugeValue())
                .description("0 closed, 1 open, 2 half-open")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        for (StateTransition t : StateTransition.values()) {
            FunctionCounter.builder("circuit_breaker_state_changes", breaker, b -> b.transitionCount(t))
                    .tags(tags)
                    .tag("from_state", t.from().label())
                    .tag("to_state", t.to().label())
                    .register(meters);
        }
        Gauge.builder("bulkhead_active_calls", pipeline, p -> p.limiter().inFlight())
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Gauge.builder("bulkhead_max_concurrent", pipeline, p -> p.limiter().limit())
                .tags(tags)
                .strongReference(true)
                .register(meters);
        FunctionCounter.builder("bulkhead_rejected", pipeline, p -> p.limiter().rejectedCount())
                .tags(tags)
                .register(meters);
        FunctionCounter.builder("retry_attempts", pipeline, p -> p.retry().firstAttempts())
                .tags(tags)
                .tag("outcome", "first")
                .register(meters);
        FunctionCounter.builder("retry_attempts", pipeline, p -> p.retry().retries())
                .tags(tags)
                .tag("outcome", "retry")
                .register(meters);
        FunctionCounter.builder("timeouts", pipeline, p -> p.snapshot().timeouts())
                .tags(tags)
                .register(meters);
        FunctionCounter.builder(
                        "deadline_exhausted", pipeline, p -> p.snapshot().deadlineExhausted())
                .description(
                        "calls whose request budget was spent before an attempt could start; never a breaker failure")
                .tags(tags)
                .register(meters);
        FunctionCounter.builder("hedges", pipeline, ResiliencePipeline::hedges)
                .tags(tags)
                .register(meters);
        if (pipeline.limiter() instanceof AdaptiveLimiter) {
            Gauge.builder("adaptive_limit", pipeline, p -> p.limiter().limit())
                    .tags(tags)
                    .strongReference(true)
                    .register(meters);
        }
        pipeline.onEvent(event -> {
            if (event instanceof PipelineEvent.FallbackServed f) {
                Counter.builder("fallbacks")
                        .tags(tags)
                        .tag("source", f.source())
                        .register(meters)
                        .increment();
            }
        });
    }

    /** {@code rate_limit_rejected_total{service, dependency=<limiter name>}}. */
    public static void bind(RateLimiter limiter, String service, MeterRegistry meters) {
        FunctionCounter.builder("rate_limit_rejected", limiter, RateLimiter::rejectedCount)
                .tags("service", service, "dependency", limiter.name())
                .register(meters);
    }
}
