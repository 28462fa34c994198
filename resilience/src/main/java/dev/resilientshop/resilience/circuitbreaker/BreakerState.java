package dev.resilientshop.resilience.circuitbreaker;

/**
 * One state of the machine. A new instance is created on every transition, so each instance
 * is one episode ("this time we were open, since t"), and a permit or probe that reports late
 * reports into the episode it came from, never into the current one.
 */
interface BreakerState {

    State state();

    /** A permit, or {@code null} when this state refuses the call. */
    Permit tryAcquire();

    /** Totals of the current window, {@code {calls, failures, slowCalls}}; zeros outside closed. */
    default long[] totals() {
        return new long[3];
    }
}
