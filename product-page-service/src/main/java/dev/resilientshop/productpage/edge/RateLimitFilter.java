package dev.resilientshop.productpage.edge;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.ResilienceMode.Pattern;
import dev.resilientshop.kit.resilience.ResilienceReset;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiter.Decision;
import dev.resilientshop.resilience.ratelimit.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A token bucket per client at the product page's door (seed 003, "protect your service from
 * being overwhelmed"): {@code shop.rate-limit.capacity} tokens (100), refilled at
 * {@code shop.rate-limit.refill-per-second} (10/s). A request without a token gets 429 with
 * {@code Retry-After} (seconds until the next token): problem+json under {@code /api}, a short
 * HTML page elsewhere. Exported as {@code rate_limit_rejected_total{dependency="clients"}}.
 *
 * <p>Who is a client: {@link ClientAddress} (the peer, or behind trusted proxies the right-most
 * address in {@code X-Forwarded-For} that is not one of them; IPv6 by its /64). By default no
 * proxy is trusted, so a client cannot mint fresh identities by sending the header.
 *
 * <p>Not limited: the paths of {@link DoorRefusal#exempt} (health, metrics, {@code /ops}, static
 * assets), and the start-up warm-up's requests ({@link WarmUpPass}). Switched off with
 * {@code shop.rate-limit.enabled=false}, and bypassed in naive mode like every other pattern.
 *
 * <p>Where the buckets live, {@code shop.rate-limit.store}: {@code local} (default; this pod's
 * memory, no round trip, one budget per pod) or {@code redis} (one budget per client shared by
 * every pod, {@link RedisRateLimitStore}; falls back to the local buckets when Redis does not
 * answer within {@code shop.rate-limit.redis-timeout}, 50 ms, counted in
 * {@code rate_limit_store_fallbacks_total}).
 */
class RateLimitFilter {

    private final boolean enabled;
    private final RateLimitStore store;
    private final ResilienceMode mode;
    private final ClientAddress clients;
    private final WarmUpPass warmUp;

    RateLimitFilter(
            @ConfigProperty(name = "shop.rate-limit.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "shop.rate-limit.capacity", defaultValue = "100") int capacity,
            @ConfigProperty(name = "shop.rate-limit.refill-per-second", defaultValue = "10") double refill,
            @ConfigProperty(name = "shop.rate-limit.store", defaultValue = "local") String storeName,
            @ConfigProperty(name = "shop.rate-limit.redis-timeout", defaultValue = "50ms") Duration redisTimeout,
            @ConfigProperty(name = "shop.fallback.redis-prefix") Optional<String> prefix,
            @ConfigProperty(name = "shop.instance", defaultValue = "product-page") String service,
            Clock clock,
            ResilienceMode mode,
            MeterRegistry meters,
            ClientAddress clients,
            WarmUpPass warmUp,
            Instance<ReactiveRedisDataSource> redis) {
        this.clients = clients;
        this.warmUp = warmUp;
        this.enabled = enabled;
        this.mode = mode;
        var local = RateLimiter.of(
                "clients",
                RateLimiterConfig.builder()
                        .capacity(capacity)
                        .refillPerSecond(refill)
                        .clock(clock)
                        .build());
        this.store = switch (storeName) {
            case "local" -> RateLimitStore.local(local);
            case "redis" -> {
                var fallbacks = Counter.builder("rate_limit_store_fallbacks")
                        .description("Requests judged by this pod's bucket because Redis did not answer in time")
                        .tags("service", service, "dependency", local.name())
                        .register(meters);
                yield new RedisRateLimitStore(
                        redis.get().getRedis(),
                        prefix.orElse(""),
                        capacity,
                        refill,
                        redisTimeout,
                        local,
                        fallbacks::increment,
                        clock);
            }
            default ->
                throw new IllegalArgumentException(
                        "shop.rate-limit.store must be local or redis, but was '" + storeName + "'");
        };
        // the name and labels ResilienceMetrics.bind gives a library RateLimiter
        FunctionCounter.builder("rate_limit_rejected", store, RateLimitStore::rejectedCount)
                .tags("service", service, "dependency", local.name())
                .register(meters);
    }

    /** {@code POST /ops/resilience/reset}: every client's bucket full again. */
    void onReset(@Observes ResilienceReset reset) {
        store.reset();
    }

    @ServerRequestFilter(preMatching = true)
    Uni<Response> limit(RoutingContext routing) {
        var path = routing.normalizedPath();
        if (!enabled || DoorRefusal.exempt(path) || mode.isOff(Pattern.RATE_LIMIT) || warmUp.carriedBy(routing)) {
            return Uni.createFrom().nullItem();
        }
        return store.tryAcquire(clients.keyOf(routing))
                .map(decision -> decision.allowed() ? null : refusal(decision, path));
    }

    private static Response refusal(Decision decision, String path) {
        long retryAfter = Math.max(1, decision.retryAfterSeconds());
        return DoorRefusal.of(
                        429,
                        retryAfter,
                        path,
                        "Too many requests",
                        "This client sent more than the shop serves one client; retry after " + retryAfter + " s",
                        "Slow down",
                        "Too many requests",
                        "You are clicking faster than we can serve one visitor. Please wait " + retryAfter
                                + " s and try again.")
                .build();
    }
}
