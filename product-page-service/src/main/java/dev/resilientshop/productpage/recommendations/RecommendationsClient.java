package dev.resilientshop.productpage.recommendations;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.resilience.DependencyPipelines;
import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.SharedPool;
import dev.resilientshop.productpage.dependency.Answer;
import dev.resilientshop.productpage.dependency.DependencyCalls;
import dev.resilientshop.productpage.page.PageDeadline;
import dev.resilientshop.resilience.fallback.FallbackChain;
import dev.resilientshop.resilience.fallback.Served;
import dev.resilientshop.resilience.pipeline.ResiliencePipeline;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The door to recommendations, an OPTIONAL dependency: seed 002's incident is this service's
 * query slowing to 4.8 s and taking the product page with it. Every call goes through
 *
 * <pre>
 *   fallback chain( bulkhead 50( breaker( retry ≤ 1( timeout 200 ms( recommendations ) ) ) ) )   within the page deadline
 * </pre>
 *
 * Bulkhead 50 (seed 002); breaker: 5 consecutive failures, then fail fast; one retry at most (an
 * optional part is not worth more of the page's budget). The
 * fallback chain is seed 003's: the user's last answer cached by recommendations-service in
 * {@code recs:{userId}} (read at the start of the page, in parallel with the call, so it is in
 * hand if the call fails) → the best-sellers in {@code recs:popular} → a built-in list. Whatever
 * alternative serves, the page heads the row "Popular items" instead of "Recommended for you".
 * The numbers are declared under {@code shop.dependency.recommendations.*} and built by shop-kit's
 * {@link DependencyPipelines}. Naive mode: a plain call with the client's 10 s timeout and no fallback, on a connection of the
 * one pool every outbound call of naive mode shares ({@link SharedPool}).
 */
@ApplicationScoped
public class RecommendationsClient {

    static final String DEPENDENCY = "recommendations";
    public static final String CACHE = "cache";
    public static final String POPULAR = "popular";
    static final String BUILT_IN = "built-in";

    private final RecommendationsApi api;
    private final ResilienceMode mode;
    private final PageDeadline page;
    private final PopularItems popular;
    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final String prefix;
    private final ResiliencePipeline pipeline;
    private final SharedPool naive;

    RecommendationsClient(
            @RestClient RecommendationsApi api,
            ResilienceMode mode,
            PageDeadline page,
            PopularItems popular,
            ReactiveRedisDataSource redis,
            ObjectMapper json,
            DependencyPipelines pipelines,
            SharedPool naive,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix) {
        this.api = api;
        this.naive = naive;
        this.mode = mode;
        this.page = page;
        this.popular = popular;
        this.redis = redis;
        this.json = json;
        this.prefix = prefix.orElse("");
        this.pipeline = pipelines.pipeline(DEPENDENCY); // shop.dependency.recommendations.*
    }

    public CompletionStage<Recommendations> popular(int limit) {
        return popularServed(limit).thenApply(Served::value);
    }

    public CompletionStage<Served<Recommendations>> popularServed(int limit) {
        if (mode.isNaive()) {
            return naive(() -> api.popular(limit, null)).thenApply(r -> new Served<>(r, DEPENDENCY, null));
        }
        var chain = FallbackChain.<Answer<Recommendations>>builder()
                .then(
                        POPULAR,
                        cause -> Answer.of(new Recommendations(null, null, POPULAR, popular.fromRedis(null, limit))))
                .then(
                        BUILT_IN,
                        cause ->
                                Answer.of(new Recommendations(null, null, BUILT_IN, PopularItems.builtIn(null, limit))))
                .build();
        return opened(pipeline.callAsync(
                page.deadline(), d -> Answer.of(plain(() -> api.popular(limit, DependencyCalls.budget(d)))), chain));
    }

    public CompletionStage<Recommendations> forProduct(String sku, String userId, int limit) {
        return forProductServed(sku, userId, limit).thenApply(Served::value);
    }

    /** Recommendations for the page, or (sources cache, popular, built-in) seed 003's chain. */
    public CompletionStage<Served<Recommendations>> forProductServed(String sku, String userId, int limit) {
        if (mode.isNaive()) {
            return naive(() -> api.forProduct(sku, userId, limit, null))
                    .thenApply(r -> new Served<>(r, DEPENDENCY, null));
        }
        CompletableFuture<Recommendations> cached =
                userId == null ? CompletableFuture.completedFuture(null) : cached(userId);
        var chain = FallbackChain.<Answer<Recommendations>>builder()
                .then(CACHE, cause -> Answer.of(fromCache(cached, sku, limit)))
                .then(
                        POPULAR,
                        cause -> Answer.of(new Recommendations(sku, userId, POPULAR, popular.fromRedis(sku, limit))))
                .then(
                        BUILT_IN,
                        cause ->
                                Answer.of(new Recommendations(sku, userId, BUILT_IN, PopularItems.builtIn(sku, limit))))
                .build();
        return opened(pipeline.callAsync(
                page.deadline(),
                d -> Answer.of(plain(() -> api.forProduct(sku, userId, limit, DependencyCalls.budget(d)))),
                chain));
    }

    /** The user's last answer, requested now so it is in hand (or known missing) if the call fails. */
    private CompletableFuture<Recommendations> cached(String userId) {
        return redis.value(String.class)
                .get(prefix + "recs:" + userId)
                .map(value -> {
                    try {
                        return value == null ? null : json.readValue(value, Recommendations.class);
                    } catch (Exception e) {
                        return null;
                    }
                })
                .onFailure()
                .recoverWithNull()
                .subscribeAsCompletionStage();
    }

    private static Recommendations fromCache(CompletableFuture<Recommendations> cached, String sku, int limit) {
        var answer = cached.getNow(null);
        if (answer == null || answer.items().isEmpty()) {
            throw new IllegalStateException("no cached recommendations for this user");
        }
        var items = answer.items().stream()
                .filter(r -> !r.sku().equals(sku))
                .limit(limit)
                .toList();
        return new Recommendations(sku, answer.userId(), CACHE, items);
    }

    /** A refusal that is our fault (a 4xx) passed the pipeline as an answer; here it becomes the failure again. */
    private static CompletableFuture<Served<Recommendations>> opened(
            CompletableFuture<Served<Answer<Recommendations>>> served) {
        return served.thenApply(s -> new Served<>(s.value().get(), s.source(), s.reason()));
    }

    /** Naive mode: the same plain call, on a connection of the one shared pool ({@link SharedPool}). */
    private <T> CompletableFuture<T> naive(Supplier<Uni<T>> call) {
        return DependencyCalls.cancellable(
                DEPENDENCY,
                null,
                null,
                () -> naive.call(DEPENDENCY, () -> call.get().subscribeAsCompletionStage()));
    }

    private static <T> CompletableFuture<T> plain(Supplier<Uni<T>> call) {
        return DependencyCalls.cancellable(
                DEPENDENCY, null, null, () -> call.get().subscribeAsCompletionStage());
    }
}
