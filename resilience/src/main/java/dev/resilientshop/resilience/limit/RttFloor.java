package dev.resilientshop.resilience.limit;

import java.time.Duration;

/**
 * Feeds seed 002's AIMD round trips no shorter than a floor. AIMD takes the fastest round trip
 * ever seen as the no-queue baseline and halves on anything above twice that; on loopback the
 * fastest inventory read is a fraction of a millisecond, so a 2 ms read (a context switch on a
 * busy laptop) would count as queueing and the limit would never leave its floor (measured: with
 * a 10 ms floor, 20 clients on the 2-core drill machine pinned it at its minimum while inventory
 * was healthy, and every rejected read showed the snapshot banner). With the default 50 ms floor,
 * "queueing" means a read slower than 100 ms: what a real latency spike looks like. The decision
 * rule itself stays the library's, untouched.
 */
public final class RttFloor implements Limit {

    private final Limit delegate;
    private final long floorNanos;

    public RttFloor(Limit delegate, Duration floor) {
        this.delegate = delegate;
        this.floorNanos = floor.toNanos();
    }

    @Override
    public int limit() {
        return delegate.limit();
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public int onSample(long rttNanos, int inFlight, boolean dropped) {
        return delegate.onSample(Math.max(rttNanos, floorNanos), inFlight, dropped);
    }
}
