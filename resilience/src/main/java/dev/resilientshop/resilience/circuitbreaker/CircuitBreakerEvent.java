package dev.resilientshop.resilience.circuitbreaker;

import java.time.Instant;

/** Events a breaker publishes synchronously to its listeners. */
public sealed interface CircuitBreakerEvent {

    String breakerName();

    Instant at();

    /** The breaker moved between states; published once per transition, by the thread that won it. */
    record StateTransitioned(String breakerName, StateTransition transition, Instant at)
            implements CircuitBreakerEvent {}

    /** A call was refused (open, or half-open with every probe permit taken). */
    record CallRejected(String breakerName, State state, Instant at) implements CircuitBreakerEvent {}
}
