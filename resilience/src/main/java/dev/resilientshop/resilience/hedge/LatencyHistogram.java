package dev.resilientshop.resilience.hedge;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rolling latency histogram: where the hedge delay ("the dependency's measured p95", seed
 * 002) and the ops page's p50/p99 come from.
 *
 * <p>Log-linear buckets over microseconds: exact below 16 µs, then 8 buckets per power of two
 * (at most 12.5% error), up to about 2^40 µs. Two generations of {@code window} length each:
 * percentiles read both, recording goes to the newer, and the older is dropped when a window
 * passes, so the answer follows the last one to two windows of traffic.
 *
 * <p>Recording is one atomic increment into a preallocated array: no allocation, no lock
 * (rotation, once per window, swaps a reference). Thread-safe.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 3;
    private static final int BUCKETS = 16 + (40 - 4) * (1 << SUB_BITS);

    private final Clock clock;
    private final long windowNanos;
    private final AtomicReference<Generation> generations;

    private record Generation(AtomicLongArray current, AtomicLongArray previous, long startNanos) {}

    public LatencyHistogram(Duration window, Clock clock) {
        this.clock = clock;
        this.windowNanos = window.toNanos();
        this.generations = new AtomicReference<>(
                new Generation(new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS), clock.nanoTime()));
    }

    public void record(long nanos) {
        record(nanos, clock.nanoTime());
    }

    /** As {@link #record(long)} when the caller has just read the clock anyway. */
    public void record(long nanos, long nowNanos) {
        generation(nowNanos).current().incrementAndGet(index(Math.max(0, nanos) / 1000));
    }

    /** The latency below which {@code quantile} (e.g. 0.95) of recent samples fall, in nanos; 0 if empty. */
    public long percentileNanos(double quantile) {
        Generation g = generation();
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += g.current().get(i) + g.previous().get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += g.current().get(i) + g.previous().get(i);
            if (seen >= rank) {
                return upperBoundMicros(i) * 1000;
            }
        }
        return upperBoundMicros(BUCKETS - 1) * 1000;
    }

    /** Forgets every sample. */
    public void reset() {
        generations.set(new Generation(new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS), clock.nanoTime()));
    }

    /** Samples in the current and previous window. */
    public long count() {
        Generation g = generation();
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += g.current().get(i) + g.previous().get(i);
        }
        return total;
    }

    private Generation generation() {
        return generation(clock.nanoTime());
    }

    private Generation generation(long now) {
        Generation g = generations.get();
        if (now - g.startNanos() < windowNanos) {
            return g;
        }
        Generation next = new Generation(
                new AtomicLongArray(BUCKETS),
                now - g.startNanos() < 2 * windowNanos ? g.current() : new AtomicLongArray(BUCKETS),
                now);
        return generations.compareAndSet(g, next) ? next : generations.get();
    }

    static int index(long micros) {
        if (micros < 16) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & ((1 << SUB_BITS) - 1);
        return Math.min(BUCKETS - 1, 16 + (exponent - 4) * (1 << SUB_BITS) + sub);
    }

    static long upperBoundMicros(int index) {
        if (index < 16) {
            return index;
        }
        int exponent = (index - 16) / (1 << SUB_BITS) + 4;
        int sub = (index - 16) % (1 << SUB_BITS);
        return ((long) ((1 << SUB_BITS) + sub + 1) << (exponent - SUB_BITS)) - 1;
    }
}
