package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when a test says so.
 *
 * <pre>{@code
 * clock.advance(ofSeconds(30)); // reset timeout elapsed → half-open
 * }</pre>
 *
 * <p>Wall time is {@code epoch + elapsed}, so {@link #now()} and {@link #nanoTime()} move
 * together. Thread-safety: safe; {@link #advance} is atomic.
 */
public final class ManualClock implements Clock {

    private static final Instant DEFAULT_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final Instant epoch;
    private final AtomicLong nanos = new AtomicLong();

    public ManualClock() {
        this(DEFAULT_EPOCH);
    }

    public ManualClock(Instant epoch) {
        this.epoch = epoch;
    }

    /** Moves time forward; negative durations are refused (monotonic time never goes back). */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, but was " + duration);
        }
        nanos.addAndGet(duration.toNanos());
    }

    /** Moves time forward to an absolute {@link #nanoTime()} value, if it is in the future. */
    public void advanceTo(long nanoTime) {
        nanos.accumulateAndGet(nanoTime, Math::max);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos.get());
    }

    @Override
    public String toString() {
        return "ManualClock[" + Duration.ofNanos(nanos.get()) + "]";
    }
}
