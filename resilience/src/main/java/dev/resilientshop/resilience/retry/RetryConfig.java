package dev.resilientshop.resilience.retry;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.atMost;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;
import static dev.resilientshop.resilience.core.Validate.positive;

import dev.resilientshop.resilience.core.RandomSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Retry}.
 *
 * <ul>
 * <li>{@code maxAttempts} 1..10, default 3 (seed 003: "three attempts is usually sufficient"), first attempt included.
 * <li>{@code baseDelay} &gt; 0, default 100 ms; {@code multiplier} [1, 10], default 2.0.
 * <li>{@code maxDelay} (0, 30 s], default 30 s (seed 001: "cap the maximum backoff (e.g., 30 seconds)").
 * <li>{@code jitter}: {@link Jitter#FULL} by default, applied after the cap.
 * <li>{@code retryOn}: {@link FailureClassifier#defaults()} (5xx, timeouts, connect errors; never 4xx).
 * <li>{@code budgetRatio} (0, 1], default 0.1, {@code budgetReserve} ≥ 1, default 10, and
 *     {@code budgetMinRetriesPerSecond} [0, 1000], default 0 (no floor): see {@link RetryBudget}.
 * <li>{@code random}: the jitter's source; seed it in tests.
 * </ul>
 */
public final class RetryConfig {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    public static final Duration MAX_MAX_DELAY = Duration.ofSeconds(30);
    public static final Jitter DEFAULT_JITTER = Jitter.FULL;

    private final int maxAttempts;
    private final Duration baseDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Jitter jitter;
    private final FailureClassifier retryOn;
    private final double budgetRatio;
    private final int budgetReserve;
    private final double budgetMinRetriesPerSecond;
    private final RandomSource random;

    private RetryConfig(Builder b) {
        maxAttempts = atLeast("maxAttempts", b.maxAttempts, 1);
        if (maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be <= 10, but was " + maxAttempts);
        }
        baseDelay = positive("baseDelay", b.baseDelay);
        multiplier = inHalfOpenRange("multiplier", b.multiplier, 0.999, 10);
        maxDelay = atMost("maxDelay", positive("maxDelay", b.maxDelay), MAX_MAX_DELAY);
        if (baseDelay.compareTo(maxDelay) > 0) {
            throw new IllegalArgumentException("baseDelay must be <= maxDelay " + maxDelay + ", but was " + baseDelay);
        }
        jitter = Objects.requireNonNull(b.jitter, "jitter");
        retryOn = Objects.requireNonNull(b.retryOn, "retryOn");
        budgetRatio = inHalfOpenRange("budgetRatio", b.budgetRatio, 0, 1);
        budgetReserve = atLeast("budgetReserve", b.budgetReserve, 1);
        if (!(b.budgetMinRetriesPerSecond >= 0 && b.budgetMinRetriesPerSecond <= 1_000)) {
            throw new IllegalArgumentException(
                    "budgetMinRetriesPerSecond must be in [0, 1000], but was " + b.budgetMinRetriesPerSecond);
        }
        budgetMinRetriesPerSecond = b.budgetMinRetriesPerSecond;
        random = Objects.requireNonNull(b.random, "random");
    }

    public static RetryConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration baseDelay() {
        return baseDelay;
    }

    public double multiplier() {
        return multiplier;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public Jitter jitter() {
        return jitter;
    }

    public FailureClassifier retryOn() {
        return retryOn;
    }

    public double budgetRatio() {
        return budgetRatio;
    }

    public int budgetReserve() {
        return budgetReserve;
    }

    public double budgetMinRetriesPerSecond() {
        return budgetMinRetriesPerSecond;
    }

    public RandomSource random() {
        return random;
    }

    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private double multiplier = DEFAULT_MULTIPLIER;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Jitter jitter = DEFAULT_JITTER;
        private FailureClassifier retryOn = FailureClassifier.defaults();
        private double budgetRatio = RetryBudget.DEFAULT_RATIO;
        private int budgetReserve = RetryBudget.DEFAULT_RESERVE;
        private double budgetMinRetriesPerSecond = RetryBudget.DEFAULT_MIN_RETRIES_PER_SECOND;
        private RandomSource random = RandomSource.threadLocal();

        private Builder() {}

        public Builder maxAttempts(int n) {
            maxAttempts = n;
            return this;
        }

        public Builder baseDelay(Duration d) {
            baseDelay = d;
            return this;
        }

        public Builder multiplier(double m) {
            multiplier = m;
            return this;
        }

        public Builder maxDelay(Duration d) {
            maxDelay = d;
            return this;
        }

        public Builder jitter(Jitter j) {
            jitter = j;
            return this;
        }

        public Builder retryOn(FailureClassifier c) {
            retryOn = c;
            return this;
        }

        public Builder budget(double ratio, int reserve) {
            budgetRatio = ratio;
            budgetReserve = reserve;
            return this;
        }
        /** Finagle-style floor: retries allowed per second even when the ratio budget is empty. */
        public Builder budgetMinRetriesPerSecond(double perSecond) {
            budgetMinRetriesPerSecond = perSecond;
            return this;
        }

        public Builder random(RandomSource r) {
            random = r;
            return this;
        }

        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
