package dev.resilientshop.resilience.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} on a {@link ScheduledExecutorService} and the system clock. */
final class ExecutorScheduler implements Scheduler {

    private final ScheduledExecutorService executor;

    ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void sleep(Duration delay) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, delay.toNanos()));
    }

    @Override
    public Clock clock() {
        return Clock.system();
    }
}
