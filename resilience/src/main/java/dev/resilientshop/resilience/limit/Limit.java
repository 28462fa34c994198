package dev.resilientshop.resilience.limit;

/**
 * A concurrency-limit algorithm: turns samples into a limit. Pure (no clock, no threads of its
 * own): time arrives as data, as in Netflix concurrency-limits' {@code onSample(startTime, rtt,
 * inflight, didDrop)}, so a test can feed it a simulated dependency.
 */
public interface Limit {

    /** The current limit. */
    int limit();

    /**
     * One completed call: its round-trip time, how many calls were in flight when it completed
     * (itself included), and whether it failed or timed out.
     *
     * @return the new limit
     */
    int onSample(long rttNanos, int inFlight, boolean dropped);

    /**
     * Back to the initial limit, forgetting every sample (drills, operators). A limit that learns
     * nothing has nothing to forget; a wrapper must pass it on.
     */
    default void reset() {}

    /** Seed 002's AIMD controller. */
    static Limit aimd(AimdConfig config) {
        return new AimdLimit(config);
    }

    /** A Gradient2-style controller (long-term vs short-term RTT), after Netflix concurrency-limits. */
    static Limit gradient(GradientConfig config) {
        return new GradientLimit(config);
    }
}
