package dev.resilientshop.resilience.retry;

import dev.resilientshop.resilience.core.Validate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket that caps retries at a fraction of calls, like gRPC's retry throttling.
 *
 * <p>Failure it prevents (seed 002's RetryStormDetected: "the retry budget is amplifying load
 * on a degraded dependency"): with 3 attempts per call, a dependency that fails everything
 * receives 3× its normal load exactly when it can least take it. With a budget, every first
 * attempt deposits {@code ratio} tokens and every retry withdraws one, so over N calls retries
 * are at most {@code reserve + ratio × N}: 10% extra load, not 200%.
 *
 * <p>Settings: {@code ratio} in (0, 1], default 0.1; {@code reserve} ≥ 1 tokens, default 10:
 * the bucket's size and starting balance, so a quiet service can still retry now and then.
 *
 * <p>Thread-safe, lock-free (fixed-point milli-tokens in one {@code AtomicLong}). Shared by every
 * call of one dependency; hedging uses one too, for its extra-calls budget.
 */
public final class RetryBudget {

    public static final double DEFAULT_RATIO = 0.1;
    public static final int DEFAULT_RESERVE = 10;
    private static final long SCALE = 1000;

    private final double ratio;
    private final long depositMilli;
    private final long capacityMilli;
    private final AtomicLong balanceMilli;

    private RetryBudget(double ratio, int reserve) {
        this.ratio = Validate.inHalfOpenRange("ratio", ratio, 0, 1);
        Validate.atLeast("reserve", reserve, 1);
        this.depositMilli = Math.max(1, Math.round(ratio * SCALE));
        this.capacityMilli = reserve * SCALE;
        this.balanceMilli = new AtomicLong(capacityMilli);
    }

    public static RetryBudget of(double ratio, int reserve) {
        return new RetryBudget(ratio, reserve);
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
                return false;
            }
        } while (!balanceMilli.compareAndSet(b, b - SCALE));
        return true;
    }

    /** Tokens left, for snapshots. */
    public double balance() {
        return balanceMilli.get() / (double) SCALE;
    }

    public double ratio() {
        return ratio;
    }
}
