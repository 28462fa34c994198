package dev.resilientshop.resilience.bulkhead;

import dev.resilientshop.resilience.deadline.Deadline;

/**
 * A fixed concurrency limit per dependency.
 *
 * <p>Failure it prevents (seed 002): recommendations, inventory and pricing share one pool of
 * 100 connections; recommendations slows down and holds 95 of them; inventory and pricing
 * starve. With one bulkhead each, a slow dependency exhausts only its own slots, and the
 * 51st concurrent recommendations call fails fast with {@link BulkheadFullException}.
 *
 * <p>How it works: a non-fair {@link java.util.concurrent.Semaphore}; acquiring is one
 * compare-and-set, releasing one more; each token releases its slot once, however many
 * outcomes are reported on it (a double release would let more calls in than the limit).
 * Settings: {@link BulkheadConfig}.
 *
 * <p>Thread-safe. {@link #inFlight()} never exceeds {@link #limit()}. Outermost layer of the
 * pipeline, so a rejected call costs nothing else: {@code Bulkhead(CircuitBreaker(Retry(...)))}.
 */
public interface Bulkhead extends ConcurrencyLimiter {

    static Bulkhead of(String name, BulkheadConfig config) {
        return new SemaphoreBulkhead(name, config);
    }

    static Bulkhead ofDefaults(String name) {
        return of(name, BulkheadConfig.ofDefaults());
    }

    /**
     * A token, waiting up to {@code maxWait} but never past {@code deadline}; otherwise
     * {@link BulkheadFullException}. With the default {@code maxWait} of zero it never blocks.
     */
    Token acquire(Deadline deadline) throws InterruptedException;

    /**
     * A slot without a token, for a caller that releases it exactly once by construction, on
     * one thread in one method (the pipeline's sync path): no token object, no second
     * compare-and-set. False when full, counted as rejected like {@link #tryAcquire()}. Every
     * other caller should use {@link #tryAcquire()}, whose token makes a second release harmless;
     * here a second {@link #releaseSlot()} would let one call too many in.
     */
    boolean tryAcquireSlot();

    /** Frees a slot taken with {@link #tryAcquireSlot()}; call exactly once per slot. */
    void releaseSlot();

    BulkheadConfig config();
}
