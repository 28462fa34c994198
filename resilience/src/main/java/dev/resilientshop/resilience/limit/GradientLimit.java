package dev.resilientshop.resilience.limit;

/**
 * A gradient limit after Netflix concurrency-limits' {@code Gradient2Limit}: instead of a fixed
 * "2 × minRTT" trigger, it compares a long-term RTT average (the dependency's normal) with the
 * latest sample and scales the limit by their ratio.
 *
 * <p>Why an alternative to AIMD: seed 002's AIMD keeps {@code minRtt} forever, so one lucky
 * fast sample, or a dependency whose normal latency rises for good, leaves it halving at every
 * ordinary call. The long-term average follows such drifts.
 *
 * <pre>
 * longRtt   = exponential average of the last ~longWindow samples
 * gradient  = clamp(tolerance × longRtt / rtt, 0.5, 1.0)   // 1.0: no queueing
 * newLimit  = limit × gradient + √limit                     // √limit: room for a small queue
 * limit     = limit × (1 − smoothing) + newLimit × smoothing, within [min, max]
 * </pre>
 * A drop (error, timeout) counts as gradient 0.5. When fewer than half the slots are in use the
 * limit does not grow (app-limited: the samples say nothing about capacity).
 *
 * <p>Thread-safety: {@link #onSample} is synchronized; {@link #limit()} is a volatile read.
 */
final class GradientLimit implements Limit {

    private final GradientConfig config;
    private volatile int limit;
    private double estimatedLimit;
    private double longRttNanos;
    private long samples;

    GradientLimit(GradientConfig config) {
        this.config = config;
        this.estimatedLimit = config.initialLimit();
        this.limit = config.initialLimit();
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        samples++;
        double alpha = 2.0 / (Math.min(samples, config.longWindow()) + 1);
        longRttNanos = samples == 1 ? rttNanos : longRttNanos * (1 - alpha) + rttNanos * alpha;
        if (!dropped && inFlight < estimatedLimit / 2) {
            return limit; // app-limited
        }
        double gradient = dropped ? 0.5 : Math.max(0.5, Math.min(1.0, config.rttTolerance() * longRttNanos / rttNanos));
        double target = estimatedLimit * gradient + Math.sqrt(estimatedLimit);
        double next = estimatedLimit * (1 - config.smoothing()) + target * config.smoothing();
        estimatedLimit = Math.max(config.minLimit(), Math.min(config.maxLimit(), next));
        limit = (int) estimatedLimit;
        return limit;
    }
}
