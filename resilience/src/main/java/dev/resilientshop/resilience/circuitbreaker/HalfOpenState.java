package dev.resilientshop.resilience.circuitbreaker;

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
 *
 * <p>Why one slot never yields two probes: the slot itself is the only state. A probe's report
 * counts only if it swaps its own slot from itself to {@link #COMPLETED}; a reclaim swaps the
 * same slot from the expired probe to a new one. Both are compare-and-sets on the same
 * reference from the same expected value, so exactly one wins: either the late report counts
 * and the slot stays used, or the slot goes to a new probe and the late report is ignored. (An
 * earlier version kept a separate "done" flag: a reclaimer could read the flag as unset, the
 * late report then set it and counted, and the reclaim still succeeded: two probes, one slot.)
 */
final class HalfOpenState implements BreakerState {

    /** Marks a slot whose probe has reported: it is used up for this episode. */
    private static final Permit COMPLETED = new Permit() {
        @Override
        public void onSuccess(long durationNanos) {}

        @Override
        public void onError(long durationNanos, Throwable error) {}

        @Override
        public void onIgnore() {}
    };

    private final DefaultCircuitBreaker breaker;
    private final CircuitBreakerConfig config;
    private final AtomicReferenceArray<Permit> slots;
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
            Permit p = slots.get(i);
            boolean free = p == null || (p instanceof Probe && nowNanos - ((Probe) p).issuedAtNanos >= lease);
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

        Probe(int slot, long issuedAtNanos) {
            this.slot = slot;
            this.issuedAtNanos = issuedAtNanos;
        }

        /** True once, for the first report of a probe that still owns its slot. */
        private boolean claim(Permit slotAfter) {
            return slots.compareAndSet(slot, this, slotAfter);
        }

        @Override
        public void onSuccess(long durationNanos) {
            if (durationNanos > config.slowCallDurationThreshold().toNanos()) {
                fail();
            } else if (claim(COMPLETED) && successes.incrementAndGet() >= config.permittedProbes()) {
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
            if (claim(COMPLETED)) {
                breaker.transition(
                        HalfOpenState.this,
                        new OpenState(breaker, config.clock().nanoTime()));
            }
        }

        @Override
        public void onIgnore() {
            claim(null); // give the slot to the next caller
        }
    }
}
