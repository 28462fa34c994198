package dev.resilientshop.resilience.core;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Randomness for jitter and hedging simulations, injectable so tests are repeatable.
 *
 * <p>Failure it prevents: a jitter test that passes or fails by luck. Production uses
 * {@link #threadLocal()} (no contention); tests use {@link #seeded(long)}.
 */
@FunctionalInterface
public interface RandomSource {

    /** A uniformly distributed double in {@code [0, 1)}. */
    double nextDouble();

    /** Uniform in {@code [origin, bound)}; returns {@code origin} when the range is empty. */
    default double between(double origin, double bound) {
        return bound <= origin ? origin : origin + nextDouble() * (bound - origin);
    }

    /** {@link ThreadLocalRandom}: fast, unseeded, for production. */
    static RandomSource threadLocal() {
        return () -> ThreadLocalRandom.current().nextDouble();
    }

    /** A repeatable sequence; synchronized, so it is safe (if not fast) across threads. */
    static RandomSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> {
            synchronized (random) {
                return random.nextDouble();
            }
        };
    }
}
