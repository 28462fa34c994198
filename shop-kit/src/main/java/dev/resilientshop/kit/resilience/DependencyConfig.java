package dev.resilientshop.kit.resilience;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How one protected dependency is called: the settings {@link DependencyPipelines} builds its
 * pipeline from, under {@code shop.dependency.<name>.*} ({@link DependencyConfigs}).
 *
 * <p>Every default is written here and nowhere else. A service's application.properties sets
 * only what differs for that dependency (its timeout, its bulkhead, whether it may be retried),
 * next to a comment saying why; a property it does not set has the value below.
 */
public interface DependencyConfig {

    /**
     * Per attempt (seed 003's timeouts), always cut to what is left of the request's budget;
     * also the breaker's slow-call threshold. Default 1 s, the library's.
     */
    @WithDefault("1s")
    Duration timeout();

    /**
     * Time kept back from the request's budget for what the caller does after the call (record
     * the charge, answer): an attempt's timeout is at most the budget minus this. Default 0.
     */
    @WithDefault("0ms")
    Duration reserve();

    Breaker breaker();

    Bulkhead bulkhead();

    Retry retry();

    /**
     * The circuit breaker (seed 002): opens after {@code consecutive-failures} failed calls in a
     * row, or when {@code failure-rate} % of the last {@code window} calls failed (judged once
     * {@code minimum-calls} were seen); probes once after {@code reset-timeout}. What counts as a
     * failure is {@link HealthSignal}'s rule, for every dependency.
     */
    interface Breaker {

        /** Seed 002: "after 5 consecutive timeouts". */
        @WithDefault("5")
        int consecutiveFailures();

        /** Percent of the window, (0, 100]. */
        @WithDefault("50")
        double failureRate();

        /** The last this many calls. */
        @WithDefault("20")
        int window();

        @WithDefault("20")
        int minimumCalls();

        /**
         * Seed 002's incident waited 30 s; 10 s lets a person breaking things (and the drills)
         * see the breaker close again without waiting half a minute.
         */
        @WithDefault("10s")
        Duration resetTimeout();
    }

    /** The bulkhead (seed 002): at most this many calls at once; a call waits up to {@code max-wait} (0..1 s) for a slot. */
    interface Bulkhead {

        @WithDefault("50")
        int maxConcurrentCalls();

        @WithDefault("0ms")
        Duration maxWait();
    }

    /**
     * Retry on what {@link HealthSignal#TRANSIENT} calls transient, with exponential backoff and
     * full jitter from {@code base-delay}. Default one attempt: a dependency is retried only where
     * its application.properties says a repeat is safe (a read, or a call carrying an
     * idempotency key).
     */
    interface Retry {

        /** First attempt included, 1..10. */
        @WithDefault("1")
        int maxAttempts();

        @WithDefault("100ms")
        Duration baseDelay();
    }
}
