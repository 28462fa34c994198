package dev.resilientshop.resilience.limit;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;

/**
 * Settings of the gradient limit (defaults as Netflix's {@code Gradient2Limit}): initial 20,
 * floor 1, ceiling 200, {@code rttTolerance} ≥ 1 (default 1.5: short-term RTT may be 1.5× the
 * long-term before the limit shrinks), {@code smoothing} (0, 1] (default 0.2),
 * {@code longWindow} ≥ 10 samples (default 600).
 */
public final class GradientConfig {

    public static final int DEFAULT_INITIAL_LIMIT = 20;
    public static final int DEFAULT_MIN_LIMIT = 1;
    public static final int DEFAULT_MAX_LIMIT = 200;
    public static final double DEFAULT_RTT_TOLERANCE = 1.5;
    public static final double DEFAULT_SMOOTHING = 0.2;
    public static final int DEFAULT_LONG_WINDOW = 600;

    private final int initialLimit;
    private final int minLimit;
    private final int maxLimit;
    private final double rttTolerance;
    private final double smoothing;
    private final int longWindow;

    private GradientConfig(Builder b) {
        minLimit = atLeast("minLimit", b.minLimit, 1);
        maxLimit = atLeast("maxLimit", b.maxLimit, minLimit);
        initialLimit = atLeast("initialLimit", b.initialLimit, minLimit);
        if (initialLimit > maxLimit) {
            throw new IllegalArgumentException(
                    "initialLimit must be <= maxLimit " + maxLimit + ", but was " + initialLimit);
        }
        rttTolerance = inHalfOpenRange("rttTolerance", b.rttTolerance, 0.99, 10);
        smoothing = inHalfOpenRange("smoothing", b.smoothing, 0, 1);
        longWindow = atLeast("longWindow", b.longWindow, 10);
    }

    public static GradientConfig ofDefaults() {
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

    public double rttTolerance() {
        return rttTolerance;
    }

    public double smoothing() {
        return smoothing;
    }

    public int longWindow() {
        return longWindow;
    }

    public static final class Builder {
        private int initialLimit = DEFAULT_INITIAL_LIMIT;
        private int minLimit = DEFAULT_MIN_LIMIT;
        private int maxLimit = DEFAULT_MAX_LIMIT;
        private double rttTolerance = DEFAULT_RTT_TOLERANCE;
        private double smoothing = DEFAULT_SMOOTHING;
        private int longWindow = DEFAULT_LONG_WINDOW;

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

        public Builder rttTolerance(double t) {
            rttTolerance = t;
            return this;
        }

        public Builder smoothing(double s) {
            smoothing = s;
            return this;
        }

        public Builder longWindow(int n) {
            longWindow = n;
            return this;
        }

        public GradientConfig build() {
            return new GradientConfig(this);
        }
    }
}
