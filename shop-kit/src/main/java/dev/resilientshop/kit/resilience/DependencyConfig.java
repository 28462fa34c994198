package dev.resilientshop.kit.resilience;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    /** The fixed bulkhead; not used when an adaptive {@link #limit()} is declared. */
    Bulkhead bulkhead();

    Retry retry();

    /**
     * An adaptive concurrency limit instead of the fixed {@link #bulkhead()} (seed 002's AIMD, or
     * a gradient limit); declared by writing any {@code limit.*} property, absent otherwise.
     */
    Optional<AdaptiveLimit> limit();

    /**
     * Hedged reads ({@code ResiliencePipeline.readAsync} only; never while the breaker is not
     * closed); declared by writing any {@code hedge.*} property, absent otherwise.
     */
    Optional<Hedge> hedge();

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

        /**
         * A call slower than this counts as slow; the breaker also opens when every call of the
         * window was slow. Default: the dependency's {@link #timeout()}.
         */
        Optional<Duration> slowCallDuration();
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

    /** Which adaptive limit: seed 002's {@code aimd}, or {@code gradient} (after Netflix's Gradient2). */
    enum Algorithm {
        AIMD,
        GRADIENT
    }

    /**
     * An adaptive limit between {@code min} and {@code max}, starting at {@code initial}. Round
     * trips shorter than {@code rtt-floor} count as the floor, so loopback noise is not taken for
     * queueing (the library's {@code RttFloor}; 0, the default, feeds them as measured). The
     * defaults of both algorithms are the library's ({@code AimdConfig}, {@code GradientConfig}).
     */
    interface AdaptiveLimit {

        @WithDefault("aimd")
        Algorithm algorithm();

        @WithDefault("20")
        int initial();

        @WithDefault("1")
        int min();

        @WithDefault("200")
        int max();

        @WithDefault("0ms")
        Duration rttFloor();

        Aimd aimd();

        Gradient gradient();

        /** {@code limit.aimd.*}: docs/patterns/adaptive-limit.md says why each default is what it is. */
        interface Aimd {

            /** The limit is multiplied by this on a drop or while queueing; (0, 0.99]. */
            @WithDefault("0.5")
            double backoffRatio();

            /** Grow only when at least this share of the limit was in flight; (0, 1]. */
            @WithDefault("0.5")
            double growWhenUsed();

            /** Queueing: a smoothed round trip above this many times the baseline; (1, 100]. */
            @WithDefault("2.0")
            double queueingThreshold();

            @WithDefault("0.1")
            double rttSmoothing();

            @WithDefault("0.025")
            double baselineSmoothing();

            /** The baseline is the lowest average of (about) this long. */
            @WithDefault("30s")
            Duration baselineWindow();
        }

        /** {@code limit.gradient.*}. */
        interface Gradient {

            /** The short-term round trip may be this many times the long-term one before the limit shrinks. */
            @WithDefault("1.5")
            double rttTolerance();

            @WithDefault("0.2")
            double smoothing();

            /** Samples in the long-term average, at least 10. */
            @WithDefault("600")
            int longWindow();
        }
    }

    /**
     * A second attempt when the first has not answered after {@code delay}, or (without a delay)
     * after the observed {@code percentile} of the first attempts' latency, {@code initial-delay}
     * until {@code min-samples} were seen; at most {@code max-extra} extra attempts per call and
     * {@code budget-ratio} extra calls overall (plus {@code budget-reserve}).
     */
    interface Hedge {

        /** A fixed delay; without it, the percentile's. */
        Optional<Duration> delay();

        /** Seed 002: "hedging at p50 doubles load for marginal gains; hedging at p99 fires too late". */
        @WithDefault("0.95")
        double percentile();

        @WithDefault("50ms")
        Duration initialDelay();

        @WithDefault("100")
        int minSamples();

        /** Extra attempts per call, 1..3. */
        @WithDefault("1")
        int maxExtra();

        @WithDefault("0.05")
        double budgetRatio();

        @WithDefault("5")
        int budgetReserve();

        /** How long the latency histogram remembers. */
        @WithDefault("10s")
        Duration histogramWindow();
    }
}
