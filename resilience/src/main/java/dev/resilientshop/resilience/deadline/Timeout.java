package dev.resilientshop.resilience.deadline;

import dev.resilientshop.resilience.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Don't wait forever (seed 003's first pattern): each attempt gets at most its own deadline.
 *
 * <p>Async ({@link #within}): a timer on the {@link Scheduler} completes the returned future
 * with {@link DeadlineExceededException} at expiry and cancels the underlying future, so an HTTP
 * client honouring cancellation closes the connection and frees it (seed 002: "the cancellation
 * is doing real work"). No thread waits.
 *
 * <p>Sync ({@link #call}): Java cannot pre-empt a blocking call, so the call receives its
 * deadline and must configure its client with {@link Deadline#remaining()}. If it still returns
 * late, the result is discarded as a timeout: past the budget, nobody is waiting for it.
 *
 * <p>An already expired deadline fails at once with {@link DeadlineExceededException#budgetExhausted}:
 * no attempt was made, and the pipeline counts that apart from a timeout (it says nothing about
 * the dependency). Only {@link DeadlineExceededException#callTimedOut} means an attempt ran out of time.
 *
 * <p>Thread-safe (stateless). Innermost layer: {@code Retry(Timeout(call))}, so every retry
 * attempt has its own timeout, and all of them are children of the request's deadline.
 */
public final class Timeout {

    private Timeout() {}

    /** Runs {@code call} with {@code deadline}; a late return becomes a timeout. */
    public static <T> T call(String what, Deadline deadline, Function<Deadline, T> call) {
        deadline.throwIfExpired(what);
        T result = call.apply(deadline);
        if (deadline.isExpired()) {
            throw DeadlineExceededException.callTimedOut(what, deadline.budget());
        }
        return result;
    }

    /** Enforces {@code deadline} on the stage {@code call} returns. */
    public static <T> CompletableFuture<T> within(
            String what, Deadline deadline, Scheduler scheduler, Supplier<? extends CompletionStage<T>> call) {
        if (deadline.isExpired()) {
            return CompletableFuture.failedFuture(DeadlineExceededException.budgetExhausted(what));
        }
        long start = scheduler.clock().nanoTime();
        CompletableFuture<T> underlying;
        try {
            underlying = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (deadline.isUnbounded()) {
            return underlying;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(deadline.remaining(), () -> {
            Duration after = Duration.ofNanos(scheduler.clock().nanoTime() - start);
            if (result.completeExceptionally(DeadlineExceededException.callTimedOut(what, after))) {
                underlying.cancel(true);
            }
        });
        underlying.whenComplete((value, error) -> {
            timer.cancel();
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                underlying.cancel(true); // the caller gave up: pass it down
            }
        });
        return result;
    }
}
