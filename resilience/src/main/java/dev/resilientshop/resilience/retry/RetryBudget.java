package dev.resilientshop.resilience.retry;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Validate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket that caps retries at a fraction of calls, like gRPC's retry throttling, with an
 * optional floor of retries per second, like Finagle's.
 *
 * <p>Failure it prevents (seed 002's RetryStormDetected: "the retry budget is amplifying load
 * on a degraded dependency"): with 3 attempts per call, a dependency that fails everything
 * receives 3× its normal load exactly when it can least take it. With a budget, every first
 * attempt deposits {@code ratio} tokens and every retry withdraws one, so over N calls retries
 * are at most {@code reserve + ratio × N}: 10% extra load, not 200%.
 *
 * <p>Settings:
 * <ul>
 * <li>{@code ratio} in (0, 1], default {@value #DEFAULT_RATIO}; Envoy and Finagle use
 *     {@value #ENVOY_FINAGLE_RATIO}.
 * <li>{@code reserve} ≥ 1 tokens, default 10: the bucket's size and starting balance, so a quiet
 *     service can still retry now and then.
 * <li>{@code minRetriesPerSecond} ≥ 0, default 0 (off): when the bucket is empty, still allow this
 *     many retries per second (Finagle's {@code minRetriesPerSec}, default
 *     {@value #FINAGLE_MIN_RETRIES_PER_SECOND}), refilled from the clock, at most one second's worth
 *     saved up. It keeps a low-traffic caller able to retry; it is also load a failing dependency
 *     gets whatever the traffic. Which the shop uses and why: docs/patterns/retry.md.
 * </ul>
 *
 * <p>Thread-safe. The ratio bucket is lock-free (fixed-point milli-tokens in one {@code
 * AtomicLong}); the per-second floor, only reached with the bucket empty, takes a lock. Shared by
 * every call of one dependency; hedging uses one too, for its extra-calls budget.
 */
public final class RetryBudget {

    public static final double DEFAULT_RATIO = 0.1;
    /** Envoy's {@code budget_percent} and Finagle's {@code percentCanRetry}: 20%. */
    public static final double ENVOY_FINAGLE_RATIO = 0.2;

    public static final int DEFAULT_RESERVE = 10;
    public static final double DEFAULT_MIN_RETRIES_PER_SECOND = 0;
    /** Finagle's {@code RetryBudget} default {@code minRetriesPerSec}. */
    public static final double FINAGLE_MIN_RETRIES_PER_SECOND = 10;

    private static final long SCALE = 1000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratio;
    private final long depositMilli;
    private final long capacityMilli;
    private final AtomicLong balanceMilli;
    private final double minRetriesPerSecond;
    private final Clock clock;
    private final double floorCapacity;
    private double floorTokens;
    private long floorRefilledAtNanos;

    private RetryBudget(double ratio, int reserve, double minRetriesPerSecond, Clock clock) {
        this.ratio = Validate.inHalfOpenRange("ratio", ratio, 0, 1);
        Validate.atLeast("reserve", reserve, 1);
        if (!(minRetriesPerSecond >= 0 && minRetriesPerSecond <= 1_000)) {
            throw new IllegalArgumentException(
                    "minRetriesPerSecond must be in [0, 1000], but was " + minRetriesPerSecond);
        }
        this.depositMilli = Math.max(1, Math.round(ratio * SCALE));
        this.capacityMilli = reserve * SCALE;
        this.balanceMilli = new AtomicLong(capacityMilli);
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.floorCapacity = minRetriesPerSecond == 0 ? 0 : Math.max(1, minRetriesPerSecond);
        this.floorRefilledAtNanos = clock.nanoTime();
    }

    /** A budget without a per-second floor. */
    public static RetryBudget of(double ratio, int reserve) {
        return new RetryBudget(ratio, reserve, 0, Clock.system());
    }

    /** A budget with a floor of {@code minRetriesPerSecond}, refilled from {@code clock}. */
    public static RetryBudget of(double ratio, int reserve, double minRetriesPerSecond, Clock clock) {
        return new RetryBudget(ratio, reserve, minRetriesPerSecond, clock);
    }

    public static RetryBudget ofDefaults() {
        return of(DEFAULT_RATIO, DEFAULT_RESERVE);
    }

    /** A first attempt happened: earn {@code ratio} of a token. */
    public void deposit() {
        long b = balanceMilli.get();
        if (b < capacityMilli) { // full bucket: skip the write (the healthy steady state)
            balanceMilli.accumulateAndGet(depositMilli, (cur, add) -> Math.min(capacityMilli, cur + add));
        }
    }

    /** Spends one token for a retry; false (and nothing spent) when the budget is empty. */
    public boolean tryWithdraw() {
        long b;
        do {
            b = balanceMilli.get();
            if (b < SCALE) {
                return floorCapacity > 0 && tryWithdrawFromFloor();
            }
        } while (!balanceMilli.compareAndSet(b, b - SCALE));
        return true;
    }

    /** The floor: {@code minRetriesPerSecond} tokens a second, at most one second's worth (≥ 1) saved. */
    private synchronized boolean tryWithdrawFromFloor() {
        long now = clock.nanoTime();
        double earned = (now - floorRefilledAtNanos) / (double) NANOS_PER_SECOND * minRetriesPerSecond;
        floorTokens = Math.min(floorCapacity, floorTokens + earned);
        floorRefilledAtNanos = now;
        if (floorTokens < 1) {
            return false;
        }
        floorTokens -= 1;
        return true;
    }

    /**
     * Full again, as when it was made: the reserve back, the per-second floor starting over
     * ({@code ./shop resilience <service> reset}, through the pipeline's reset).
     */
    public void reset() {
        balanceMilli.set(capacityMilli);
        synchronized (this) {
            floorTokens = 0;
            floorRefilledAtNanos = clock.nanoTime();
        }
    }

    /** Tokens left in the ratio bucket, for snapshots. */
    public double balance() {
        return balanceMilli.get() / (double) SCALE;
    }

    public double ratio() {
        return ratio;
    }

    public double minRetriesPerSecond() {
        return minRetriesPerSecond;
    }
}
