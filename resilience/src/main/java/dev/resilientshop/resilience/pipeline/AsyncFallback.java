package dev.resilientshop.resilience.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Turns an async call's failure into a fallback answer, off the thread that completed it.
 *
 * <p>Failure it prevents: a timeout completes the call on a timer thread; a fallback that then
 * blocks there (a Redis read) holds that timer thread, and with a service's two timer threads two
 * such fallbacks stall every timeout, retry and hedge of every pipeline. Here the fallback runs
 * on {@code executor}. A caller that cancelled gets no fallback, and its cancellation reaches the
 * call (the attempt, the retry timer, the hedge).
 */
final class AsyncFallback {

    private AsyncFallback() {}

    static <T, R> CompletableFuture<R> of(
            CompletableFuture<T> call,
            Executor executor,
            Function<? super T, ? extends R> served,
            Function<Throwable, ? extends R> fallback) {
        CompletableFuture<R> out = new CompletableFuture<>();
        call.whenComplete((value, error) -> {
            if (error == null) {
                out.complete(served.apply(value));
            } else if (!out.isDone()) {
                run(executor, () -> {
                    if (!out.isDone()) {
                        try {
                            out.complete(fallback.apply(error));
                        } catch (Throwable t) {
                            out.completeExceptionally(t);
                        }
                    }
                });
            }
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                call.cancel(true);
            }
        });
        return out;
    }

    private static void run(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException rejected) { // executor shut down or saturated: a late fallback beats none
            task.run();
        }
    }
}
