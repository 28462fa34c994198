package dev.resilientshop.resilience.hedge;

import static dev.resilientshop.resilience.core.Validate.atLeast;
import static dev.resilientshop.resilience.core.Validate.inHalfOpenRange;
import static dev.resilientshop.resilience.core.Validate.positive;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link Hedging}.
 *
 * <ul>
 * <li>{@code delay}: fixed, or (default) the observed {@code percentile} (default 0.95, seed 002:
 *     "hedging at p50 doubles load for marginal gains; hedging at p99 fires too late") of the
 *     primaries' latency, with {@code initialDelay} (default 50 ms) until {@code minSamples}
 *     (default 100) are seen.
 * <li>{@code maxHedges} 1..3, default 1 extra attempt per call.
 * <li>{@code budgetRatio} (0, 1], default 0.05 (≤ 5% extra calls); {@code budgetReserve} default 5.
 * <li>{@code histogramWindow} default 10 s.
 * </ul>
 */
public final class HedgeConfig {

    public static final double DEFAULT_PERCENTILE = 0.95;
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(50);
    public static final int DEFAULT_MIN_SAMPLES = 100;
    public static final int DEFAULT_MAX_HEDGES = 1;
    public static final double DEFAULT_BUDGET_RATIO = 0.05;
    public static final int DEFAULT_BUDGET_RESERVE = 5;
    public static final Duration DEFAULT_HISTOGRAM_WINDOW = Duration.ofSeconds(10);

    private final Duration fixedDelay;
    private final double percentile;
    private final Duration initialDelay;
    private final int minSamples;
    private final int maxHedges;
    private final double budgetRatio;
    private final int budgetReserve;
    private final Duration histogramWindow;
    private final Clock clock;

    private HedgeConfig(Builder b) {
        fixedDelay = b.fixedDelay == null ? null : positive("delay", b.fixedDelay);
        percentile = inHalfOpenRange("percentile", b.percentile, 0, 1);
        initialDelay = positive("initialDelay", b.initialDelay);
        minSamples = atLeast("minSamples", b.minSamples, 1);
        maxHedges = atLeast("maxHedges", b.maxHedges, 1);
        if (maxHedges > 3) {
            throw new IllegalArgumentException("maxHedges must be <= 3, but was " + maxHedges);
        }
        budgetRatio = inHalfOpenRange("budgetRatio", b.budgetRatio, 0, 1);
        budgetReserve = atLeast("budgetReserve", b.budgetReserve, 1);
        histogramWindow = positive("histogramWindow", b.histogramWindow);
        clock = Objects.requireNonNull(b.clock, "clock");
    }

    public static HedgeConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fixed delay, or {@code null} when the delay follows the percentile. */
    public Duration fixedDelay() {
        return fixedDelay;
    }

    public double percentile() {
        return percentile;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public int minSamples() {
        return minSamples;
    }

    public int maxHedges() {
        return maxHedges;
    }

    public double budgetRatio() {
        return budgetRatio;
    }

    public int budgetReserve() {
        return budgetReserve;
    }

    public Duration histogramWindow() {
        return histogramWindow;
    }

    public Clock clock() {
        return clock;
    }

    public static final class Builder {
        private Duration fixedDelay;
        private double percentile = DEFAULT_PERCENTILE;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private int maxHedges = DEFAULT_MAX_HEDGES;
        private double budgetRatio = DEFAULT_BUDGET_RATIO;
        private int budgetReserve = DEFAULT_BUDGET_RESERVE;
        private Duration histogramWindow = DEFAULT_HISTOGRAM_WINDOW;
        private Clock clock = Clock.system();

        private Builder() {}

        public Builder fixedDelay(Duration d) {
            fixedDelay = d;
            return this;
        }

        public Builder percentileDelay(double p, Duration initial) {
            fixedDelay = null;
            percentile = p;
            initialDelay = initial;
            return this;
        }

        public Builder minSamples(int n) {
            minSamples = n;
            return this;
        }

        public Builder maxHedges(int n) {
            maxHedges = n;
            return this;
        }

        public Builder budget(double ratio, int reserve) {
            budgetRatio = ratio;
            budgetReserve = reserve;
            return this;
        }

        public Builder histogramWindow(Duration d) {
            histogramWindow = d;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public HedgeConfig build() {
            return new HedgeConfig(this);
        }
    }
}
