package dev.resilientshop.resilience.limit;

import java.time.Duration;
import java.util.Arrays;

/**
 * The lowest value recorded during about the last window: the window is cut into {@value #SLOTS}
 * time slots, and the minimum covers the current slot and the nine before it (so a value counts
 * for between 90% and 100% of the window). Constant memory, however many samples arrive.
 *
 * <p>Failure it prevents: seed 002's "lowest RTT ever seen" never rises again, so one lucky fast
 * call (or a dependency whose normal latency rose for good) makes every later call look like
 * queueing. A windowed minimum forgets such a value after one window.
 *
 * <p>Not thread-safe: the limit that owns it calls it under its own lock.
 */
final class WindowedMin {

    static final int SLOTS = 10;
    static final long EMPTY = Long.MAX_VALUE;

    private final long slotNanos;
    private final long[] slotIds = new long[SLOTS];
    private final long[] mins = new long[SLOTS]; // meaningful only where slotIds says the slot is recent

    WindowedMin(Duration window) {
        this.slotNanos = Math.max(1, window.toNanos() / SLOTS);
        Arrays.fill(slotIds, Long.MIN_VALUE); // no slot yet (slot 0 is a real slot on a clock that starts at 0)
    }

    void record(long nowNanos, long value) {
        long slot = Math.floorDiv(nowNanos, slotNanos);
        int i = (int) Math.floorMod(slot, SLOTS);
        if (slotIds[i] != slot) {
            slotIds[i] = slot;
            mins[i] = value;
        } else if (value < mins[i]) {
            mins[i] = value;
        }
    }

    void clear() {
        Arrays.fill(slotIds, Long.MIN_VALUE);
    }

    /** The minimum of the values recorded in the last {@value #SLOTS} slots, or {@link #EMPTY}. */
    long min(long nowNanos) {
        long slot = Math.floorDiv(nowNanos, slotNanos);
        long min = EMPTY;
        for (int i = 0; i < SLOTS; i++) {
            if (slotIds[i] > slot - SLOTS && slotIds[i] <= slot && mins[i] < min) {
                min = mins[i];
            }
        }
        return min;
    }
}
