package dev.resilientshop.resilience.bulkhead;

/**
 * The one interface a fixed {@link Bulkhead} and an adaptive limit share, so a pipeline can
 * swap one for the other (seed 002: adaptive limits are "self-tuning bulkheads").
 *
 * <p>Like Netflix concurrency-limits' {@code Limiter}: {@link #tryAcquire()} gives a token or
 * {@code null}; the caller reports exactly one outcome on it, with the measured round-trip time
 * as data, which is what an adaptive limit learns from.
 */
public interface ConcurrencyLimiter {

    /** A token for one call, or {@code null} when the limit is reached (fail fast). */
    Token tryAcquire();

    String name();

    /** Calls holding a token now. */
    int inFlight();

    /** The current limit (fixed for a bulkhead, moving for an adaptive limit). */
    int limit();

    /** Calls refused since creation. */
    long rejectedCount();

    /** Back to the initial limit (an adaptive limit forgets what it learned; a fixed bulkhead has nothing to forget). */
    default void reset() {}

    /**
     * One admitted call; report exactly one outcome. Implementations should make a second report
     * a no-op (the bulkhead's tokens do), so a bookkeeping retry cannot release a slot twice.
     */
    interface Token {
        /** The call completed normally after {@code rttNanos}. */
        void onSuccess(long rttNanos);

        /** The call failed or timed out (a "drop" to an adaptive limit). */
        void onError(long rttNanos);

        /** The outcome says nothing about the dependency (cancelled, rejected before sending). */
        void onIgnore();
    }
}
