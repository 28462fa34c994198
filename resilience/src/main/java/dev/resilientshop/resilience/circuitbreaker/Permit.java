package dev.resilientshop.resilience.circuitbreaker;

import java.time.Duration;

/**
 * Permission to make one call, and the way to report how it went (seed 001's
 * allow → call → record style). Report exactly one outcome per permit.
 *
 * <p>In the closed state the permit is a shared, stateless object, so acquiring it allocates
 * nothing. In half-open it is a probe with a lease: if it is never completed (the caller
 * swallowed the outcome, or was cancelled) it expires after
 * {@link CircuitBreakerConfig#probeLease()} and another probe is admitted.
 */
public interface Permit {

    /** The call succeeded after {@code durationNanos} (a slow success may still count as a failure). */
    void onSuccess(long durationNanos);

    /** The call failed; ignored exceptions (a 404, a business decline) do not count. */
    void onError(long durationNanos, Throwable error);

    /** The outcome says nothing about the dependency (cancelled, e.g. a hedging loser): forget the call. */
    void onIgnore();

    default void onSuccess(Duration duration) {
        onSuccess(duration.toNanos());
    }

    default void onError(Duration duration, Throwable error) {
        onError(duration.toNanos(), error);
    }
}
