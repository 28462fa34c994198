package dev.resilientshop.resilience.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference models of the limits, written from the rules in docs/patterns/adaptive-limit.md and
 * the javadoc, not from the implementation: synchronized, unoptimized (the AIMD baseline keeps
 * every sample and scans them), same clock values passed in as data. The property tests in
 * {@link LimitModelPropertyTest} run the real classes and these side by side.
 */
final class LimitModels {

    private LimitModels() {}

    /** AIMD: drops cut; successes feed two averages; the baseline is the lowest slow average in the last 10 slots. */
    static final class Aimd {
        private final AimdConfig c;
        private final List<long[]> slowAverages = new ArrayList<>(); // {time, value}
        private int limit;
        private long successes;
        private double quick;
        private double slow;
        private Long lastCut; // null: never cut

        Aimd(AimdConfig config) {
            this.c = config;
            this.limit = config.initialLimit();
        }

        synchronized int limit() {
            return limit;
        }

        synchronized void onSample(long now, long rttNanos, int inFlight, boolean dropped) {
            if (dropped) {
                cut(now);
                return;
            }
            long rtt = Math.max(1, rttNanos);
            successes++;
            quick += Math.max(c.rttSmoothing(), 1.0 / successes) * (rtt - quick);
            slow += Math.max(c.baselineSmoothing(), 1.0 / successes) * (rtt - slow);
            if (successes * c.baselineSmoothing() >= 1) {
                slowAverages.add(new long[] {now, Math.round(slow)});
            }
            long baseline = baseline(now);
            boolean queueing = quick > c.queueingThreshold() * baseline;
            if (queueing) {
                if (lastCut == null || now - lastCut >= Math.min(quick, baseline)) {
                    cut(now);
                }
            } else if (inFlight >= c.growWhenUsed() * limit && limit < c.maxLimit()) {
                limit = limit + 1;
            }
        }

        synchronized long baseline(long now) {
            long slotNanos = Math.max(1, c.baselineWindow().toNanos() / 10);
            long currentSlot = Math.floorDiv(now, slotNanos);
            long min = Long.MAX_VALUE;
            for (long[] sample : slowAverages) {
                long slot = Math.floorDiv(sample[0], slotNanos);
                if (slot > currentSlot - 10 && slot <= currentSlot) {
                    min = Math.min(min, sample[1]);
                }
            }
            return min;
        }

        private void cut(long now) {
            limit = Math.max(c.minLimit(), (int) (limit * c.backoffRatio()));
            lastCut = now;
        }
    }

    /** Gradient: successes feed the long average; drops are gradient 0.5; app-limited under half. */
    static final class Gradient {
        private final GradientConfig c;
        private final List<Long> successRtts = new ArrayList<>();
        private double estimate;
        private double longRtt;

        Gradient(GradientConfig config) {
            this.c = config;
            this.estimate = config.initialLimit();
        }

        synchronized int limit() {
            return (int) estimate;
        }

        synchronized void onSample(long rttNanos, int inFlight, boolean dropped) {
            long rtt = Math.max(1, rttNanos);
            if (!dropped) {
                successRtts.add(rtt);
                int n = successRtts.size();
                double alpha = 2.0 / (Math.min(n, c.longWindow()) + 1);
                longRtt = n == 1 ? rtt : longRtt * (1 - alpha) + rtt * alpha;
                if (longRtt > 2.0 * rtt) {
                    longRtt = longRtt * 0.95;
                }
                if (inFlight < estimate / 2) {
                    return;
                }
            }
            double gradient = dropped ? 0.5 : Math.max(0.5, Math.min(1.0, c.rttTolerance() * longRtt / rtt));
            double target = estimate * gradient + Math.sqrt(estimate);
            double next = estimate * (1 - c.smoothing()) + target * c.smoothing();
            estimate = Math.max(c.minLimit(), Math.min(c.maxLimit(), next));
        }
    }
}
