package dev.resilientshop.resilience.limit;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;

/**
 * Settings of seed 002's AIMD limit: {@code initialLimit} (default 20) within
 * [{@code minLimit} ≥ 1 (default 1), {@code maxLimit} (default 200)]; {@code backoffRatio} in
 * (0, 1), default 0.5 ("halve"); {@code queueingThreshold} &gt; 1, default 2.0 ("rtt &gt; 2×minRTT").
 */
public final class AimdConfig {

    public static final int DEFAULT_INITIAL_LIMIT = 20;
    public static final int DEFAULT_MIN_LIMIT = 1;
    public static final int DEFAULT_MAX_LIMIT = 200;
    public static final double DEFAULT_BACKOFF_RATIO = 0.5;
    public static final double DEFAULT_QUEUEING_THRESHOLD = 2.0;

    private final int initialLimit;
    private final int minLimit;
    private final int maxLimit;
    private final double backoffRatio;
    private final double queueingThreshold;

    private AimdConfig(Builder b) {
        minLimit = atLeast("minLimit", b.minLimit, 1);
        maxLimit = atLeast("maxLimit", b.maxLimit, minLimit);
        initialLimit = atLeast("initialLimit", b.initialLimit, minLimit);
        if (initialLimit > maxLimit) {
            throw new IllegalArgumentException("initialLimit must be <= maxLimit " + maxLimit + ", but was " + initialLimit);
        }
        backoffRatio = inHalfOpenRange("backoffRatio", b.backoffRatio, 0, 0.99);
        queueingThreshold = inHalfOpenRange("queueingThreshold", b.queueingThreshold, 1, 100);
    }

    public static AimdConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int initialLimit() { return initialLimit; }
    public int minLimit() { return minLimit; }
    public int maxLimit() { return maxLimit; }
    public double backoffRatio() { return backoffRatio; }
    public double queueingThreshold() { return queueingThreshold; }

    public static final class Builder {
        private int initialLimit = DEFAULT_INITIAL_LIMIT;
        private int minLimit = DEFAULT_MIN_LIMIT;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private double backoffRatio = DEFAULT_BACKOFF_RATIO;
        private double queueingThreshold = DEFAULT_QUEUEING_THRESHOLD;

        private Builder() {
        }

        public Builder initialLimit(int n) { initialLimit = n; return this; }
        public Builder minLimit(int n) { minLimit = n; return this; }
        public Builder maxLimit(int n) { maxLimit = n; return this; }
        public Builder backoffRatio(double r) { backoffRatio = r; return this; }
        public Builder queueingThreshold(double t) { queueingThreshold = t; return this; }

        public AimdConfig build() {
            return new AimdConfig(this);
        }
    }
}
