package dev.resilientshop.kit.resilience;

import dev.resilientshop.resilience.retry.FailureClassifier;
import dev.resilientshop.resilience.retry.StatusCarrier;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * The one rule every caller in the shop uses to decide whether a failed call says something
 * about the health of the dependency it called.
 *
 * <p>Failure it prevents (issue 11, item 17, confirmed on a running shop): five anonymous
 * requests with a 101-character search text made inventory answer 400 five times; the product
 * page counted each 400 as an outage, opened the inventory breaker, and every visitor got a 503
 * listing and the stale-stock banner. A 4xx is the caller's fault: the dependency answered
 * promptly and correctly that the request was wrong. Seed 002's checklist says the same for
 * retries ("Retry only on retryable errors (503, 502, timeouts — not 400, 404)").
 *
 * <ul>
 * <li>{@link #isCallersFault(int)}: 400-499 except 408 (Request Timeout) and 429 (Too Many
 * Requests). Such an answer is no breaker failure, no adaptive-limit drop, no retry and no
 * fallback: the caller surfaces it as its own 4xx.
 * <li>{@link #isDependencyFailure(int)}: no answer at all (status 0: refused, reset, timed out),
 * 408, 429 and every 5xx. These count against the breaker and are worth another attempt where
 * the call may be repeated.
 * </ul>
 * Failures carry their status through the library's {@link StatusCarrier}; a failure without a
 * status (a timeout, a refused connection) is judged by {@link FailureClassifier#defaults()}, also
 * when the caller wrapped it in an {@link UncheckedIOException} to throw it from a lambda (payment's
 * fraud client does).
 * Stateless and thread-safe.
 */
public final class HealthSignal {

    /**
     * For {@code CircuitBreakerConfig.ignoreException}: true for a failure whose status is the
     * caller's fault, which must neither open nor close a breaker.
     */
    public static final Predicate<Throwable> CALLERS_FAULT = HealthSignal::isCallersFault;

    /**
     * For {@code RetryConfig.retryOn}: a status the dependency is to blame for (0, 408, 429, 5xx),
     * or a failure without a status that the library's defaults call transient (a call timeout,
     * a connection error). Never a 4xx that is the caller's fault.
     */
    public static final FailureClassifier TRANSIENT = HealthSignal::isTransient;

    private HealthSignal() {}

    /** 400-499 except 408 and 429. */
    public static boolean isCallersFault(int status) {
        return status >= 400 && status <= 499 && status != 408 && status != 429;
    }

    /** 0 (no answer), 408, 429, 500-599. */
    public static boolean isDependencyFailure(int status) {
        return status == 0 || status == 408 || status == 429 || (status >= 500 && status <= 599);
    }

    /** True when {@code failure} (unwrapped from future wrappers) carries a caller's-fault status. */
    public static boolean isCallersFault(Throwable failure) {
        return FailureClassifier.unwrap(failure) instanceof StatusCarrier s && isCallersFault(s.status());
    }

    private static boolean isTransient(Throwable failure) {
        var cause = FailureClassifier.unwrap(failure);
        if (cause instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            cause = unchecked.getCause();
        }
        if (cause instanceof StatusCarrier s) {
            return isDependencyFailure(s.status());
        }
        return FailureClassifier.defaults().isRetryable(cause);
    }
}
