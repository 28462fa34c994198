package dev.resilientshop.resilience.circuitbreaker;

/**
 * Every legal move of the state machine, in one place (after resilience4j's
 * {@code StateTransition}). Anything not listed here is a bug and throws.
 *
 * <pre>
 * CLOSED    → OPEN       failure rate, slow-call rate or consecutive failures over threshold
 * OPEN      → HALF_OPEN  reset timeout elapsed (first caller after it makes the move)
 * HALF_OPEN → CLOSED     enough probes succeeded, or manual {@link CircuitBreaker#reset()}
 * HALF_OPEN → OPEN       a probe failed
 * OPEN      → CLOSED     manual {@link CircuitBreaker#reset()} (drills, operators)
 * CLOSED    → CLOSED     manual reset of a closed breaker clears its window
 * </pre>
 */
public enum StateTransition {
    CLOSED_TO_OPEN(State.CLOSED, State.OPEN),
    OPEN_TO_HALF_OPEN(State.OPEN, State.HALF_OPEN),
    HALF_OPEN_TO_CLOSED(State.HALF_OPEN, State.CLOSED),
    HALF_OPEN_TO_OPEN(State.HALF_OPEN, State.OPEN),
    OPEN_TO_CLOSED(State.OPEN, State.CLOSED),
    CLOSED_TO_CLOSED(State.CLOSED, State.CLOSED);

    private final State from;
    private final State to;

    StateTransition(State from, State to) {
        this.from = from;
        this.to = to;
    }

    public State from() {
        return from;
    }

    public State to() {
        return to;
    }

    /** The transition between two states, or {@link IllegalStateException} if it is not legal. */
    public static StateTransition between(State from, State to) {
        for (StateTransition t : values()) {
            if (t.from == from && t.to == to) {
                return t;
            }
        }
        throw new IllegalStateException("illegal circuit breaker transition " + from + " → " + to);
    }
}
