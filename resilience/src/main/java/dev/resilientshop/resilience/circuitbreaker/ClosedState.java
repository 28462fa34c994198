package dev.resilientshop.resilience.circuitbreaker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls flow; outcomes go into the sliding window and a consecutive-failure counter. Trips to
 * OPEN when either says so. The permit is one shared object: the closed success path
 * allocates nothing.
 */
final class ClosedState implements BreakerState {

    private final DefaultCircuitBreaker breaker;
    private final CircuitBreakerConfig config;
    private final long slowNanos;
    private final Window window;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Permit permit = new ClosedPermit();

    ClosedState(DefaultCircuitBreaker breaker) {
        this.breaker = breaker;
        this.config = breaker.config();
        this.slowNanos = config.slowCallDurationThreshold().toNanos();
        this.window = config.windowType() == CircuitBreakerConfig.WindowType.COUNT_BASED
                ? new CountWindow(config)
                : new TimeWindow(config, config.clock());
    }

    @Override
    public State state() {
        return State.CLOSED;
    }

    @Override
    public Permit tryAcquire() {
        return permit;
    }

    @Override
    public long[] totals() {
        return window.totals();
    }

    private void record(long durationNanos, boolean failed) {
        boolean slow = durationNanos > slowNanos;
        int outcome = (failed ? Window.FAILURE : Window.SUCCESS) | (slow ? Window.SLOW : 0);
        boolean consecutiveTrip;
        if (failed) {
            consecutiveTrip = consecutiveFailures.incrementAndGet() >= config.consecutiveFailureThreshold();
        } else {
            consecutiveTrip = false;
            if (consecutiveFailures.get() != 0) { // read first: no cache-line write on the healthy path
                consecutiveFailures.set(0);
            }
        }
        boolean rateTrip = window.recordAndCheck(outcome);
        if (consecutiveTrip || rateTrip) {
            breaker.transition(this, new OpenState(breaker, config.clock().nanoTime()));
        }
    }

    private final class ClosedPermit implements Permit {
        @Override
        public void onSuccess(long durationNanos) {
            record(durationNanos, false);
        }

        @Override
        public void onError(long durationNanos, Throwable error) {
            if (!config.ignoreException().test(error)) {
                record(durationNanos, true);
            }
        }

        @Override
        public void onIgnore() {}
    }
}
