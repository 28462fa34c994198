package dev.resilientshop.resilience.pipeline;

import dev.resilientshop.resilience.bulkhead.ConcurrencyLimiter.Token;
import dev.resilientshop.resilience.circuitbreaker.Permit;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted call: its bulkhead (or limiter) token and breaker permit, released together
 * exactly once, and the round-trip time of its latest attempt.
 *
 * <p>Failures it prevents: a slot leaked when an {@code Error} or a throwing predicate skips the
 * release (after 50 leaks a bulkhead of 50 refuses everything), and a slot released twice when
 * the release itself throws and the caller's error path releases again ({@code inFlight()}
 * negative, more calls admitted than the limit). {@link #finish()} lets exactly one exit through.
 *
 * <p>The attempt RTT is what the limiter and the breaker learn from: the span of the whole
 * call includes backoff sleeps, and a call that succeeded on its second attempt after a 100 ms
 * backoff would look like queueing and halve an adaptive limit.
 */
final class Admission {

    /** How an outcome is reported; only SUCCESS and FAILURE say anything about the dependency. */
    enum Outcome {
        SUCCESS,
        FAILURE,
        IGNORED,
        NOT_STARTED;

        /** {@code cause} already unwrapped; null means success. */
        static Outcome of(Throwable cause) {
            if (cause == null) {
                return SUCCESS;
            }
            if (cause instanceof DeadlineExceededException d && !d.isCallTimeout()) {
                return NOT_STARTED; // the request's budget was spent before the attempt: the caller's overload
            }
            if (cause instanceof CancellationException || cause instanceof Error) {
                return IGNORED; // the caller gave up, or our own code broke: not the dependency's doing
            }
            return FAILURE;
        }
    }

    final Token token;
    final Permit permit;
    final Deadline startBy;
    final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long attemptRttNanos = -1;

    Admission(Token token, Permit permit, Deadline startBy, long startNanos) {
        this.token = token;
        this.permit = permit;
        this.startBy = startBy;
        this.startNanos = startNanos;
    }

    /** True exactly once: the caller that gets true reports the outcome and releases. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    /**
     * Reports {@code outcome} to the permit and the token, both even if the first throws (a
     * throwing exception predicate must not leak the slot); returns what was thrown, if anything.
     * Call once, after {@link #finish()} returned true.
     */
    RuntimeException release(Outcome outcome, long rttNanos, Throwable cause) {
        RuntimeException problem = null;
        try {
            switch (outcome) {
                case SUCCESS -> permit.onSuccess(rttNanos);
                case FAILURE -> permit.onError(rttNanos, cause);
                default -> permit.onIgnore();
            }
        } catch (RuntimeException e) {
            problem = e;
        }
        try {
            switch (outcome) {
                case SUCCESS -> token.onSuccess(rttNanos);
                case FAILURE -> token.onError(rttNanos);
                default -> token.onIgnore();
            }
        } catch (RuntimeException e) {
            problem = alongside(problem, e);
        }
        return problem;
    }

    /**
     * {@link #release} of a success for the sync fast path, which holds a bulkhead slot and no
     * token: the permit first, then the slot, the slot even if the permit throws.
     */
    static RuntimeException release(
            Permit permit, long rttNanos, dev.resilientshop.resilience.bulkhead.Bulkhead slotOf) {
        RuntimeException problem = null;
        try {
            permit.onSuccess(rttNanos);
        } catch (RuntimeException e) {
            problem = e;
        }
        try {
            slotOf.releaseSlot();
        } catch (RuntimeException e) {
            problem = alongside(problem, e);
        }
        return problem;
    }

    /** The first failure of the bookkeeping is the one reported; a later one rides along as suppressed. */
    private static RuntimeException alongside(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** An attempt that reached the dependency ended after {@code rttNanos}. */
    void attemptEnded(long rttNanos) {
        attemptRttNanos = rttNanos;
    }

    /** The latest attempt's RTT, or the whole call's when no attempt ended (e.g. a sync call that threw early). */
    long rttNanos(long nowNanos) {
        long rtt = attemptRttNanos;
        return rtt >= 0 ? rtt : nowNanos - startNanos;
    }
}
