package dev.resilientshop.kit.tracing;

import dev.resilientshop.resilience.circuitbreaker.CircuitBreakerEvent;
import dev.resilientshop.resilience.circuitbreaker.State;
import dev.resilientshop.resilience.pipeline.PipelineEvent;
import dev.resilientshop.resilience.pipeline.PipelineRegistry;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every resilience decision as a span event on the span current where it was decided (docs/tracing.md
 * lists them): the server span of the request that made the call, or the attempt's client span.
 * So a trace shows not only the calls that went out but the ones that did not ("rejected: open"
 * has no client span: no request left the service), the retries with their backoff, the hedge and
 * which attempt won, the fallback that answered instead, and how much of the deadline was left
 * when each call started.
 *
 * <p>Subscribed only when tracing is on ({@code quarkus.otel.sdk.disabled=false}): with tracing
 * off no pipeline has a decision listener, so the pipelines do not even build these events.
 *
 * <p>A decision made off the request's thread (an async retry scheduled from the thread that saw
 * the failure, a hedge sent from a timer) lands on whatever span is current there; where none is,
 * it is dropped (a no-op span).
 */
@ApplicationScoped
public class ResilienceTracing {

    static final AttributeKey<String> DEPENDENCY = AttributeKey.stringKey("resilience.dependency");
    static final AttributeKey<String> BREAKER = AttributeKey.stringKey("resilience.breaker.state");
    static final AttributeKey<Long> DEADLINE_LEFT_MS = AttributeKey.longKey("resilience.deadline.left_ms");
    static final AttributeKey<Long> LIMIT = AttributeKey.longKey("resilience.limit");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("resilience.attempt");
    static final AttributeKey<Long> BACKOFF_MS = AttributeKey.longKey("resilience.retry.backoff_ms");
    static final AttributeKey<Long> AFTER_MS = AttributeKey.longKey("resilience.hedge.after_ms");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("resilience.fallback.source");
    static final AttributeKey<String> CAUSE = AttributeKey.stringKey("resilience.cause");
    static final AttributeKey<String> FROM = AttributeKey.stringKey("resilience.breaker.from");
    static final AttributeKey<String> TO = AttributeKey.stringKey("resilience.breaker.to");

    private final PipelineRegistry registry;
    private final boolean on;

    ResilienceTracing(
            PipelineRegistry registry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean sdkDisabled) {
        this.registry = registry;
        this.on = !sdkDisabled;
    }

    void start(@Observes StartupEvent event) {
        if (on) {
            registry.forEachPipeline(ResilienceTracing::watch);
        }
    }

    /** Puts the pipeline's decisions and its breaker's transitions on the current span from now on. */
    public static void watch(ResiliencePipeline pipeline) {
        pipeline.onDecision(e -> record(Span.current(), e));
        pipeline.circuitBreaker().onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransitioned t) {
                Span.current()
                        .addEvent(
                                "breaker " + t.transition().from().label() + " -> "
                                        + t.transition().to().label(),
                                Attributes.of(
                                        DEPENDENCY,
                                        pipeline.dependency(),
                                        FROM,
                                        t.transition().from().label(),
                                        TO,
                                        t.transition().to().label()));
            }
        });
    }

    /** The event's name and attributes on {@code span}; nothing when the span does not record. */
    static void record(Span span, PipelineEvent event) {
        if (!span.isRecording()) {
            return;
        }
        AttributesBuilder a = Attributes.builder().put(DEPENDENCY, event.dependency());
        String name;
        if (event instanceof PipelineEvent.Admitted e) {
            name = "call admitted";
            if (e.breaker() != null) {
                a.put(BREAKER, e.breaker().label());
            }
            if (e.deadlineLeftNanos() != Long.MAX_VALUE) {
                a.put(DEADLINE_LEFT_MS, e.deadlineLeftNanos() / 1_000_000);
            }
        } else if (event instanceof PipelineEvent.Rejected e) {
            name = switch (e.refusal()) {
                case BREAKER_OPEN -> "rejected: open";
                case BULKHEAD_FULL -> "rejected: bulkhead full";
                case LIMIT_REACHED -> "rejected: limit reached";
                case DEADLINE_EXHAUSTED -> "rejected: deadline exhausted";
            };
            a.put(BREAKER, label(e.breaker())).put(LIMIT, (long) e.limit());
        } else if (event instanceof PipelineEvent.RetryScheduled e) {
            name = "retry";
            a.put(ATTEMPT, (long) e.nextAttempt()).put(BACKOFF_MS, e.backoffNanos() / 1_000_000);
            if (e.cause() != null) {
                a.put(CAUSE, e.cause().getClass().getSimpleName());
            }
        } else if (event instanceof PipelineEvent.HedgeFired e) {
            name = "hedge fired";
            a.put(ATTEMPT, (long) e.attempt()).put(AFTER_MS, e.afterNanos() / 1_000_000);
        } else if (event instanceof PipelineEvent.HedgeWon e) {
            name = "hedge won";
            a.put(ATTEMPT, (long) e.attempt());
        } else if (event instanceof PipelineEvent.HedgeCancelled e) {
            name = "hedge cancelled";
            a.put(ATTEMPT, (long) e.attempt());
        } else if (event instanceof PipelineEvent.FallbackServed e) {
            name = "fallback served";
            a.put(SOURCE, e.source());
            if (e.reason() != null) {
                a.put(CAUSE, e.reason().getClass().getSimpleName());
            }
        } else {
            return;
        }
        span.addEvent(name, a.build());
    }

    private static String label(State state) {
        return state == null ? "off" : state.label();
    }
}
