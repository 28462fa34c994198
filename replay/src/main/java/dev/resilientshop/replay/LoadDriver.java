package dev.resilientshop.replay;

/**
 * What the replay needs from a load generator: start open-model arrivals, and hand over what
 * happened since the previous call, once per second. {@link OpenLoad} is the replay's own; the
 * shop's {@code ./shop load} generator plugs in behind the same two methods.
 */
public interface LoadDriver extends AutoCloseable {

    void start();

    /** The outcomes recorded since the previous call (the first call: since {@link #start()}). */
    Interval interval();

    /** Stops sending; requests still in flight are abandoned. */
    @Override
    void close();
}
