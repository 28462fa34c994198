package dev.resilientshop.resilience.circuitbreaker;

import dev.resilientshop.resilience.core.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcomes of the last N seconds, in N one-second buckets.
 *
 * <p>Each bucket is one {@code long}: {@code [epoch 12 bits | calls 18 | failures 17 | slow 17]}.
 * A record rolls a stale bucket over and counts into it in the same compare-and-set, so a
 * bucket can never be reset after a count landed in it (no lost counts at second boundaries).
 *
 * <p>Failure it prevents: a writer that read the clock, was descheduled for longer than the
 * window, and then reset the bucket that meanwhile belonged to a newer turn of the ring,
 * erasing the counts of the last second. A writer only rolls a bucket over after re-reading
 * the clock and finding its own second still inside the window; since the clock is monotonic,
 * no newer turn can have written that bucket yet (a newer write would also fail its
 * compare-and-set), so an epoch never moves backwards. A writer whose second has left the
 * window drops its outcome: a fresh reading would not count it either.
 * The epoch is {@code (second / N) mod 4096}: a bucket untouched for exactly a multiple of
 * 4096·N seconds could be mistaken for current, a limit we accept. Counts saturate at
 * 131,071 failures per second per breaker; rates stay right as long as calls do not saturate
 * too (262,143 per second).
 *
 * <p>Reading the totals sums N buckets (N ≤ 3600; 100 by default is 100 loads). Every record
 * reads them, successes included (see {@link #recordAndCheck}); the count window is the one
 * with the allocation-free success path.
 */
final class TimeWindow implements Window {

    static final int MAX_SECONDS = 3600;
    private static final long BUCKET_NANOS = 1_000_000_000L;
    private static final long EPOCH_MASK = (1L << 12) - 1;
    private static final long CALLS_MAX = (1L << 18) - 1;
    private static final long SMALL_MAX = (1L << 17) - 1;

    private final int buckets;
    private final long originNanos;
    private final CircuitBreakerConfig config;
    private final Clock clock;
    private final AtomicLongArray data;

    TimeWindow(CircuitBreakerConfig config, Clock clock) {
        this.config = config;
        this.buckets = config.windowSize();
        this.clock = clock;
        this.originNanos = clock.nanoTime();
        this.data = new AtomicLongArray(buckets);
    }

    @Override
    public boolean recordAndCheck(int outcome) {
        long second = secondAt(clock.nanoTime());
        int slot = (int) (second % buckets);
        long epoch = (second / buckets) & EPOCH_MASK;
        long v;
        long next;
        do {
            v = data.get(slot);
            if (epochOf(v) == epoch) {
                next = add(v, outcome);
            } else if (secondAt(clock.nanoTime()) - second >= buckets) {
                // this writer read the clock a whole window ago: its outcome has left the window,
                // and the bucket may already hold a newer turn's counts, which it must not reset
                return false;
            } else {
                next = add(epoch << 52, outcome); // roll the bucket over and count, in one step
            }
        } while (!data.compareAndSet(slot, v, next));
        // checked on every outcome: a success that brings the window up to minimumNumberOfCalls
        // can be the call that makes the failure (or slow-call) rate count
        long[] t = totals();
        return Window.exceeds(t[0], t[1], t[2], config);
    }

    private long secondAt(long nowNanos) {
        return Math.max(0, nowNanos - originNanos) / BUCKET_NANOS;
    }

    @Override
    public long[] totals() {
        long second = secondAt(clock.nanoTime());
        long calls = 0;
        long failures = 0;
        long slow = 0;
        for (int back = 0; back < buckets && back <= second; back++) {
            long s = second - back;
            long v = data.get((int) (s % buckets));
            if (epochOf(v) == ((s / buckets) & EPOCH_MASK)) {
                calls += (v >>> 34) & CALLS_MAX;
                failures += (v >>> 17) & SMALL_MAX;
                slow += v & SMALL_MAX;
            }
        }
        return new long[] {calls, failures, slow};
    }

    private static long epochOf(long v) {
        return v >>> 52;
    }

    private static long add(long v, int outcome) {
        long calls = (v >>> 34) & CALLS_MAX;
        long failures = (v >>> 17) & SMALL_MAX;
        long slow = v & SMALL_MAX;
        if (calls < CALLS_MAX) {
            calls++;
        }
        if ((outcome & FAILURE) != 0 && failures < SMALL_MAX) {
            failures++;
        }
        if ((outcome & SLOW) != 0 && slow < SMALL_MAX) {
            slow++;
        }
        return (epochOf(v) << 52) | (calls << 34) | (failures << 17) | slow;
    }
}
