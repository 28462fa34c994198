package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Where delays happen: retry backoff, hedge delays, deadline enforcement.
 *
 * <p>Failure it prevents: an async retry that parks a thread in {@code Thread.sleep} while it
 * waits. With 50 slow recommendation calls each holding a sleeping thread, the pool the
 * bulkhead was protecting is exhausted after all (seed 002: "slow holds them for the full
 * timeout"). {@link #schedule} never blocks; only {@link #sleep} does, and only the sync API
 * uses it.
 *
 * <p>Two implementations: {@link #of(ScheduledExecutorService)} for production and
 * {@link ManualScheduler} for tests, which runs tasks when its {@link ManualClock} advances.
 *
 * <p>Thread-safety: implementations must accept tasks from any thread.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the handle cancels it if it has not run. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Blocks the calling thread for {@code delay} (sync retry backoff only). */
    void sleep(Duration delay) throws InterruptedException;

    /** The clock this scheduler's delays are measured on. */
    Clock clock();

    /**
     * Where work that may block runs: fallbacks (a Redis read) and the start of a retry attempt.
     * Never the timer threads, which must stay free to fire every other call's timeouts: one
     * fallback blocked on a timer thread would stall every pipeline that shares it.
     * Default: the executor {@link CompletableFuture}'s async methods use.
     */
    default Executor executor() {
        return DEFAULT_WORK;
    }

    /** {@code CompletableFuture}'s default async executor (a thread per task on a one-core pool). */
    Executor DEFAULT_WORK = new CompletableFuture<Void>().defaultExecutor();

    /** A handle to a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run; harmless otherwise. */
        void cancel();
    }

    /**
     * A production scheduler on the system clock; {@link #executor()} is the default one. The
     * executor is owned by the caller; a {@code ScheduledThreadPoolExecutor} should have
     * {@code setRemoveOnCancelPolicy(true)}, or every cancelled timeout (most of them: calls
     * usually answer in time) stays in its queue until it would have fired.
     */
    static Scheduler of(ScheduledExecutorService timers) {
        return new ExecutorScheduler(timers, DEFAULT_WORK);
    }

    /** As {@link #of(ScheduledExecutorService)}, with {@code work} for fallbacks and retry attempts. */
    static Scheduler of(ScheduledExecutorService timers, Executor work) {
        return new ExecutorScheduler(timers, work);
    }
}
