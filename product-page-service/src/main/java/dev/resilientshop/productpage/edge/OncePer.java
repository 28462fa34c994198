package dev.resilientshop.productpage.edge;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller through at most once per interval: a warning written on every request of an
 * outage would bury the log, and fill the disk, exactly when someone needs to read it. The first
 * call passes. Thread-safe: of callers racing for the same opening, one wins.
 */
final class OncePer {

    private final Clock clock;
    private final long intervalNanos;
    private final AtomicLong nextNanos;

    OncePer(Duration interval, Clock clock) {
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.nextNanos = new AtomicLong(clock.nanoTime());
    }

    /** Whether this call is the one of its interval. */
    boolean tryPass() {
        long now = clock.nanoTime();
        long next = nextNanos.get();
        return now - next >= 0 && nextNanos.compareAndSet(next, now + intervalNanos);
    }
}
