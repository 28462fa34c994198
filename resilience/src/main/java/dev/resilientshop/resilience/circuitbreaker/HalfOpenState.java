package dev.resilientshop.resilience.circuitbreaker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * At most {@code permittedProbes} calls get through; each holds one slot of a fixed array,
 * claimed by compare-and-set, so concurrent callers beyond N are refused (seed 002's "multiple
 * probe requests hit the recovering service" cannot happen). N successes close the breaker;
 * one failure re-opens it.
 *
 * <p>A probe that is never completed would keep its slot forever and the breaker stuck in
 * half-open (resilience4j issues #903, #1432). Here every probe carries a lease: once it is
 * older than {@code probeLease} and still incomplete, the next caller takes its slot, and the
 * stale probe's late report is ignored.
 */
final class HalfOpenState implements BreakerState {

    private final DefaultCircuitBreaker breaker;
    private final CircuitBreakerConfig config;
    private final AtomicReferenceArray<Probe> slots;
    private final AtomicInteger successes = new AtomicInteger();

    HalfOpenState(DefaultCircuitBreaker breaker) {
        this.breaker = breaker;
        this.config = breaker.config();
        this.slots = new AtomicReferenceArray<>(config.permittedProbes());
    }

    @Override
    public State state() {
        return State.HALF_OPEN;
    }

    @Override
    public Permit tryAcquire() {
        long nowNanos = config.clock().nanoTime();
        long lease = config.probeLease().toNanos();
        for (int i = 0; i < slots.length(); i++) {
            Probe p = slots.get(i);
            boolean free = p == null || (!p.done.get() && nowNanos - p.issuedAtNanos >= lease);
            if (free) {
                Probe probe = new Probe(i, nowNanos);
                if (slots.compareAndSet(i, p, probe)) {
                    return probe;
                }
            }
        }
        return null;
    }

    private final class Probe implements Permit {
        final int slot;
        final long issuedAtNanos;
        final AtomicBoolean done = new AtomicBoolean();

        Probe(int slot, long issuedAtNanos) {
            this.slot = slot;
            this.issuedAtNanos = issuedAtNanos;
        }

        /** True once, for the first report of a probe that still owns its slot. */
        private boolean claim() {
            return done.compareAndSet(false, true) && slots.get(slot) == this;
        }

        @Override
        public void onSuccess(long durationNanos) {
            if (durationNanos > config.slowCallDurationThreshold().toNanos()) {
                fail();
            } else if (claim() && successes.incrementAndGet() >= config.permittedProbes()) {
                breaker.transition(HalfOpenState.this, new ClosedState(breaker));
            }
        }

        @Override
        public void onError(long durationNanos, Throwable error) {
            if (config.ignoreException().test(error)) {
                onIgnore();
            } else {
                fail();
            }
        }

        private void fail() {
            if (claim()) {
                breaker.transition(HalfOpenState.this, new OpenState(breaker, config.clock().nanoTime()));
            }
        }

        @Override
        public void onIgnore() {
            if (claim()) {
                slots.compareAndSet(slot, this, null); // give the slot to the next caller
            }
        }
    }
}
