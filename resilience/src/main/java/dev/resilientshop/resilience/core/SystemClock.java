package dev.resilientshop.resilience.core;

import java.time.Instant;

/** The real clock: the only place in the library that reads {@link System#nanoTime()}. */
final class SystemClock implements Clock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
