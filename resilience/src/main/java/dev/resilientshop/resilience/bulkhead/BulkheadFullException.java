package dev.resilientshop.resilience.bulkhead;

/** The dependency's concurrency limit is reached: fail fast instead of queueing (seed 002). */
public final class BulkheadFullException extends RuntimeException {

    private final String limiterName;
    private final int limit;

    public BulkheadFullException(String limiterName, int limit) {
        super("bulkhead '" + limiterName + "' is full: " + limit + " concurrent calls", null, false, false);
        this.limiterName = limiterName;
        this.limit = limit;
    }

    public String limiterName() {
        return limiterName;
    }

    public int limit() {
        return limit;
    }
}
