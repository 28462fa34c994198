package dev.resilientshop.resilience.bulkhead;

import dev.resilientshop.resilience.deadline.Deadline;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** {@link Bulkhead} on a semaphore; the token releases one permit, whatever the outcome. */
final class SemaphoreBulkhead implements Bulkhead {

    private final String name;
    private final BulkheadConfig config;
    private final Semaphore permits;
    private final LongAdder rejected = new LongAdder();
    private final Token token = new Token() {
        @Override
        public void onSuccess(long rttNanos) {
            permits.release();
        }

        @Override
        public void onError(long rttNanos) {
            permits.release();
        }

        @Override
        public void onIgnore() {
            permits.release();
        }
    };

    SemaphoreBulkhead(String name, BulkheadConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Semaphore(config.maxConcurrentCalls());
    }

    @Override
    public Token tryAcquire() {
        if (permits.tryAcquire()) {
            return token;
        }
        rejected.increment();
        return null;
    }

    @Override
    public Token acquire(Deadline deadline) throws InterruptedException {
        long waitNanos = Math.min(config.maxWait().toNanos(), deadline.remainingNanos());
        boolean acquired = waitNanos <= 0 ? permits.tryAcquire() : permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        if (!acquired) {
            rejected.increment();
            throw new BulkheadFullException(name, config.maxConcurrentCalls());
        }
        return token;
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
