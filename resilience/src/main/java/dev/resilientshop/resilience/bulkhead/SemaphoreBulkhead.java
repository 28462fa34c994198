package dev.resilientshop.resilience.bulkhead;

import dev.resilientshop.resilience.deadline.Deadline;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link Bulkhead} on a semaphore. Each acquisition gets its own token, which releases one
 * permit the first time any outcome is reported on it and nothing after that: a second report
 * (a retry of the bookkeeping after an exception, a buggy caller) cannot mint a permit, so
 * {@link #inFlight()} never goes negative and the bulkhead never admits more than its size.
 */
final class SemaphoreBulkhead implements Bulkhead {

    private final String name;
    private final BulkheadConfig config;
    private final Semaphore permits;
    private final LongAdder rejected = new LongAdder();

    /**
     * One admitted call; 24 bytes and one compare-and-set is the price of idempotent release.
     * A field updater rather than {@code extends AtomicBoolean}: the same compare-and-set, but
     * through {@code Unsafe}, which is cheap in code the JIT has not compiled yet as well, where
     * {@code AtomicBoolean}'s {@code VarHandle} is slow (docs/benchmarks.md, bulkhead).
     */
    private final class OnceToken implements Token {
        volatile int released; // 0 held, 1 released; package-private for the updater

        @Override
        public void onSuccess(long rttNanos) {
            release();
        }

        @Override
        public void onError(long rttNanos) {
            release();
        }

        @Override
        public void onIgnore() {
            release();
        }

        private void release() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                permits.release();
            }
        }
    }

    private static final AtomicIntegerFieldUpdater<OnceToken> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(OnceToken.class, "released");

    SemaphoreBulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Semaphore(config.maxConcurrentCalls());
    }

    @Override
    public Token tryAcquire() {
        if (permits.tryAcquire()) {
            return new OnceToken();
        }
        rejected.increment();
        return null;
    }

    @Override
    public boolean tryAcquireSlot() {
        if (permits.tryAcquire()) {
            return true;
        }
        rejected.increment();
        return false;
    }

    @Override
    public void releaseSlot() {
        permits.release();
    }

    @Override
    public Token acquire(Deadline deadline) throws InterruptedException {
        long waitNanos = Math.min(config.maxWait().toNanos(), deadline.remainingNanos());
        boolean acquired = waitNanos <= 0 ? permits.tryAcquire() : permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        if (!acquired) {
            rejected.increment();
            throw new BulkheadFullException(name, config.maxConcurrentCalls());
        }
        return new OnceToken();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inFlight() {
        return config.maxConcurrentCalls() - permits.availablePermits();
    }

    @Override
    public int limit() {
        return config.maxConcurrentCalls();
    }

    @Override
    public long rejectedCount() {
        return rejected.sum();
    }

    @Override
    public BulkheadConfig config() {
        return config;
    }
}
