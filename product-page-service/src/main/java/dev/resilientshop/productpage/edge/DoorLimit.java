package dev.resilientshop.productpage.edge;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.kit.resilience.ResilienceMode.Pattern;
import dev.resilientshop.kit.resilience.ResilienceReset;
import dev.resilientshop.productpage.page.PageDeadline;
import dev.resilientshop.resilience.bulkhead.Bulkhead;
import dev.resilientshop.resilience.bulkhead.BulkheadConfig;
import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import dev.resilientshop.resilience.limit.AdaptiveLimiter;
import dev.resilientshop.resilience.limit.AimdConfig;
import dev.resilientshop.resilience.limit.Limit;
import dev.resilientshop.resilience.limit.RttFloor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Load shedding at the product page's door: at most {@code shop.door.max-in-flight} requests
 * (pages, the JSON API, checkouts) are worked on at once; one more is answered 503 at once, with
 * {@code Retry-After} and {@value #SHED_HEADER}, before it takes a worker thread or calls anything.
 *
 * <p>Why (issue 15, measured before this change on a two-core machine running the whole shop):
 * an open-model load above the product page's capacity did not fail, it queued. Every request was admitted, waited for CPU and
 * for a worker, and spent its 500 ms page budget ({@link PageDeadline}) there; its reads then
 * timed out, healthy dependencies' breakers opened under the page's own load, and 61-87% of
 * reads were served by fallbacks. A page refused in a millisecond costs the shop nothing and
 * tells the shopper (or a browser's retry) when to come back; the pages admitted keep their
 * whole budget for real work, so they come back full. Degradation (fallbacks) stays what it is
 * for: a dependency that cannot answer, not a shop that took on more than it can do.
 *
 * <p>How many: {@code shop.door.limit=fixed} (the default) is a plain bound of
 * {@code max-in-flight} (64). {@code shop.door.limit=adaptive} uses the library's AIMD limit on the
 * pages' own round trips, from {@code shop.door.max-in-flight} (64) down to
 * {@code shop.door.min-in-flight} (4). Round trips under {@code shop.door.rtt-floor} (125 ms) count
 * as the floor ({@link RttFloor}), so the limit halves only while admitted requests take more
 * than twice that, 250 ms, half the page budget: queueing for the CPU, not a burst that a healthy
 * shop serves in 100 ms. A fixed bound cannot be right on every machine: what one machine can work
 * on within the budget is its capacity times the page time (Little's law), and the capacity of
 * the shared two-core machine of docs/benchmarks.md ("Overload") moved by a factor of two within
 * minutes, while a healthy shop also gets bursts of up to thirty pages at once
 * (LimitRecoveryDrillTest) that it serves well inside the budget.
 *
 * <p>Known limit (the sweep there): under four times its capacity the page did not queue, it
 * degraded fast, because the inner limits and breakers refused reads first; fast degraded pages
 * do not move this limit. Feeding "degraded by a refused or timed-out read" back as a drop is the
 * next step.
 * That is also why adaptive is opt-in: in that sweep it never left 64, so it bought nothing over
 * the fixed bound (the library's {@link Bulkhead}, no queue), while a dependency slow for long
 * (pages averaging over 250 ms) could shrink it and refuse pages a slow shop could still serve.
 *
 * <p>Never shed: health, metrics, {@code /ops} (operators need them most during a storm) and the
 * static assets, the same list as the rate limit ({@link DoorRefusal#exempt}). The rate limit
 * runs first, so a greedy client's refused requests never take a slot. Off with
 * {@code shop.door.max-in-flight=0}, by {@code ./shop resilience product-page off=load-shedding},
 * and in naive mode. Exported as {@code load_shed_rejected_total}, {@code load_shed_active_requests}
 * and {@code load_shed_max_in_flight} ({@code dependency="door"}).
 */
@Singleton
class DoorLimit {

    /** Marks a 503 as shed at the door, so a client (and the load generator) tells it from a page that failed. */
    public static final String SHED_HEADER = "X-Shed";

    static final String NAME = "door";

    private final ConcurrencyLimiter limiter;
    private final ResilienceMode mode;
    private final long retryAfterSeconds;

    DoorLimit(
            @ConfigProperty(name = "shop.door.limit", defaultValue = "fixed") String kind,
            @ConfigProperty(name = "shop.door.max-in-flight", defaultValue = "0") int maxInFlight,
            @ConfigProperty(name = "shop.door.min-in-flight", defaultValue = "4") int minInFlight,
            @ConfigProperty(name = "shop.door.rtt-floor", defaultValue = "125ms") Duration rttFloor,
            @ConfigProperty(name = "shop.door.retry-after-seconds", defaultValue = "1") long retryAfterSeconds,
            @ConfigProperty(name = "shop.instance", defaultValue = "product-page") String service,
            ResilienceMode mode,
            MeterRegistry meters) {
        if (maxInFlight < 0) {
            throw new IllegalArgumentException("shop.door.max-in-flight must be 0 (off) or more, was " + maxInFlight);
        }
        this.mode = mode;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        this.limiter = maxInFlight == 0
                ? null
                : switch (kind) {
                    case "fixed" -> Bulkhead.of(NAME, BulkheadConfig.ofMaxConcurrentCalls(maxInFlight));
                    case "adaptive" ->
                        AdaptiveLimiter.of(
                                NAME,
                                new RttFloor(
                                        Limit.aimd(AimdConfig.builder()
                                                .initialLimit(maxInFlight)
                                                .minLimit(Math.min(minInFlight, maxInFlight))
                                                .maxLimit(maxInFlight)
                                                .build()),
                                        rttFloor));
                    default ->
                        throw new IllegalArgumentException(
                                "shop.door.limit must be adaptive or fixed, but was '" + kind + "'");
                };
        if (limiter != null) {
            // named like the library's bulkhead metrics (ResilienceMetrics), under their own prefix
            Gauge.builder("load_shed_active_requests", limiter, ConcurrencyLimiter::inFlight)
                    .tags("service", service, "dependency", NAME)
                    .description("Requests past the product page's door now")
                    .strongReference(true)
                    .register(meters);
            Gauge.builder("load_shed_max_in_flight", limiter, ConcurrencyLimiter::limit)
                    .tags("service", service, "dependency", NAME)
                    .description("How many requests the door admits at once")
                    .strongReference(true)
                    .register(meters);
            FunctionCounter.builder("load_shed_rejected", limiter, ConcurrencyLimiter::rejectedCount)
                    .tags("service", service, "dependency", NAME)
                    .description("Requests answered 503 at the door because it was full")
                    .register(meters);
        }
    }

    /** Requests admitted and not finished yet (0 when the door has no limit). */
    public int inFlight() {
        return limiter == null ? 0 : limiter.inFlight();
    }

    /** How many requests the door admits at once now (0 when it has no limit). */
    public int limit() {
        return limiter == null ? 0 : limiter.limit();
    }

    /** {@code POST /ops/resilience/reset}: an adaptive door forgets what it learned. */
    void onReset(@Observes ResilienceReset reset) {
        if (limiter != null) {
            limiter.reset();
        }
    }

    /** Requests shed since start. */
    public long shedCount() {
        return limiter == null ? 0 : limiter.rejectedCount();
    }

    /** After the rate limit ({@link RateLimitFilter}, priority USER), before anything else works on the request. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 100)
    Response admit(RoutingContext routing) {
        if (limiter == null) {
            return null;
        }
        var path = routing.normalizedPath();
        if (DoorRefusal.exempt(path) || mode.isOff(Pattern.LOAD_SHEDDING)) {
            return null;
        }
        var token = limiter.tryAcquire();
        if (token == null) {
            return refusal(path);
        }
        long start = System.nanoTime();
        // once per request, however it ends (answered, failed, or the client went away)
        routing.addEndHandler(done -> token.onSuccess(System.nanoTime() - start));
        return null;
    }

    private Response refusal(String path) {
        return DoorRefusal.of(
                        503,
                        retryAfterSeconds,
                        path,
                        "Overloaded",
                        "The shop is serving as many requests as it can; retry after " + retryAfterSeconds + " s",
                        "Busy",
                        "The shop is very busy",
                        "Too many shoppers at once: please try again in " + retryAfterSeconds + " s.")
                .header(SHED_HEADER, NAME)
                .header("Cache-Control", "no-store")
                .build();
    }
}
