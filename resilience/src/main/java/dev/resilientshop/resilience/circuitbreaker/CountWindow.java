package dev.resilientshop.resilience.circuitbreaker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last N outcomes in a ring of ints, with the totals packed into one {@code long}.
 *
 * <p>Failure it prevents: totals that do not match the window. An earlier version swapped the
 * slot ({@code getAndSet}) and adjusted the totals ({@code addAndGet}) as two separate atomic
 * steps. Two threads on the same slot could then apply their adjustments in the other order:
 * a failure evicted before it was counted made the packed failures field borrow, and for a
 * moment a concurrent reader saw ~2 million failures and opened a healthy breaker.
 *
 * <p>Why it is correct now: a record that changes the window (its outcome differs from the
 * one it evicts) swaps the slot and adjusts the totals under one small lock, so the totals
 * always equal the encoded sum of the ring: never negative, never above the window, and every
 * value the totals ever take is checked against the thresholds by the thread that produced it.
 * Readers take no lock: one volatile read of the packed {@code long} is a consistent snapshot
 * of all three counters.
 *
 * <p>The hot path: in a healthy breaker a success lands on a slot that already holds a success;
 * it reads the slot, sees nothing would change and writes nothing, so a permitted call costs
 * one fetch-and-add on the cursor and one volatile read, no lock. The same holds for a failure
 * evicting a failure during an outage (plus one read of the totals for the check). If the ring
 * wraps between that read and the skip, the slot keeps a newer outcome: the window still holds
 * recent calls and the totals still match it.
 */
final class CountWindow implements Window {

    static final int MAX_SIZE = (1 << 20) - 1;
    private static final int BITS = 21;
    private static final long MASK = (1L << BITS) - 1;

    private final int size;
    /** {@link #magic} of {@code size}, for {@link #slotOf}. */
    private final long slotMagic;

    private final CircuitBreakerConfig config;
    private final AtomicIntegerArray ring;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong totals = new AtomicLong();
    private final Object writeLock = new Object();

    CountWindow(CircuitBreakerConfig config) {
        this.config = config;
        this.size = config.windowSize();
        this.slotMagic = magic(size);
        this.ring = new AtomicIntegerArray(size);
    }

    @Override
    public boolean recordAndCheck(int outcome) {
        int slot = nextSlot();
        if (ring.get(slot) == outcome) {
            // nothing changes; a success cannot raise a rate, a failure re-checks the rates as they stand
            return (outcome & (FAILURE | SLOW)) != 0 && exceeds(totals.get());
        }
        long t;
        synchronized (writeLock) {
            int old = ring.get(slot);
            ring.set(slot, outcome);
            t = totals.addAndGet(encode(outcome) - encode(old));
        }
        // every change is checked, a success too: one that fills the window up to
        // minimumNumberOfCalls can be the call that makes the failure rate count
        return exceeds(t);
    }

    /**
     * The next slot. One atomic increment, never a retry loop: under contention a compare-and-set
     * loop on the cursor made two threads take turns failing (2× Resilience4j's synchronized
     * window at 2 threads); {@code getAndIncrement} is one hardware fetch-and-add that always
     * succeeds. When the int wraps (every 2^32 calls) the sequence jumps once; any slot choice
     * keeps the totals exact (class comment).
     */
    private int nextSlot() {
        return slotOf(cursor.getAndIncrement(), size, slotMagic);
    }

    /** ⌈2^64 / size⌉ as an unsigned {@code long} (0 for a size of 1, whose only slot is 0). */
    static long magic(int size) {
        return Long.divideUnsigned(-1L, size) + 1;
    }

    /**
     * {@code Integer.remainderUnsigned(cursor, size)} without a division, with {@code magic =
     * magic(size)}: the method of Lemire, Kaser and Kurz ("Faster remainder by direct computation",
     * 2019), exact for every 32-bit dividend and divisor. The unsigned remainder compiles to a
     * 64-bit division, tens of cycles on every call of the breaker; this is two multiplications.
     */
    static int slotOf(int cursor, int size, long magic) {
        long low = magic * Integer.toUnsignedLong(cursor);
        // the high 64 bits of the unsigned product low × size (size > 0)
        return (int) (Math.multiplyHigh(low, size) + ((low >> 63) & size));
    }

    private boolean exceeds(long t) {
        return Window.exceeds(t & MASK, (t >>> BITS) & MASK, (t >>> (2 * BITS)) & MASK, config);
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
