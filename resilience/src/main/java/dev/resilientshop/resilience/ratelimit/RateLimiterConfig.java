package dev.resilientshop.resilience.ratelimit;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;

import dev.resilientshop.resilience.core.Clock;
import java.util.Objects;

/**
 * Settings of a {@link RateLimiter}: {@code capacity} ≥ 1 tokens (default 100, the burst),
 * {@code refillPerSecond} (0, 1e6] (default 10, the sustained rate), both from seed 003;
 * {@code maxKeys} ≥ 1 (default 10,000) bounds memory when every client IP gets a bucket.
 */
public final class RateLimiterConfig {

    public static final int DEFAULT_CAPACITY = 100;
    public static final double DEFAULT_REFILL_PER_SECOND = 10;
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final int capacity;
    private final double refillPerSecond;
    private final int maxKeys;
    private final Clock clock;

    private RateLimiterConfig(Builder b) {
        capacity = atLeast("capacity", b.capacity, 1);
        refillPerSecond = inHalfOpenRange("refillPerSecond", b.refillPerSecond, 0, 1_000_000);
        maxKeys = atLeast("maxKeys", b.maxKeys, 1);
        clock = Objects.requireNonNull(b.clock, "clock");
    }

    public static RateLimiterConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int capacity() {
        return capacity;
    }

    public double refillPerSecond() {
        return refillPerSecond;
    }

    public int maxKeys() {
        return maxKeys;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private double refillPerSecond = DEFAULT_REFILL_PER_SECOND;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private Clock clock = Clock.system();

        private Builder() {}

        public Builder capacity(int n) {
            capacity = n;
            return this;
        }

        public Builder refillPerSecond(double r) {
            refillPerSecond = r;
            return this;
        }

        public Builder maxKeys(int n) {
            maxKeys = n;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public RateLimiterConfig build() {
            return new RateLimiterConfig(this);
        }
    }
}
