package dev.resilientshop.resilience.circuitbreaker;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;
import static dev.resilientshop.resilience.core.Validate.positive;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Immutable settings of a {@link CircuitBreaker}; defaults come from the seeds.
 *
 * <ul>
 * <li>{@code failureRateThreshold} (0, 100] %, default 50: trips when at least this share of
 *     the calls in the window failed.
 * <li>{@code slowCallRateThreshold} (0, 100] %, default 100, with {@code slowCallDurationThreshold}
 *     (default 2 s): slow calls count as failures of their own kind. A 4.8 s query is the
 *     incident of seed 002, even when it eventually answers.
 * <li>{@code windowType} COUNT_BASED (last N calls) or TIME_BASED (last N seconds);
 *     {@code windowSize} 1..1,000,000 (calls) or 1..3600 (seconds), default 100.
 * <li>{@code minimumNumberOfCalls} ≥ 1, default 20: no rate verdict on fewer calls. With a
 *     count window it must be ≤ {@code windowSize}: a window of N calls never holds more than
 *     N, so a larger minimum would switch the rate trips off without a word (rejected at build).
 * <li>{@code consecutiveFailureThreshold} ≥ 1, default 5: seed 002's incident opens "after 5
 *     consecutive timeouts", whatever the window says.
 * <li>{@code resetTimeout} &gt; 0, default 30 s (seed 002, seed 003): how long open waits before probing.
 * <li>{@code permittedProbes} ≥ 1, default 1: half-open admits this many calls; that many
 *     successes close the breaker, one failure re-opens it.
 * <li>{@code probeLease} &gt; 0, default 10 s: a probe permit not completed by then expires.
 * <li>{@code ignoreException}: failures that say nothing about the dependency's health (a 4xx,
 *     a declined card); default none.
 * </ul>
 */
public final class CircuitBreakerConfig {

    public enum WindowType {
        COUNT_BASED,
        TIME_BASED
    }

    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final double DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100;
    public static final Duration DEFAULT_SLOW_CALL_DURATION_THRESHOLD = Duration.ofSeconds(2);
    public static final WindowType DEFAULT_WINDOW_TYPE = WindowType.COUNT_BASED;
    public static final int DEFAULT_WINDOW_SIZE = 100;
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 20;
    public static final int DEFAULT_CONSECUTIVE_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_PERMITTED_PROBES = 1;
    public static final Duration DEFAULT_PROBE_LEASE = Duration.ofSeconds(10);

    private final double failureRateThreshold;
    private final double slowCallRateThreshold;
    private final Duration slowCallDurationThreshold;
    private final WindowType windowType;
    private final int windowSize;
    private final int minimumNumberOfCalls;
    private final int consecutiveFailureThreshold;
    private final Duration resetTimeout;
    private final int permittedProbes;
    private final Duration probeLease;
    private final Predicate<Throwable> ignoreException;
    private final Clock clock;

    private CircuitBreakerConfig(Builder b) {
        failureRateThreshold = inHalfOpenRange("failureRateThreshold", b.failureRateThreshold, 0, 100);
        slowCallRateThreshold = inHalfOpenRange("slowCallRateThreshold", b.slowCallRateThreshold, 0, 100);
        slowCallDurationThreshold = positive("slowCallDurationThreshold", b.slowCallDurationThreshold);
        windowType = Objects.requireNonNull(b.windowType, "windowType");
        windowSize = atLeast("windowSize", b.windowSize, 1);
        int maxSize = windowType == WindowType.COUNT_BASED ? CountWindow.MAX_SIZE : TimeWindow.MAX_SECONDS;
        if (windowSize > maxSize) {
            throw new IllegalArgumentException(
                    "windowSize must be <= " + maxSize + " for " + windowType + ", but was " + windowSize);
        }
        minimumNumberOfCalls = atLeast("minimumNumberOfCalls", b.minimumNumberOfCalls, 1);
        if (windowType == WindowType.COUNT_BASED && minimumNumberOfCalls > windowSize) {
            // a window of N calls never holds more than N: the rate trips would be silently off
            throw new IllegalArgumentException("minimumNumberOfCalls must be <= windowSize (" + windowSize
                    + ") for a COUNT_BASED window, but was " + minimumNumberOfCalls);
        }
        consecutiveFailureThreshold = atLeast("consecutiveFailureThreshold", b.consecutiveFailureThreshold, 1);
        resetTimeout = positive("resetTimeout", b.resetTimeout);
        permittedProbes = atLeast("permittedProbes", b.permittedProbes, 1);
        probeLease = positive("probeLease", b.probeLease);
        ignoreException = Objects.requireNonNull(b.ignoreException, "ignoreException");
        clock = Objects.requireNonNull(b.clock, "clock");
    }

    public static CircuitBreakerConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public double failureRateThreshold() {
        return failureRateThreshold;
    }

    public double slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    public Duration slowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    public WindowType windowType() {
        return windowType;
    }

    public int windowSize() {
        return windowSize;
    }

    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    public int consecutiveFailureThreshold() {
        return consecutiveFailureThreshold;
    }

    public Duration resetTimeout() {
        return resetTimeout;
    }

    public int permittedProbes() {
        return permittedProbes;
    }

    public Duration probeLease() {
        return probeLease;
    }

    public Predicate<Throwable> ignoreException() {
        return ignoreException;
    }

    public Clock clock() {
        return clock;
    }

    /** Mutable builder; {@link #build()} validates everything at once. */
    public static final class Builder {
        private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private double slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
        private Duration slowCallDurationThreshold = DEFAULT_SLOW_CALL_DURATION_THRESHOLD;
        private WindowType windowType = DEFAULT_WINDOW_TYPE;
        private int windowSize = DEFAULT_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private int consecutiveFailureThreshold = DEFAULT_CONSECUTIVE_FAILURE_THRESHOLD;
        private Duration resetTimeout = DEFAULT_RESET_TIMEOUT;
        private int permittedProbes = DEFAULT_PERMITTED_PROBES;
        private Duration probeLease = DEFAULT_PROBE_LEASE;
        private Predicate<Throwable> ignoreException = t -> false;
        private Clock clock = Clock.system();

        private Builder() {}

        public Builder failureRateThreshold(double percent) {
            failureRateThreshold = percent;
            return this;
        }

        public Builder slowCallRateThreshold(double percent) {
            slowCallRateThreshold = percent;
            return this;
        }

        public Builder slowCallDurationThreshold(Duration d) {
            slowCallDurationThreshold = d;
            return this;
        }

        public Builder countBasedWindow(int calls) {
            windowType = WindowType.COUNT_BASED;
            windowSize = calls;
            return this;
        }

        public Builder timeBasedWindow(int seconds) {
            windowType = WindowType.TIME_BASED;
            windowSize = seconds;
            return this;
        }

        public Builder minimumNumberOfCalls(int n) {
            minimumNumberOfCalls = n;
            return this;
        }

        public Builder consecutiveFailureThreshold(int n) {
            consecutiveFailureThreshold = n;
            return this;
        }

        public Builder resetTimeout(Duration d) {
            resetTimeout = d;
            return this;
        }

        public Builder permittedProbes(int n) {
            permittedProbes = n;
            return this;
        }

        public Builder probeLease(Duration d) {
            probeLease = d;
            return this;
        }

        public Builder ignoreException(Predicate<Throwable> p) {
            ignoreException = p;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(this);
        }
    }
}
