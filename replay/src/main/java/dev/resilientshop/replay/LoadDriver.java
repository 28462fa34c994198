package dev.resilientshop.replay;

/**
 * What the replay needs from a load generator: start open-model arrivals, and hand over what
 * happened since the previous call, once per second. {@link GeneratorLoad} puts the shop's load
 * generator ({@code ./shop load}) behind these methods; a test can put anything else.
 */
public interface LoadDriver extends AutoCloseable {

    void start();

    /** The outcomes recorded since the previous call (the first call: since {@link #start()}). */
    Interval interval();

    /** Stops sending; requests still in flight are abandoned. */
    @Override
    void close();
}
