package dev.resilientshop.productpage.pricing;

import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.productpage.dependency.Answer;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.dependency.Failures;
import dev.resilientshop.productpage.page.PageDeadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The door to pricing (critical for buying, not for looking). Every call goes through
 *
 * <pre>
 *   last-known fallback( bulkhead 75( breaker( retry( timeout 250 ms( pricing ) ) ) ) )   within the page deadline
 * </pre>
 *
 * Bulkhead 75 (seed 002); breaker: 5 consecutive failures; up to 3 attempts on transient
 * failures, 20 ms base backoff; all declared under {@code shop.dependency.pricing.*} and built by
 * shop-kit's {@link DependencyPipelines}. A 4xx other than 408/429 passes through as an {@link Answer}:
 * no breaker failure, no retry, no last-known price. When pricing is down, slow or hangs, {@link #price} serves the
 * last known price from Redis ({@link LastKnownPrices}), source {@value #LAST_KNOWN}: the page
 * marks it, and checkout still asks pricing for the real one. The batch {@link #prices} (listings,
 * cart) has no fallback: those pages already say "Prices are unavailable". Naive mode: plain
 * calls, 10 s read timeout, no fallback.
 */
@ApplicationScoped
public class PricingClient {

    static final String DEPENDENCY = "pricing";
    public static final String LAST_KNOWN = "last-known";
    /** pricing-service answers at most 100 SKUs per batch (docs/api.md). */
    public static final int MAX_BATCH = 100;

    private final PricingApi api;
    private final ResilienceMode mode;
    private final PageDeadline page;
    private final LastKnownPrices lastKnown;
    private final ResiliencePipeline pipeline;
    private final SharedPool naive;

    PricingClient(
            @RestClient PricingApi api,
            ResilienceMode mode,
            PageDeadline page,
            LastKnownPrices lastKnown,
            DependencyPipelines pipelines,
            SharedPool naive) {
        this.api = api;
        this.naive = naive;
        this.mode = mode;
        this.page = page;
        this.lastKnown = lastKnown;
        this.pipeline = pipelines.pipeline(DEPENDENCY); // shop.dependency.pricing.*
    }

    public CompletionStage<Price> price(String sku) {
        return priceServed(sku).thenApply(Served::value);
    }

    /** The price, from pricing or (source {@value #LAST_KNOWN}) the last one published to Redis. */
    public CompletionStage<Served<Price>> priceServed(String sku) {
        Function<String, Uni<Price>> call = budget -> api.price(sku, budget);
        if (mode.isNaive()) {
            return naive("Price", sku, () -> call.apply(null)).thenApply(p -> new Served<>(p, DEPENDENCY, null));
        }
        var fallback = FallbackChain.<Answer<Price>>builder()
                .then(LAST_KNOWN, cause -> {
                    if (Failures.isUnknown(cause)) {
                        throw (RuntimeException) DependencyCalls.unwrap(cause);
                    }
                    return Answer.of(lastKnown.price(sku));
                })
                .build();
        return pipeline.callAsync(
                        page.deadline(),
                        d -> Answer.of(plain("Price", sku, () -> call.apply(DependencyCalls.budget(d)))),
                        fallback)
                .thenApply(served -> new Served<>(served.value().get(), served.source(), served.reason()))
                .exceptionallyCompose(
                        e -> CompletableFuture.failedFuture(DependencyCalls.translate(DEPENDENCY, "Price", sku, e)));
    }

    /** Seconds since the last known prices were published (for "last known price, N min ago"). */
    public long lastKnownAgeSeconds() {
        return lastKnown.ageSeconds();
    }

    /** Unknown SKUs are simply absent from the answer. */
    public CompletionStage<PriceList> prices(List<String> skus) {
        if (skus.isEmpty()) {
            return CompletableFuture.completedFuture(new PriceList(List.of()));
        }
        var batch = String.join(",", skus.subList(0, Math.min(MAX_BATCH, skus.size())));
        Function<String, Uni<PriceList>> call = budget -> api.prices(batch, budget);
        if (mode.isNaive()) {
            return naive(null, null, () -> call.apply(null));
        }
        return pipeline.callAsync(
                        page.deadline(), d -> Answer.of(plain(null, null, () -> call.apply(DependencyCalls.budget(d)))))
                .thenApply(Answer::get)
                .exceptionallyCompose(
                        e -> CompletableFuture.failedFuture(DependencyCalls.translate(DEPENDENCY, null, null, e)));
    }

    /** Naive mode: the same plain call, on a connection of the one shared pool ({@link SharedPool}). */
    private <T> CompletableFuture<T> naive(String what, String id, Supplier<Uni<T>> call) {
        return DependencyCalls.cancellable(
                DEPENDENCY,
                what,
                id,
                () -> naive.call(DEPENDENCY, () -> call.get().subscribeAsCompletionStage()));
    }

    private static <T> CompletableFuture<T> plain(String what, String id, Supplier<Uni<T>> call) {
        return DependencyCalls.cancellable(
                DEPENDENCY, what, id, () -> call.get().subscribeAsCompletionStage());
    }
}
