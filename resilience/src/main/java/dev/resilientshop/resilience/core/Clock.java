package dev.resilientshop.resilience.core;

import java.time.Instant;

/**
 * The one source of time in the library.
 *
 * <p>Failure it prevents: tests that sleep. failsafe's {@code OpenState} reads the system clock,
 * so its tests wait for real reset timeouts. Every pattern here takes a {@code Clock},
 * so a test can jump 30 seconds with {@link ManualClock#advance} instead.
 *
 * <p>{@link #nanoTime()} is monotonic and only meaningful as a difference (durations, ages);
 * {@link #now()} is wall time for events and logs.
 *
 * <p>Thread-safety: implementations must be safe to call from any thread.
 */
public interface Clock {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: compare, never display. */
    long nanoTime();

    /** Wall-clock time, for events and log lines. */
    Instant now();

    /** The real clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
