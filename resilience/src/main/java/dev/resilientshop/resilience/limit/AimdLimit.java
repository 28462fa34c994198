package dev.resilientshop.resilience.limit;

import dev.resilientshop.resilience.core.Validate;

/**
 * Additive increase, multiplicative decrease: seed 002's {@code AdaptiveLimit}, line for line.
 *
 * <p>Failure it prevents (seed 002): a static bulkhead size is "a guess" from a meeting; when
 * the inventory replica slows from 12 ms to 480 ms, a fixed 80 slots keep 80 slow calls in
 * flight. AIMD notices the queueing first and halves the limit ("from ~80 to ~40"), then walks
 * it back up when latency recovers.
 *
 * <p>How it works, per completed call:
 * <ol>
 * <li>{@code minRtt} = the lowest round-trip ever seen: the no-queue baseline.
 * <li>On error or {@code rtt > 2 × minRtt} (queueing): {@code limit = max(min, limit / 2)}.
 * <li>Else, if the limit was fully used ({@code inFlight >= limit}) and below the ceiling: {@code limit + 1}.
 *     Idle traffic never inflates it.
 * </ol>
 * Settings ({@link AimdConfig}): initial 20, floor 1, ceiling 200, backoff ratio 0.5, queueing
 * threshold 2.0 × minRtt.
 *
 * <p>Thread-safety: {@link #onSample} is synchronized, as the seed's mutex; {@link #limit()} is
 * a volatile read. Place: inside an {@link AdaptiveLimiter}, where a pipeline would put a bulkhead.
 */
final class AimdLimit implements Limit {

    private final AimdConfig config;
    private volatile int limit;
    private long minRttNanos;

    AimdLimit(AimdConfig config) {
        this.config = config;
        this.limit = config.initialLimit();
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public synchronized int onSample(long rttNanos, int inFlight, boolean dropped) {
        Validate.atLeast("inFlight", inFlight, 0);
        if (minRttNanos == 0 || rttNanos < minRttNanos) {
            minRttNanos = rttNanos;
        }
        if (dropped || rttNanos > config.queueingThreshold() * minRttNanos) {
            limit = Math.max(config.minLimit(), (int) (limit * config.backoffRatio()));
        } else if (inFlight >= limit && limit < config.maxLimit()) {
            limit++;
        }
        return limit;
    }

    synchronized long minRttNanos() {
        return minRttNanos;
    }
}
