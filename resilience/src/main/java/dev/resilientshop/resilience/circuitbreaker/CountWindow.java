package dev.resilientshop.resilience.circuitbreaker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last N outcomes in a ring of ints, with the totals packed into one {@code long}.
 *
 * <p>Why it is correct without a lock: each record claims the next slot from {@code cursor}
 * and swaps its outcome in with {@code getAndSet}, so every outcome that ever enters the ring
 * is evicted at most once, by exactly one thread (even if two threads ever land on the same
 * slot, each swap evicts exactly the value before it). That thread adds
 * {@code encode(new) − encode(old)} to {@code totals} in one atomic add, so after any set of
 * records completes, the totals equal the ring's contents: nothing lost, nothing counted twice.
 * A reader between a swap and its add sees totals one call behind, which a 100-call rate does
 * not notice. The thresholds are checked on the value returned by that same add, a consistent
 * snapshot of all three counters.
 *
 * <p>The hot path: in a healthy breaker a success lands on a slot that already holds a success;
 * it reads the slot, sees nothing would change and writes nothing, so a permitted call costs
 * one compare-and-set on the cursor and one volatile read. (If the ring wraps between that read
 * and the skip, the slot keeps a newer outcome: the window still holds recent calls and the
 * totals still match it.)
 */
final class CountWindow implements Window {

    static final int MAX_SIZE = (1 << 20) - 1;
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private final int size;
    private final CircuitBreakerConfig config;
    private final AtomicIntegerArray ring;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong totals = new AtomicLong();

    CountWindow(CircuitBreakerConfig config) {
        this.config = config;
        this.size = config.windowSize();
        this.ring = new AtomicIntegerArray(size);
    }

    @Override
    public boolean recordAndCheck(int outcome) {
        int slot = nextSlot();
        if (ring.get(slot) == outcome) {
            return false; // a success evicting a success: nothing to write, rates unchanged
        }
        int old = ring.getAndSet(slot, outcome);
        long delta = encode(outcome) - encode(old);
        if (delta == 0) {
            return false; // same outcome replaced: rates unchanged
        }
        long t = totals.addAndGet(delta);
        return (outcome & (FAILURE | SLOW)) != 0
                && Window.exceeds(t & MASK, (t >>> BITS) & MASK, (t >>> (2 * BITS)) & MASK, config);
    }

    /**
     * The next slot. One atomic increment, never a retry loop: under contention a compare-and-set
     * loop on the cursor made two threads take turns failing (2× Resilience4j's synchronized
     * window at 2 threads); {@code getAndIncrement} is one hardware fetch-and-add that always
     * succeeds. When the int wraps (every 2^32 calls) the sequence jumps once; any slot choice
     * keeps the totals exact (class comment).
     */
    private int nextSlot() {
        return Integer.remainderUnsigned(cursor.getAndIncrement(), size);
    }

    @Override
    public long[] totals() {
        long t = totals.get();
        return new long[] {t & MASK, (t >>> BITS) & MASK, (t >>> (2 * BITS)) & MASK};
    }

    private static long encode(int outcome) {
        if (outcome == 0) {
            return 0; // empty slot
        }
        long e = 1;
        if ((outcome & FAILURE) != 0) {
            e += 1L << BITS;
        }
        if ((outcome & SLOW) != 0) {
            e += 1L << (2 * BITS);
        }
        return e;
    }
}
