package dev.resilientshop.resilience.deadline;

/**
 * A call ran out of time: either its own timeout ({@link #isCallTimeout()}, worth retrying if
 * budget remains) or the whole request's budget (not worth anything more).
 *
 * <p>Unchecked, so it travels through {@code Supplier}s and {@code CompletionStage}s alike. No
 * stack trace: timeouts are frequent in an incident and their origin is the name in the message.
 */
public final class DeadlineExceededException extends RuntimeException {

    private final boolean callTimeout;

    private DeadlineExceededException(String message, boolean callTimeout) {
        super(message, null, false, false);
        this.callTimeout = callTimeout;
    }

    public static DeadlineExceededException callTimedOut(String what, java.time.Duration after) {
        return new DeadlineExceededException(what + " timed out after " + after.toMillis() + " ms", true);
    }

    /**
     * The budget was spent before {@code what} could start: no attempt was made. Pipelines count
     * it as {@code deadline_exhausted_total}, never against the dependency's breaker or limit.
     */
    public static DeadlineExceededException budgetExhausted(String what) {
        return new DeadlineExceededException("request budget exhausted before " + what, false);
    }

    public boolean isCallTimeout() {
        return callTimeout;
    }
}
