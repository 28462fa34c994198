package dev.resilientshop.resilience.fallback;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Ordered alternatives to use when a dependency fails, recording which one served and why.
 *
 * <p>Failure it prevents (seed 000, seed 003): a product page that shows an error because
 * recommendations are down, when "partial availability is almost always better than total
 * unavailability". Seed 003's chain: ML recommendations → cached {@code recs:{userId}} →
 * popular items. The last alternative should be one that cannot fail (a built-in list).
 *
 * <pre>{@code
 * FallbackChain<List<Item>> recs = FallbackChain.<List<Item>>builder()
 *     .then("cache", cause -> redis.recsFor(userId))
 *     .then("popular", cause -> POPULAR)
 *     .build();
 * Served<List<Item>> served = recs.recover(failure);   // or pipeline.call(..., recs)
 * }</pre>
 *
 * <p>Each alternative receives the failure that led to it. Immutable and thread-safe.
 * Outermost in the composition: {@code Fallback(Bulkhead(CircuitBreaker(...)))}, so it also
 * catches "bulkhead full" and "circuit open".
 */
public final class FallbackChain<T> {

    private record Alternative<T>(String name, Function<Throwable, ? extends T> supplier) {}

    private final List<Alternative<T>> alternatives;

    private FallbackChain(List<Alternative<T>> alternatives) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a fallback chain needs at least one alternative, but had 0");
        }
        this.alternatives = List.copyOf(alternatives);
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Tries the alternatives in order after {@code failure}; throws the last one's failure if all fail. */
    public Served<T> recover(Throwable failure) {
        Throwable reason = unwrap(failure);
        for (Alternative<T> alternative : alternatives) {
            try {
                return new Served<>(alternative.supplier().apply(reason), alternative.name(), reason);
            } catch (RuntimeException e) {
                if (e != reason) { // an alternative may rethrow the failure itself ("a 404 is not an outage")
                    e.addSuppressed(reason);
                }
                reason = e;
            }
        }
        throw reason instanceof RuntimeException r ? r : new CompletionException(reason);
    }

    /** Runs {@code primary}; on failure, {@link #recover}. */
    public Served<T> get(String primaryName, java.util.function.Supplier<? extends T> primary) {
        try {
            return new Served<>(primary.get(), primaryName, null);
        } catch (RuntimeException e) {
            return recover(e);
        }
    }

    /** The async form: a failed stage is recovered, a successful one served by {@code primaryName}. */
    public CompletableFuture<Served<T>> getAsync(String primaryName, CompletionStage<? extends T> primary) {
        return primary.toCompletableFuture()
                .handle((value, error) -> error == null ? new Served<T>(value, primaryName, null) : recover(error));
    }

    public List<String> names() {
        return alternatives.stream().map(Alternative::name).toList();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    public static final class Builder<T> {
        private final List<Alternative<T>> alternatives = new ArrayList<>();

        private Builder() {}

        public Builder<T> then(String name, Function<Throwable, ? extends T> alternative) {
            alternatives.add(
                    new Alternative<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(alternative)));
            return this;
        }

        public FallbackChain<T> build() {
            return new FallbackChain<>(alternatives);
        }
    }
}
