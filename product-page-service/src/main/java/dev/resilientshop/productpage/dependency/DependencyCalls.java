package dev.resilientshop.productpage.dependency;

import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The shared translation from what a REST client throws to our two exceptions, and the one
 * place a page waits for an asynchronous call. Without it every caller would unwrap
 * {@link CompletionException} differently and some would show a raw stack trace.
 */
public final class DependencyCalls {

    private DependencyCalls() {}

    /**
     * 404 becomes {@link UnknownResourceException}; any other 4xx that is the caller's fault
     * (shop-kit's {@code HealthSignal}) {@link RequestRefusedException}; anything else that went
     * wrong, {@link DependencyUnavailableException}.
     */
    public static RuntimeException translate(String dependency, String what, String id, Throwable failure) {
        var cause = unwrap(failure);
        if (cause instanceof UnknownResourceException
                || cause instanceof DependencyUnavailableException
                || cause instanceof RequestRefusedException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof DeadlineExceededException late) {
            return new DependencyUnavailableException(dependency, late.getMessage(), late);
        }
        if (cause instanceof CallNotPermittedException open) {
            return new DependencyUnavailableException(dependency, "circuit open", open);
        }
        if (cause instanceof BulkheadFullException full) {
            return new DependencyUnavailableException(dependency, "bulkhead full", full);
        }
        if (cause instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            if (status == 404 && what != null) {
                return new UnknownResourceException(what, id);
            }
            if (HealthSignal.isCallersFault(status)) {
                return new RequestRefusedException(dependency, status, cause);
            }
            return new DependencyUnavailableException(dependency, status, "HTTP " + status, cause);
        }
        if (cause instanceof ProcessingException || cause instanceof TimeoutException) {
            return new DependencyUnavailableException(dependency, describe(cause), cause);
        }
        return new DependencyUnavailableException(dependency, describe(cause), cause);
    }

    /**
     * Runs one outbound call and makes every failure of it, thrown at once or completed
     * exceptionally, one of our two exceptions. {@code what}/{@code id} name the thing asked for
     * (null when a 404 would not mean "unknown id").
     */
    public static <T> CompletionStage<T> call(
            String dependency, String what, String id, Supplier<CompletionStage<T>> call) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(dependency, what, id, e));
        }
        return stage.exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(dependency, what, id, e)));
    }

    /**
     * As {@link #call}, for a call that can be cancelled: cancelling the returned future cancels
     * {@code source} (a REST client's {@code Uni}), which closes its connection. A timeout or a
     * hedge that lost must free the connection now, not when the read timeout fires (seed 002:
     * "the cancellation is doing real work").
     */
    public static <T> CompletableFuture<T> cancellable(
            String dependency, String what, String id, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> source;
        try {
            source = call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(translate(dependency, what, id, e));
        }
        var result = new CompletableFuture<T>();
        source.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(dependency, what, id, error));
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                source.cancel(true);
            }
        });
        return result;
    }

    /** Waits for a call made on the event loop; to be used from worker threads only. */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw rethrowable(e);
        }
    }

    /**
     * The {@code X-Request-Budget-Ms} value for an attempt's deadline, or null (no header) when it
     * has none: with the timeout pattern switched off the callee gets no budget from us.
     */
    public static String budget(Deadline attempt) {
        return attempt.isUnbounded() ? null : attempt.toHeaderValue();
    }

    public static Throwable unwrap(Throwable t) {
        var current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static RuntimeException rethrowable(Throwable t) {
        var cause = unwrap(t);
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    private static String describe(Throwable t) {
        var root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }
}
