package dev.resilientshop.testsupport.load;

/** A clock that only moves when told: parking jumps to the deadline (plus an optional oversleep). */
final class ManualLoadClock implements LoadClock {

    private long now = 1_000_000_000L;
    long oversleepNanos;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void parkUntil(long deadlineNanos) {
        if (deadlineNanos > now) {
            now = deadlineNanos + oversleepNanos;
        }
    }

    synchronized void set(long nanos) {
        now = nanos;
    }

    synchronized void advance(long nanos) {
        now += nanos;
    }
}
