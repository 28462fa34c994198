package dev.resilientshop.resilience.circuitbreaker;

/**
 * The closed state's memory of recent outcomes. Reads take no lock; neither window allocates
 * on a record that leaves it unchanged (a success replacing a success).
 */
interface Window {

    int SUCCESS = 1;
    int FAILURE = 2;
    int SLOW = 4;

    /**
     * Records one outcome (a combination of the flags above, always including SUCCESS or
     * FAILURE) and answers whether the rates now exceed the thresholds. Every outcome that
     * changes the window is checked, a success too: one that brings the window up to
     * {@code minimumNumberOfCalls} is when the rate starts to count.
     */
    boolean recordAndCheck(int outcome);

    /** Current totals, for snapshots: {@code {calls, failures, slowCalls}}. */
    long[] totals();

    /** Rate check shared by both windows: percentages over at least {@code minimumNumberOfCalls}. */
    static boolean exceeds(long calls, long failures, long slow, CircuitBreakerConfig config) {
        if (calls < config.minimumNumberOfCalls()) {
            return false;
        }
        return failures * 100.0 >= config.failureRateThreshold() * calls
                || slow * 100.0 >= config.slowCallRateThreshold() * calls;
    }
}
