package dev.resilientshop.resilience.circuitbreaker;

/**
 * The closed state's memory of recent outcomes. Implementations are lock-free and allocate
 * nothing per record.
 */
interface Window {

    int SUCCESS = 1;
    int FAILURE = 2;
    int SLOW = 4;

    /**
     * Records one outcome (a combination of the flags above, always including SUCCESS or
     * FAILURE) and answers whether the rates now exceed the thresholds.
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
