package dev.resilientshop.resilience.circuitbreaker;

/**
 * What a caller sees when the breaker refuses a call: fast, with the breaker's name and state,
 * so a fallback can say "recommendations unavailable" instead of waiting 5 s for a timeout
 * (seed 002: "fail in microseconds with circuit breaker open").
 *
 * <p>No stack trace is filled in: a rejection is expected control flow, and building a stack
 * trace on every rejected call would make the open state slower than the call it replaces.
 */
public final class CallNotPermittedException extends RuntimeException {

    private final String breakerName;
    private final State state;

    public CallNotPermittedException(String breakerName, State state) {
        super("circuit breaker '" + breakerName + "' is " + state.label() + ": call not permitted", null, false, false);
        this.breakerName = breakerName;
        this.state = state;
    }

    public String breakerName() {
        return breakerName;
    }

    public State state() {
        return state;
    }
}
