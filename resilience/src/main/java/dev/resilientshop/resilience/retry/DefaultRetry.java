package dev.resilientshop.resilience.retry;

import dev.resilientshop.resilience.core.Scheduler;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Sync and async retry loops sharing one decision: {@link #nextDelay}. */
final class DefaultRetry implements Retry {

    private static final long STOP = -1;

    private final String name;
    private final RetryConfig config;
    private final Scheduler scheduler;
    private final RetryBudget budget;
    private final LongAdder first = new LongAdder();
    /** First attempts reported by {@link #firstAttemptSucceeded()}, not in {@link #first}: summed when read. */
    private final LongAdder firstSucceeded = new LongAdder();

    private final LongAdder retries = new LongAdder();
    private final LongAdder budgetRejections = new LongAdder();
    private final java.util.List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    DefaultRetry(String name, RetryConfig config, Scheduler scheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.budget = RetryBudget.of(
                config.budgetRatio(), config.budgetReserve(), config.budgetMinRetriesPerSecond(), scheduler.clock());
    }

    /** Nanos to wait before attempt {@code attempt + 1}, or {@link #STOP}. */
    private long nextDelay(int attempt, Throwable failure, Deadline deadline, Backoff backoff) {
        if (attempt >= config.maxAttempts() || !config.retryOn().isRetryable(failure)) {
            return STOP;
        }
        long delay = backoff.delayNanos(attempt);
        if (delay >= deadline.remainingNanos()) {
            return STOP; // would wake up with no time left for the attempt
        }
        if (!budget.tryWithdraw()) {
            budgetRejections.increment();
            return STOP;
        }
        return delay;
    }

    private void countAttempt(int attempt) {
        if (attempt == 1) {
            first.increment();
            budget.deposit();
        } else {
            retries.increment();
        }
    }

    /**
     * An attempt that never started (the budget ran out while waiting for it) tells the caller
     * nothing new: report the failure of the attempt before it, which did reach the dependency.
     */
    private static Throwable lastReal(Throwable previous, Throwable failure) {
        if (previous != null && failure instanceof DeadlineExceededException d && !d.isCallTimeout()) {
            if (previous != failure) {
                previous.addSuppressed(failure);
            }
            return previous;
        }
        return failure;
    }

    @Override
    public <T> T call(Deadline deadline, Callable<T> attempt) throws Exception {
        firstAttempt();
        try {
            return attempt.call();
        } catch (Exception e) {
            return retryAfter(deadline, e, attempt);
        }
    }

    @Override
    public void firstAttempt() {
        countAttempt(1);
    }

    @Override
    public void firstAttemptSucceeded() {
        firstSucceeded.increment();
        budget.deposit();
    }

    @Override
    public <T> T retryAfter(Deadline deadline, Exception firstFailure, Callable<T> attempt) throws Exception {
        Backoff backoff = new Backoff(config);
        Exception previous = null;
        Exception failure = firstFailure;
        for (int n = 1; ; n++) {
            long delay = nextDelay(n, failure, deadline, backoff);
            if (delay == STOP) {
                throw (Exception) lastReal(previous, failure);
            }
            previous = failure;
            retrying(n + 1, delay, failure);
            scheduler.sleep(Duration.ofNanos(delay));
            countAttempt(n + 1);
            try {
                return attempt.call();
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    /**
     * Cancelling the returned future cancels the attempt in flight and the backoff timer, so no
     * further attempt is sent for a caller that has gone. Attempts after the first start on the
     * scheduler's {@link Scheduler#executor() executor}, not on its timer thread.
     */
    @Override
    public <T> CompletableFuture<T> callAsync(Deadline deadline, Supplier<? extends CompletionStage<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attemptAsync(1, deadline, attempt, result, new Backoff(config), null);
        return result;
    }

    private <T> void attemptAsync(
            int n,
            Deadline deadline,
            Supplier<? extends CompletionStage<T>> attempt,
            CompletableFuture<T> result,
            Backoff backoff,
            Throwable previous) {
        if (result.isDone()) {
            return; // cancelled by the caller while we waited
        }
        countAttempt(n);
        CompletionStage<T> stage;
        try {
            stage = attempt.get();
        } catch (Throwable e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> current = stage.toCompletableFuture();
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                current.cancel(true);
            }
        });
        current.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = FailureClassifier.unwrap(error);
            long delay;
            try {
                delay = nextDelay(n, cause, deadline, backoff);
            } catch (RuntimeException classifierFailed) { // a throwing retryOn predicate must not strand the call
                cause.addSuppressed(classifierFailed);
                delay = STOP;
            }
            if (delay == STOP) {
                result.completeExceptionally(lastReal(previous, cause));
                return;
            }
            retrying(n + 1, delay, cause);
            Scheduler.Cancellable timer = scheduler.schedule(
                    Duration.ofNanos(delay),
                    () -> startLater(() -> attemptAsync(n + 1, deadline, attempt, result, backoff, cause), result));
            result.whenComplete((v, e) -> timer.cancel()); // cancelled while waiting: drop the timer too
        });
    }

    @Override
    public void onRetry(Observer observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    private void retrying(int nextAttempt, long delay, Throwable cause) {
        for (Observer o : observers) {
            try {
                o.retrying(nextAttempt, delay, cause);
            } catch (RuntimeException e) {
                System.getLogger(DefaultRetry.class.getName())
                        .log(System.Logger.Level.WARNING, "retry observer failed", e);
            }
        }
    }

    private void startLater(Runnable nextAttempt, CompletableFuture<?> result) {
        try {
            scheduler.executor().execute(nextAttempt);
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected); // executor shut down: the call cannot go on
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RetryConfig config() {
        return config;
    }

    @Override
    public RetryBudget budget() {
        return budget;
    }

    @Override
    public long firstAttempts() {
        return first.sum() + firstSucceeded.sum();
    }

    @Override
    public long firstAttemptSuccesses() {
        return firstSucceeded.sum();
    }

    @Override
    public long retries() {
        return retries.sum();
    }

    @Override
    public long budgetRejections() {
        return budgetRejections.sum();
    }
}
