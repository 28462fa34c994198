package dev.resilientshop.resilience.limit;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;
import static dev.resilientshop.resilience.core.Validate.positive;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the AIMD limit ({@link AimdLimit}); docs/patterns/adaptive-limit.md says why each
 * default is what it is.
 *
 * <ul>
 * <li>{@code initialLimit} (default 20) within [{@code minLimit} ≥ 1 (default 1), {@code maxLimit}
 *     (default 200)].
 * <li>{@code backoffRatio} in (0, 0.99], default 0.5: seed 002 halves; Netflix's
 *     {@code AIMDLimit} multiplies by {@value #NETFLIX_BACKOFF_RATIO}.
 * <li>{@code growWhenUsed} in (0, 1], default 0.5: grow only when at least this share of the limit
 *     was in flight. Netflix's {@code AIMDLimit} grows at half; seed 002 only when fully used
 *     ({@value #SEED_GROW_WHEN_USED}), which bursty traffic almost never reaches.
 * <li>{@code queueingThreshold} in (1, 100], default 2.0: queueing is a smoothed RTT above
 *     threshold × baseline (seed 002: "rtt &gt; 2×minRTT").
 * <li>{@code rttSmoothing} in (0, 1], default 0.1: the weight of each new round trip in the
 *     smoothed RTT that is compared with the baseline; 1.0 judges every sample alone, as the seed does.
 * <li>{@code baselineSmoothing} in (0, 1], default 0.025: the same for the slower average whose
 *     lowest value is the baseline; 1.0 makes the baseline the fastest single call, as the seed's
 *     {@code minRTT}. The first {@code 1 / baselineSmoothing} calls only teach the average.
 * <li>{@code baselineWindow} &gt; 0, default 30 s: the baseline is the lowest average of (about)
 *     the last window, so it can rise again.
 * <li>{@code clock}: the system clock; a {@code ManualClock} in tests.
 * </ul>
 */
public final class AimdConfig {

    public static final int DEFAULT_INITIAL_LIMIT = 20;
    public static final int DEFAULT_MIN_LIMIT = 1;
    public static final int DEFAULT_MAX_LIMIT = 200;
    public static final double DEFAULT_BACKOFF_RATIO = 0.5;
    /** Netflix concurrency-limits' {@code AIMDLimit} backoff ratio. */
    public static final double NETFLIX_BACKOFF_RATIO = 0.9;

    public static final double DEFAULT_GROW_WHEN_USED = 0.5;
    /** Seed 002's rule: grow only when the limit was fully used. */
    public static final double SEED_GROW_WHEN_USED = 1.0;

    public static final double DEFAULT_QUEUEING_THRESHOLD = 2.0;
    public static final double DEFAULT_RTT_SMOOTHING = 0.1;
    public static final double DEFAULT_BASELINE_SMOOTHING = 0.025;
    public static final Duration DEFAULT_BASELINE_WINDOW = Duration.ofSeconds(30);

    private final int initialLimit;
    private final int minLimit;
    private final int maxLimit;
    private final double backoffRatio;
    private final double growWhenUsed;
    private final double queueingThreshold;
    private final double rttSmoothing;
    private final double baselineSmoothing;
    private final Duration baselineWindow;
    private final Clock clock;

    private AimdConfig(Builder b) {
        minLimit = atLeast("minLimit", b.minLimit, 1);
        maxLimit = atLeast("maxLimit", b.maxLimit, minLimit);
        initialLimit = atLeast("initialLimit", b.initialLimit, minLimit);
        if (initialLimit > maxLimit) {
            throw new IllegalArgumentException(
                    "initialLimit must be <= maxLimit " + maxLimit + ", but was " + initialLimit);
        }
        backoffRatio = inHalfOpenRange("backoffRatio", b.backoffRatio, 0, 0.99);
        growWhenUsed = inHalfOpenRange("growWhenUsed", b.growWhenUsed, 0, 1);
        queueingThreshold = inHalfOpenRange("queueingThreshold", b.queueingThreshold, 1, 100);
        rttSmoothing = inHalfOpenRange("rttSmoothing", b.rttSmoothing, 0, 1);
        baselineSmoothing = inHalfOpenRange("baselineSmoothing", b.baselineSmoothing, 0, 1);
        baselineWindow = positive("baselineWindow", b.baselineWindow);
        clock = Objects.requireNonNull(b.clock, "clock");
    }

    public static AimdConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int initialLimit() {
        return initialLimit;
    }

    public int minLimit() {
        return minLimit;
    }

    public int maxLimit() {
        return maxLimit;
    }

    public double backoffRatio() {
        return backoffRatio;
    }

    public double growWhenUsed() {
        return growWhenUsed;
    }

    public double queueingThreshold() {
        return queueingThreshold;
    }

    public double rttSmoothing() {
        return rttSmoothing;
    }

    public double baselineSmoothing() {
        return baselineSmoothing;
    }

    public Duration baselineWindow() {
        return baselineWindow;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private int initialLimit = DEFAULT_INITIAL_LIMIT;
        private int minLimit = DEFAULT_MIN_LIMIT;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private double backoffRatio = DEFAULT_BACKOFF_RATIO;
        private double growWhenUsed = DEFAULT_GROW_WHEN_USED;
        private double queueingThreshold = DEFAULT_QUEUEING_THRESHOLD;
        private double rttSmoothing = DEFAULT_RTT_SMOOTHING;
        private double baselineSmoothing = DEFAULT_BASELINE_SMOOTHING;
        private Duration baselineWindow = DEFAULT_BASELINE_WINDOW;
        private Clock clock = Clock.system();

        private Builder() {}

        public Builder initialLimit(int n) {
            initialLimit = n;
            return this;
        }

        public Builder minLimit(int n) {
            minLimit = n;
            return this;
        }

        public Builder maxLimit(int n) {
            maxLimit = n;
            return this;
        }

        public Builder backoffRatio(double r) {
            backoffRatio = r;
            return this;
        }

        public Builder growWhenUsed(double share) {
            growWhenUsed = share;
            return this;
        }

        public Builder queueingThreshold(double t) {
            queueingThreshold = t;
            return this;
        }

        public Builder rttSmoothing(double weight) {
            rttSmoothing = weight;
            return this;
        }

        public Builder baselineSmoothing(double weight) {
            baselineSmoothing = weight;
            return this;
        }

        public Builder baselineWindow(Duration d) {
            baselineWindow = d;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public AimdConfig build() {
            return new AimdConfig(this);
        }
    }
}
