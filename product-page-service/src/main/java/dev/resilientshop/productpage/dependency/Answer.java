package dev.resilientshop.productpage.dependency;

import dev.resilientshop.kit.resilience.HealthSignal;
import java.util.concurrent.CompletableFuture;

/**
 * One attempt's outcome as the resilience pipeline must see it: a value, or a refusal that is
 * the caller's fault (a 4xx other than 408/429) carried as an answer rather than a failure.
 *
 * <p>Failure it prevents (issue 11, item 17): five anonymous requests with an over-long search
 * text made inventory answer 400, and every layer of the pipeline read that as an outage: the
 * breaker opened for every visitor, the adaptive limit halved five times, and the fallback
 * showed the stale-stock banner. Passed through the pipeline as an answer, a refusal is a prompt
 * reply from a healthy dependency to the breaker, the limiter, the retry and the hedge alike, and
 * {@link #get()} turns it back into the caller's exception once the pipeline is done.
 */
public final class Answer<T> {

    private final T value;
    private final RuntimeException refused;

    private Answer(T value, RuntimeException refused) {
        this.value = value;
        this.refused = refused;
    }

    public static <T> Answer<T> of(T value) {
        return new Answer<>(value, null);
    }

    /**
     * The attempt as an answer: a caller's-fault failure completes it normally, any other failure
     * stays a failure. Cancelling the returned future cancels {@code attempt} (a timeout or a
     * hedge that lost must still close its connection).
     */
    public static <T> CompletableFuture<Answer<T>> of(CompletableFuture<T> attempt) {
        var result = new CompletableFuture<Answer<T>>();
        attempt.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(new Answer<>(value, null));
            } else if (HealthSignal.isCallersFault(error)
                    && DependencyCalls.unwrap(error) instanceof RuntimeException refusal) {
                result.complete(new Answer<>(null, refusal));
            } else {
                result.completeExceptionally(error);
            }
        });
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                attempt.cancel(true);
            }
        });
        return result;
    }

    /** The value, or the refusal thrown as the caller's exception. */
    public T get() {
        if (refused != null) {
            throw refused;
        }
        return value;
    }
}
