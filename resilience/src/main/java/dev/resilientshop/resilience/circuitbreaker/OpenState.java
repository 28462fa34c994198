package dev.resilientshop.resilience.circuitbreaker;

/**
 * Every call is refused until {@code resetTimeout} has passed since opening; the first caller
 * after that moves the breaker to HALF_OPEN (one compare-and-set: exactly one thread wins, the
 * others read the new state and compete for its probe permits).
 */
final class OpenState implements BreakerState {

    private final DefaultCircuitBreaker breaker;
    private final long openedAtNanos;
    private final long resetNanos;

    OpenState(DefaultCircuitBreaker breaker, long openedAtNanos) {
        this.breaker = breaker;
        this.openedAtNanos = openedAtNanos;
        this.resetNanos = breaker.config().resetTimeout().toNanos();
    }

    @Override
    public State state() {
        return State.OPEN;
    }

    @Override
    public Permit tryAcquire() {
        long nowNanos = breaker.config().clock().nanoTime();
        if (nowNanos - openedAtNanos < resetNanos) {
            return null;
        }
        breaker.transition(this, new HalfOpenState(breaker));
        BreakerState current = breaker.current();
        return current == this ? null : current.tryAcquire();
    }
}
