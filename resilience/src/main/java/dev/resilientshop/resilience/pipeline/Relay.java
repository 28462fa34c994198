package dev.resilientshop.resilience.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A future that mirrors {@code source} after running {@code first}, and passes cancellation back
 * down to {@code source}. {@code whenComplete} alone gives a dependent future whose cancellation
 * reaches nothing: the attempt keeps its connection and the retry timer still fires.
 */
final class Relay {

    private Relay() {}

    static <T> CompletableFuture<T> of(CompletableFuture<T> source, BiConsumer<? super T, ? super Throwable> first) {
        CompletableFuture<T> out = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            try {
                first.accept(value, error);
            } finally {
                if (error == null) {
                    out.complete(value);
                } else {
                    out.completeExceptionally(error);
                }
            }
        });
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                source.cancel(true);
            }
        });
        return out;
    }
}
