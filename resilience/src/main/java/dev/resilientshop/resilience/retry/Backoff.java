package dev.resilientshop.resilience.retry;

/**
 * The delay before each retry of one call: exponential, capped, then jittered (see
 * {@link Jitter} for why in that order). One instance per call, because decorrelated jitter
 * remembers the previous delay. Not thread-safe; a call's attempts are sequential.
 */
final class Backoff {

    private final RetryConfig config;
    private double previousNanos;

    Backoff(RetryConfig config) {
        this.config = config;
        this.previousNanos = config.baseDelay().toNanos();
    }

    /** Delay in nanos before retry number {@code retry} (1 = the second attempt). */
    long delayNanos(int retry) {
        double base = config.baseDelay().toNanos();
        double cap = config.maxDelay().toNanos();
        double capped = Math.min(cap, base * Math.pow(config.multiplier(), retry - 1));
        double delay = switch (config.jitter()) {
            case FULL -> config.random().between(0, capped);
            case DECORRELATED -> config.random().between(base, Math.min(cap, previousNanos * 3));
            case NONE -> capped;
        };
        previousNanos = delay;
        return (long) delay;
    }
}
