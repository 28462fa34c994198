package dev.resilientshop.resilience.deadline;

import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.core.Nanos;
import java.time.Duration;
import java.util.Objects;

/**
 * A time budget that shrinks as time passes, passed down the call chain.
 *
 * <p>Failure it prevents (seed 002): "without it, a 5-second client timeout becomes 10+ seconds
 * via nested timeouts", and a page with a 500 ms budget makes two sequential 500 ms calls. A
 * deadline is absolute: each call takes a {@link #child(Duration, Duration) child} no longer
 * than what is left, so the tighter constraint always wins, as Go's {@code WithTimeout(parent, d)}.
 *
 * <p>Across processes the budget travels as remaining milliseconds in {@link #HEADER}
 * ({@link #toHeaderValue()} / {@link #fromHeader}); clocks of different machines never have to
 * agree, only the network time is lost, which the receiver's reserve covers.
 *
 * <p>Immutable and thread-safe. In the composition it bounds everything: the bulkhead never
 * waits past it, retry never sleeps past it, every attempt's timeout is a child of it.
 */
public final class Deadline {

    /** Propagation header: the caller's remaining budget in whole milliseconds. */
    public static final String HEADER = "X-Request-Budget-Ms";

    private static final long NONE = Long.MAX_VALUE;

    private final Clock clock;
    private final long createdAtNanos;
    private final long expiresAtNanos;

    private Deadline(Clock clock, long createdAtNanos, long expiresAtNanos) {
        this.clock = clock;
        this.createdAtNanos = createdAtNanos;
        this.expiresAtNanos = expiresAtNanos;
    }

    /**
     * A budget of {@code budget} starting now. A budget too large for the clock (for example
     * {@code Duration.ofNanos(Long.MAX_VALUE)}, "no timeout") saturates to an unbounded deadline
     * instead of overflowing into the past.
     */
    public static Deadline after(Duration budget, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        long now = clock.nanoTime();
        return new Deadline(clock, now, Nanos.add(now, Math.max(0, Nanos.of(budget))));
    }

    /**
     * The deadline that {@link #createdAtNanos()} and {@link #expiresAtNanos()} of an existing one
     * describe, on the same clock: behaves exactly as that one. For code that hands a deadline
     * across a method boundary as numbers, so that the JIT, which often does not inline a large
     * method into its caller, can still see that the object made on the far side does not
     * escape and drop it (the sync pipeline; see docs/benchmarks.md).
     */
    public static Deadline of(Clock clock, long createdAtNanos, long expiresAtNanos) {
        return new Deadline(Objects.requireNonNull(clock, "clock"), createdAtNanos, expiresAtNanos);
    }

    /** No deadline: {@link #remaining()} is effectively infinite. Use sparingly (background jobs). */
    public static Deadline none(Clock clock) {
        return new Deadline(clock, 0, NONE);
    }

    /**
     * Reads {@link #HEADER}. A missing or malformed header means "the caller set no budget" and
     * gives {@code fallbackBudget}; a budget is never larger than {@code maxBudget}, so a
     * client cannot ask a server to work for an hour.
     */
    public static Deadline fromHeader(String headerValue, Duration fallbackBudget, Duration maxBudget, Clock clock) {
        Duration budget = fallbackBudget;
        if (headerValue != null) {
            try {
                budget = Duration.ofMillis(Math.max(0, Long.parseLong(headerValue.trim())));
            } catch (NumberFormatException e) {
                budget = fallbackBudget;
            }
        }
        return after(budget.compareTo(maxBudget) > 0 ? maxBudget : budget, clock);
    }

    /** Remaining whole milliseconds for {@link #HEADER}, never negative. */
    public String toHeaderValue() {
        return Long.toString(remainingNanos() / 1_000_000L);
    }

    /** The budget this deadline was created with (for messages). */
    public Duration budget() {
        return expiresAtNanos == NONE
                ? Duration.ofNanos(Long.MAX_VALUE)
                : Duration.ofNanos(Nanos.subtract(expiresAtNanos, createdAtNanos));
    }

