package dev.resilientshop.resilience.core;

import java.time.Duration;
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

    /** A handle to a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run; harmless otherwise. */
        void cancel();
    }

    /** A production scheduler on the system clock. The executor is owned by the caller. */
    static Scheduler of(ScheduledExecutorService executor) {
        return new ExecutorScheduler(executor);
    }
}
