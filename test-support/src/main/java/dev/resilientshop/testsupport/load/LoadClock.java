package dev.resilientshop.testsupport.load;

import java.util.concurrent.locks.LockSupport;

/**
 * The generator's notion of time, so its schedule can be tested without waiting: the real one
 * reads {@link System#nanoTime()} and parks; a test's advances a counter.
 */
public interface LoadClock {

    long nanoTime();

    /** Returns at or after {@code deadlineNanos} (may be late: a loaded machine wakes us late). */
    void parkUntil(long deadlineNanos) throws InterruptedException;

    LoadClock SYSTEM = new LoadClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) throws InterruptedException {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    };
}
