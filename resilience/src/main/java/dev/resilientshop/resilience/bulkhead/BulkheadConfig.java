package dev.resilientshop.resilience.bulkhead;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.atMost;
import static dev.resilientshop.resilience.core.Validate.notNegative;

import java.time.Duration;

/**
 * Settings of a {@link Bulkhead}.
 *
 * <ul>
 * <li>{@code maxConcurrentCalls} ≥ 1, default 50 (seed 002's recommendations pool; inventory
 *     100, pricing 75).
 * <li>{@code maxWait} 0..1 s, default 0 (fail fast). A short wait smooths bursts; it is always
 *     cut to the caller's deadline.
 * </ul>
 */
public final class BulkheadConfig {

    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 50;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;
    public static final Duration MAX_MAX_WAIT = Duration.ofSeconds(1);

    private final int maxConcurrentCalls;
    private final Duration maxWait;

    private BulkheadConfig(Builder b) {
        maxConcurrentCalls = atLeast("maxConcurrentCalls", b.maxConcurrentCalls, 1);
        maxWait = atMost("maxWait", notNegative("maxWait", b.maxWait), MAX_MAX_WAIT);
    }

    public static BulkheadConfig ofDefaults() {
        return builder().build();
    }

    public static BulkheadConfig ofMaxConcurrentCalls(int n) {
        return builder().maxConcurrentCalls(n).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    public Duration maxWait() {
        return maxWait;
    }

    public static final class Builder {
        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWait = DEFAULT_MAX_WAIT;

        private Builder() {}

        public Builder maxConcurrentCalls(int n) {
            maxConcurrentCalls = n;
            return this;
        }

        public Builder maxWait(Duration d) {
            maxWait = d;
            return this;
        }

        public BulkheadConfig build() {
            return new BulkheadConfig(this);
        }
    }
}
