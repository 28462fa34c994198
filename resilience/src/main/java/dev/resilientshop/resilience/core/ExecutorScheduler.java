package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler} on a {@link ScheduledExecutorService} (timers only) and the system clock;
 * work that may block goes to a separate executor.
 */
final class ExecutorScheduler implements Scheduler {

    private final ScheduledExecutorService executor;
    private final Executor work;

    ExecutorScheduler(ScheduledExecutorService executor, Executor work) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.work = Objects.requireNonNull(work, "work");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, Nanos.of(delay)), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, Nanos.of(delay)));
    }

    @Override
    public Executor executor() {
        return work;
    }

    @Override
    public Clock clock() {
        return Clock.system();
    }
}
