package dev.resilientshop.resilience.ratelimit;

import dev.resilientshop.resilience.core.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Buckets in a concurrent map; lazy refill on access; eviction when over {@code maxKeys}. */
final class KeyedTokenBuckets implements RateLimiter {

    private final String name;
    private final RateLimiterConfig config;
    private final Clock clock;
    private final double tokensPerNano;
    /**
     * Half a billionth of a token: a refilled bucket computed in doubles can stop a hair short of
     * full (1.9999999999999998 of 2); below any amount a client could notice.
     */
    private static final double FULL_EPSILON = 5e-10;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();

    KeyedTokenBuckets(String name, RateLimiterConfig config) {
        this.name = name;
        this.config = config;
        this.clock = config.clock();
        this.tokensPerNano = config.refillPerSecond() / 1e9;
    }

    @Override
    public Decision tryAcquire(String key) {
        long now = clock.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(config.capacity(), now));
        Decision d = bucket.take(now);
        if (buckets.size() > config.maxKeys()) {
            // after the take: a new bucket is full until it is used, and evicting it as "full"
            // would drop the request's cost, so a client past maxKeys was never limited
            evict(now);
        }
        if (!d.allowed()) {
            rejected.increment();
        }
        return d;
    }

    @Override
    public void reset() {
        buckets.clear(); // a client's next request starts a full bucket
    }

    /** Drops full buckets (nothing lost), then the longest idle until 90% of maxKeys remain. */
    private synchronized void evict(long now) {
        if (buckets.size() <= config.maxKeys()) {
            return;
        }
        buckets.values().removeIf(b -> b.isFull(now));
        int target = Math.max(1, (int) (config.maxKeys() * 0.9));
        if (buckets.size() > target) {
            buckets.entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> e.getValue().lastUsedNanos()))
                    .limit(buckets.size() - target)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(buckets::remove);
        }
    }

    private final class Bucket {
        private double tokens;
        private long lastNanos;
        /** Last request, for "longest idle": refilling (which eviction itself does) must not make a bucket look busy. */
        private long lastUsedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
            this.lastUsedNanos = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            lastUsedNanos = Math.max(lastUsedNanos, now);
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, (long) tokens, Duration.ZERO);
            }
            long wait = (long) Math.ceil((1 - tokens) / tokensPerNano);
            return new Decision(false, 0, Duration.ofNanos(wait));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= config.capacity() - FULL_EPSILON; // doubles may stop a hair short of full
        }

        synchronized long lastUsedNanos() {
            return lastUsedNanos;
        }

        private void refill(long now) {
            if (now > lastNanos) {
                tokens = Math.min(config.capacity(), tokens + (now - lastNanos) * tokensPerNano);
                lastNanos = now;
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int trackedKeys() {
        return buckets.size();
    }

    @Override
    public long rejectedCount() {
        return rejected.sum();
    }
}
