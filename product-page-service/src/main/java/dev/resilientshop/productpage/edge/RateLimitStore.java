package dev.resilientshop.productpage.edge;

import dev.resilientshop.resilience.ratelimit.RateLimiter;
import dev.resilientshop.resilience.ratelimit.RateLimiter.Decision;
import io.smallrye.mutiny.Uni;

/**
 * Where the product page keeps its per-client token buckets ({@code shop.rate-limit.store}):
 * {@link #local} keeps them in this pod's memory (the library's {@link RateLimiter}), so with N
 * pods a client gets N budgets; {@link RedisRateLimitStore} keeps one bucket per client in Redis
 * that every pod shares. {@link RateLimitFilter} only sees this interface.
 *
 * <p>Answers with a {@link Uni} so a store that talks to a server never blocks the event loop the
 * filter runs on. A store never fails: it answers a {@link Decision} or, if it cannot, falls back
 * to a local bucket itself.
 */
interface RateLimitStore {

    /** Takes a token from {@code client}'s bucket if there is one. */
    Uni<Decision> tryAcquire(String client);

    /** Requests refused so far, for {@code rate_limit_rejected_total}. */
    long rejectedCount();

    /** Every bucket this store can reach full again ({@code POST /ops/resilience/reset}). */
    void reset();

    /** This pod's buckets: no round trip, one budget per pod. */
    static RateLimitStore local(RateLimiter buckets) {
        return new RateLimitStore() {
            @Override
            public Uni<Decision> tryAcquire(String client) {
                return Uni.createFrom().item(buckets.tryAcquire(client));
            }

            @Override
            public long rejectedCount() {
                return buckets.rejectedCount();
            }

            @Override
            public void reset() {
                buckets.reset();
            }
        };
    }
}
