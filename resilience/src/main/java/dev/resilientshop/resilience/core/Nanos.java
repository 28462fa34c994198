package dev.resilientshop.resilience.core;

import java.time.Duration;

/**
 * Saturating nanosecond arithmetic for deadlines and timers.
 *
 * <p>Failure it prevents: "no timeout" written as {@code Duration.ofNanos(Long.MAX_VALUE)}.
 * {@code now + Long.MAX_VALUE} wraps to a large negative number, a deadline in the distant past,
 * and every attempt expires the moment it starts; {@code Duration.ofDays(1_000_000).toNanos()}
 * throws instead. Here both stop at {@link Long#MAX_VALUE}, which a deadline reads as "unbounded".
 */
public final class Nanos {

    private Nanos() {}

    /** {@code d} in nanos, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when it does not fit. */
    public static long of(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, stopping at the ends of {@code long} instead of wrapping. */
    public static long add(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) { // both operands' sign differs from the result's: overflow
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** {@code a − b}, stopping at the ends of {@code long} instead of wrapping. */
    public static long subtract(long a, long b) {
        long diff = a - b;
        if (((a ^ b) & (a ^ diff)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return diff;
    }
}
