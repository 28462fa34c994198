package dev.resilientshop.resilience.ratelimit;

import java.time.Duration;

/**
 * A token bucket per key (client id, IP, API key).
 *
 * <p>Failure it prevents (seed 003, "protect your service from being overwhelmed"): one client
 * in a loop takes the capacity every other client needed. Each key gets {@code capacity} tokens
 * (the burst it may send) refilled at {@code refillPerSecond}; a request without a token is
 * refused, and {@link Decision#retryAfter()} says when the next token arrives, for a 429's
 * {@code Retry-After}.
 *
 * <p>Memory stays bounded with many keys: a bucket that has refilled to full is
 * indistinguishable from a new one and is evicted first; beyond {@code maxKeys}, the
 * longest-idle buckets go too. Settings: {@link RateLimiterConfig}.
 *
 * <p>Thread-safe: a small lock per bucket, never one for all keys. Place: at the edge of a
 * service (inbound), not in the outbound pipeline.
 */
public interface RateLimiter {

    static RateLimiter of(String name, RateLimiterConfig config) {
        return new KeyedTokenBuckets(name, config);
    }

    static RateLimiter ofDefaults(String name) {
        return of(name, RateLimiterConfig.ofDefaults());
    }

    /** Takes a token for {@code key} if there is one. */
    Decision tryAcquire(String key);

    String name();

    /** Keys currently holding a bucket. */
    int trackedKeys();

    long rejectedCount();

    /** Every bucket full again (drills, operators); the rejection count stays (it is a metric). */
    void reset();

    /**
     * The answer for one request.
     *
     * @param allowed whether a token was taken
     * @param remaining whole tokens left for this key
     * @param retryAfter zero when allowed; otherwise the time until the next whole token
     */
    record Decision(boolean allowed, long remaining, Duration retryAfter) {

        /** {@code retryAfter} rounded up to whole seconds, as the header wants it. */
        public long retryAfterSeconds() {
            return (retryAfter.toMillis() + 999) / 1000;
        }
    }
}
