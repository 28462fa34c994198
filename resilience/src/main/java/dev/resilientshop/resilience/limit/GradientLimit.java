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
 * A drop (error, timeout) counts as gradient 0.5, and its round trip is no latency sample: a burst
 * of connections refused in 1 µs would otherwise drag the long-term average down, so that every
 * healthy call afterwards looks like queueing (the review's item 6, as for AIMD). When fewer than
 * half the slots are in use the limit does not grow (app-limited: the samples say nothing about
 * capacity). When the latest RTT is under half the long-term average (latency is back to normal
 * after a long overload) the average drops 5% per sample instead of creeping down over
 * {@code longWindow} samples, as Netflix's Gradient2 does.
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
    public synchronized void reset() {
        estimatedLimit = config.initialLimit();
        limit = config.initialLimit();
        longRttNanos = 0;
        samples = 0;
    }

    @Override
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        long rtt = Math.max(1, rttNanos);
        if (!dropped) {
            samples++;
            double alpha = 2.0 / (Math.min(samples, config.longWindow()) + 1);
            longRttNanos = samples == 1 ? rtt : longRttNanos * (1 - alpha) + rtt * alpha;
            if (longRttNanos > 2.0 * rtt) {
                longRttNanos *= 0.95; // back to normal after a long overload: forget the queue faster
            }
            if (inFlight < estimatedLimit / 2) {
                return limit; // app-limited
            }
        }
        double gradient = dropped ? 0.5 : Math.max(0.5, Math.min(1.0, config.rttTolerance() * longRttNanos / rtt));
        double target = estimatedLimit * gradient + Math.sqrt(estimatedLimit);
        double next = estimatedLimit * (1 - config.smoothing()) + target * config.smoothing();
        estimatedLimit = Math.max(config.minLimit(), Math.min(config.maxLimit(), next));
        limit = (int) estimatedLimit;
        return limit;
    }
}