    public long remainingNanos() {
        if (expiresAtNanos == NONE) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, Nanos.subtract(expiresAtNanos, clock.nanoTime()));
    }

    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    public boolean isExpired() {
        return remainingNanos() == 0;
    }

    /**
     * {@link #isExpired()} at {@code nowNanos}, a value just read from {@link #clock()}: for a
     * caller that reads the clock once and makes several decisions with it (the pipeline's sync
     * path), where each extra read costs tens of nanoseconds.
     */
    public boolean isExpiredAt(long nowNanos) {
        return expiresAtNanos != NONE && Nanos.subtract(expiresAtNanos, nowNanos) <= 0;
    }

    /**
     * {@code withReserve(reserve).isExpiredAt(nowNanos)} without creating the reserve deadline:
     * whether an attempt may still start at {@code nowNanos}.
     */
    public boolean isExpiredAt(long nowNanos, Duration reserve) {
        if (reserve.isZero()) {
            return isExpiredAt(nowNanos);
        }
        long startBy = Math.max(createdAtNanos, startBy(reserve));
        return startBy != NONE && Nanos.subtract(startBy, nowNanos) <= 0;
    }

    /**
     * {@link #isExpiredAt(long, Duration)} with the reserve already in nanoseconds ({@link
     * #nanosOf}): for a caller that converts its reserve once, when it is built, instead of on
     * every call (the pipeline's sync path).
     */
    public boolean isExpiredAt(long nowNanos, long reserveNanos) {
        if (reserveNanos == 0) {
            return isExpiredAt(nowNanos);
        }
        long startBy = Math.max(createdAtNanos, startByNanos(reserveNanos));
        return startBy != NONE && Nanos.subtract(startBy, nowNanos) <= 0;
    }

    /**
     * A call timeout or a reserve as the nanosecond methods take it: {@link Nanos#of} (saturating),
     * negative as zero, exactly as the {@link Duration} methods read it.
     */
    public static long nanosOf(Duration d) {
        return Math.max(0, Nanos.of(d));
    }

    public boolean isUnbounded() {
        return expiresAtNanos == NONE;
    }

    /**
     * The deadline for one downstream call: {@code min(remaining − reserve, callTimeout)}. The
     * reserve is time kept back to do something with the answer (or the fallback) after the
     * call returns; the call timeout is the dependency's own limit (seed 003: payment 3 s).
     */
    public Deadline child(Duration callTimeout, Duration reserve) {
        return child(callTimeout, reserve, clock.nanoTime());
    }

    /** As {@link #child(Duration, Duration)}, created at {@code now}, a value just read from {@link #clock()}. */
    public Deadline child(Duration callTimeout, Duration reserve, long now) {
        long byTimeout = Nanos.add(now, Math.max(0, Nanos.of(callTimeout)));
        return new Deadline(clock, now, Math.max(now, Math.min(startBy(reserve), byTimeout)));
    }

    /**
     * {@link #child(Duration, Duration, long)} with the call timeout and the reserve already in
     * nanoseconds ({@link #nanosOf}), converted once by a caller that makes many children.
     */
    public Deadline child(long callTimeoutNanos, long reserveNanos, long now) {
        long byTimeout = Nanos.add(now, callTimeoutNanos);
        return new Deadline(clock, now, Math.max(now, Math.min(startByNanos(reserveNanos), byTimeout)));
    }

    /**
     * The same deadline, {@code reserve} earlier: the last moment an attempt may start and still
     * leave the caller its reserve. Retry schedules no attempt past it (an attempt that cannot
     * start is load for nothing, and it is no signal of the dependency's health).
     */
    public Deadline withReserve(Duration reserve) {
        return reserve.isZero()
                ? this
                : new Deadline(clock, createdAtNanos, Math.max(createdAtNanos, startBy(reserve)));
    }

    private long startBy(Duration reserve) {
        return startByNanos(nanosOf(reserve));
    }

    private long startByNanos(long reserveNanos) {
        return expiresAtNanos == NONE ? NONE : Nanos.subtract(expiresAtNanos, reserveNanos);
    }

    /** A child bounded only by what is left (no reserve, no call timeout). */
    public Deadline child(Duration callTimeout) {
        return child(callTimeout, Duration.ZERO);
    }

    /** Throws {@link DeadlineExceededException} if nothing is left. */
    public void throwIfExpired(String what) {
        if (isExpired()) {
            throw DeadlineExceededException.budgetExhausted(what);
        }
    }

    public Clock clock() {
        return clock;
    }

    /** When this deadline was created, a reading of {@link #clock()} ({@link #of} takes it back). */
    public long createdAtNanos() {
        return createdAtNanos;
    }

    /** When it expires, on the scale of {@link #clock()}; {@link Long#MAX_VALUE} when {@link #isUnbounded()}. */
    public long expiresAtNanos() {
        return expiresAtNanos;
    }

    @Override
    public String toString() {
        return isUnbounded() ? "Deadline[none]" : "Deadline[" + remaining() + " left]";
    }
}
