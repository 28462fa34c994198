package dev.resilientshop.resilience.circuitbreaker;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Stops calling a dependency that is clearly unhealthy, so callers fail in microseconds
 * instead of holding a thread and a connection for the full timeout.
 *
 * <p>Failure it prevents (seed 002): recommendations' query degrades from 10 ms to 4.8 s; every
 * product-page request waits for it, the connection pool drains, and the page goes down with a
 * dependency it does not even need. With a breaker, "after 5 consecutive timeouts it opens",
 * calls fail fast, a fallback answers, and after 30 s one probe checks whether it recovered.
 *
 * <p>How it works: a state machine (see {@link StateTransition}).
 * <pre>
 *   CLOSED --failure rate / slow rate / N consecutive failures--&gt; OPEN
 *   OPEN --resetTimeout elapsed--&gt; HALF_OPEN --N probes succeed--&gt; CLOSED
 *                                   HALF_OPEN --a probe fails--&gt; OPEN
 * </pre>
 * Two ways to use it: {@link #tryAcquirePermission()} then report on the {@link Permit}
 * (seed 001's allow/record style, for code that times its own calls), or the decorators.
 * Settings, ranges and defaults: {@link CircuitBreakerConfig}.
 *
 * <p>Thread-safety, and why it is correct without one global lock (seed 002 prescribes "a single
 * mutex for all state transitions"): the current state is an immutable episode object in an
 * {@code AtomicReference}, and every transition is a compare-and-set from the exact episode
 * the caller observed. Of many threads that see OPEN expire at once, exactly one moves it to
 * HALF_OPEN; the rest re-read and compete for N probe slots by compare-and-set, so the
 * "upgrade a read lock" race of seed 002 has no window to slip through. Outcomes reported
 * against an old episode land in that episode and change nothing. The closed-state success
 * path takes no lock and allocates nothing (see {@code CountWindow}).
 *
 * <p>Place in the composition: inside the bulkhead, outside retry, so one logical call counts
 * once however many attempts it took: {@code Bulkhead(CircuitBreaker(Retry(Timeout(call))))}.
 */
public interface CircuitBreaker {

    static CircuitBreaker of(String name, CircuitBreakerConfig config) {
        return new DefaultCircuitBreaker(name, config);
    }

    static CircuitBreaker ofDefaults(String name) {
        return of(name, CircuitBreakerConfig.ofDefaults());
    }

    String name();

    CircuitBreakerConfig config();

    State state();

    /** A permit to call, or {@code null} when refused. Report exactly one outcome on it. */
    Permit tryAcquirePermission();

    /** A permit to call, or {@link CallNotPermittedException} when refused. */
    Permit acquirePermission();

    <T> T call(Callable<T> callable) throws Exception;

    <T> Supplier<T> decorateSupplier(Supplier<T> supplier);

    <T> Callable<T> decorateCallable(Callable<T> callable);

    /** Counts the stage's outcome when it completes; a cancelled stage is ignored, not a failure. */
    <T> Supplier<CompletionStage<T>> decorateCompletionStage(Supplier<? extends CompletionStage<T>> supplier);

    /** Listens to transitions and rejections, synchronously. */
    void onEvent(Consumer<? super CircuitBreakerEvent> listener);

    /** How many times each transition happened since creation. */
    long transitionCount(StateTransition transition);

    /** Calls refused since creation. */
    long rejectedCount();

    /** The closed window's totals now: {@code {calls, failures, slowCalls}} (zeros when not closed). */
    long[] windowTotals();

    /**
     * Back to a fresh CLOSED state (drills, operators), in one transition from whatever state it
     * was in. Never through OPEN: the breaker alert watches {@code to_state="open"}, and an
     * operator's reset is not a trip.
     */
    void reset();

    /** Opens now, as if the thresholds had tripped (drills). */
    void forceOpen();
}
