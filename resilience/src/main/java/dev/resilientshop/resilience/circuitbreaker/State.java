package dev.resilientshop.resilience.circuitbreaker;

/**
 * The three states a breaker can be in, with the values the metrics export.
 *
 * <p>{@link #gaugeValue()} is what {@code circuit_breaker_state} reports (0 closed, 1 open,
 * 2 half-open); {@link #label()} is the lowercase label value used in
 * {@code circuit_breaker_state_changes_total{from_state,to_state}}, so seed 002's alert
 * {@code to_state="open"} matches.
 */
public enum State {
    CLOSED(0, "closed"),
    OPEN(1, "open"),
    HALF_OPEN(2, "half_open");

    private final int gaugeValue;
    private final String label;

    State(int gaugeValue, String label) {
        this.gaugeValue = gaugeValue;
        this.label = label;
    }

    public int gaugeValue() {
        return gaugeValue;
    }

    public String label() {
        return label;
    }
}
