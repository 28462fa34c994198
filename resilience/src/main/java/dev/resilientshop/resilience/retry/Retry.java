package dev.resilientshop.resilience.retry;

import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Tries a failed call again, for transient failures only, with growing, jittered delays, within
 * a retry budget and never past the caller's deadline.
 *
 * <p>Failure it prevents: a network blip or one 502 turning into a user-visible error (seed
 * 001, seed 003); and, by its limits, the opposite failure, a retry storm that multiplies load
 * on a degraded dependency (seed 002's RetryStormDetected alert).
 *
 * <p>How it works, per failed attempt: give up if the failure is not retryable
 * ({@link FailureClassifier}), attempts are used up, the {@link RetryBudget} is empty, or the
 * backoff would end past the deadline (stop early: a retry that cannot finish in time is load
 * for nothing). Otherwise wait the {@link Jitter jittered} backoff and try again. The caller
 * then sees the last attempt's failure. Settings: {@link RetryConfig}.
 *
 * <p>Sync calls wait with {@link Scheduler#sleep}; async calls schedule the next attempt on the
 * {@link Scheduler} and block no thread while waiting.
 *
 * <p>Thread-safe; counters are striped. Place: inside the breaker (the breaker sees one outcome
 * per logical call), outside the timeout (each attempt has its own):
 * {@code CircuitBreaker(Retry(Timeout(call)))}. For non-idempotent calls, retry only with an
 * idempotency key (seed 002).
 */
public interface Retry {

    static Retry of(String name, RetryConfig config, Scheduler scheduler) {
        return new DefaultRetry(name, config, scheduler);
    }

    static Retry ofDefaults(String name, Scheduler scheduler) {
        return of(name, RetryConfig.ofDefaults(), scheduler);
    }

    String name();

    RetryConfig config();

    RetryBudget budget();

    /** Runs {@code attempt} until it succeeds or retrying stops; rethrows the last failure. */
    <T> T call(Deadline deadline, Callable<T> attempt) throws Exception;

    /**
     * Counts a first attempt that the caller makes itself, as {@link #call} counts its first:
     * with {@link #retryAfter} it splits {@code call} so a caller's successful first attempt
     * needs no {@link Callable} object (the pipeline's allocation-free sync path).
     */
    void firstAttempt();

    /**
     * Counts a first attempt that the caller made itself and that succeeded, once it has: one
     * counter, from which {@link #firstAttempts()} and {@link #firstAttemptSuccesses()} are
     * derived when read, and the budget's deposit of {@link #firstAttempt()}. The pipeline's
     * sync path calls this instead of {@link #firstAttempt()} when its first attempt succeeds,
     * and counts that call (and its success) through {@link #firstAttemptSuccesses()}: one
     * striped-counter increment per successful call instead of three. A first attempt that fails
     * is counted by {@link #firstAttempt()} before {@link #retryAfter}, as before.
     */
    void firstAttemptSucceeded();

    /**
     * Continues where {@link #call} would be after its first attempt failed with {@code
     * firstFailure}: decides whether to retry, waits, runs {@code attempt} for attempts 2, 3, …
     * Exactly what {@code call} does from there, counters included; call {@link #firstAttempt()} first.
     */
    <T> T retryAfter(Deadline deadline, Exception firstFailure, Callable<T> attempt) throws Exception;

    /** As {@link #call}, without blocking: the next attempt is scheduled, not slept for. */
    <T> CompletableFuture<T> callAsync(Deadline deadline, Supplier<? extends CompletionStage<T>> attempt);

    /**
     * First attempts made (one per call): {@code retry_attempts_total{outcome="first"}}; those
     * counted by {@link #firstAttemptSucceeded()} included.
     */
    long firstAttempts();

    /** First attempts counted by {@link #firstAttemptSucceeded()}: calls that succeeded on their first attempt that way. */
    long firstAttemptSuccesses();

    /** Retries made: {@code retry_attempts_total{outcome="retry"}}. */
    long retries();

    /** Retries refused because the budget was empty. */
    long budgetRejections();

    /** Told of every retry decided: the next attempt's number (2 for the first retry), its backoff and the failure. */
    @FunctionalInterface
    interface Observer {
        void retrying(int nextAttempt, long backoffNanos, Throwable cause);
    }

    /** Adds an observer of retry decisions (a pipeline republishes them as events); none by default. */
    default void onRetry(Observer observer) {
        throw new UnsupportedOperationException("this Retry publishes no decisions");
    }
}
