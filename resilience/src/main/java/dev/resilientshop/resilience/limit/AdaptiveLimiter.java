package dev.resilientshop.resilience.limit;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bulkhead whose size is a {@link Limit} that tunes itself from round-trip times (seed 002,
 * "self-tuning bulkheads"). Drop-in for a fixed {@code Bulkhead} wherever a
 * {@link ConcurrencyLimiter} is taken.
 *
 * <p>Admission is a compare-and-set on the in-flight count against the current limit (fail
 * fast, never queue); each token reports its RTT back to the limit. The token is shared (no
 * allocation): report exactly one outcome per acquired token.
 *
 * <p>Thread-safe. The limit's own update is synchronized (as in the seed); admission is not.
 */
public final class AdaptiveLimiter implements ConcurrencyLimiter {

    private final String name;
    private final Limit limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final Token token = new Token() {
        @Override
        public void onSuccess(long rttNanos) {
            limit.onSample(rttNanos, inFlight.getAndDecrement(), false);
        }

        @Override
        public void onError(long rttNanos) {
            limit.onSample(rttNanos, inFlight.getAndDecrement(), true);
        }

        @Override
        public void onIgnore() {
            inFlight.decrementAndGet();
        }
    };

    private AdaptiveLimiter(String name, Limit limit) {
        this.name = Objects.requireNonNull(name, "name");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    public static AdaptiveLimiter of(String name, Limit limit) {
        return new AdaptiveLimiter(name, limit);
    }

    /** Seed 002's AIMD. */
    public static AdaptiveLimiter aimd(String name, AimdConfig config) {
        return of(name, Limit.aimd(config));
    }

    public static AdaptiveLimiter gradient(String name, GradientConfig config) {
        return of(name, Limit.gradient(config));
    }

    @Override
    public Token tryAcquire() {
        int current;
        do {
            current = inFlight.get();
            if (current >= limit.limit()) {
                rejected.increment();
                return null;
            }
        } while (!inFlight.compareAndSet(current, current + 1));
        return token;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int limit() {
        return limit.limit();
    }

    /** The limit back to its initial value; calls in flight keep their tokens. */
    @Override
    public void reset() {
        limit.reset();
    }

    @Override
    public long rejectedCount() {
        return rejected.sum();
    }
}
