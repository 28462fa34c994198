package dev.resilientshop.productpage.web;

import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import dev.resilientshop.resilience.retry.FailureClassifier;
import java.util.function.Predicate;

/**
 * How the product page's pipelines read a failure (seed 002's checklist: "Retry only on
 * retryable errors (503, 502, timeouts — not 400, 404)").
 * <ul>
 * <li>{@link #TRANSIENT}: an attempt's own timeout, a refused or reset connection, a 5xx. Worth
 * another attempt, within the deadline.
 * <li>{@link #NOT_A_HEALTH_SIGNAL}: an unknown SKU (404) says nothing about the dependency's
 * health; it must neither open a breaker nor be answered from a fallback.
 * </ul>
 */
public final class Failures {

    public static final FailureClassifier TRANSIENT = Failures::isTransient;
    public static final Predicate<Throwable> NOT_A_HEALTH_SIGNAL = t -> Outbound.unwrap(t) instanceof UnknownResourceException;

    private Failures() {
    }

    static boolean isTransient(Throwable failure) {
        var t = Outbound.unwrap(failure);
        if (t instanceof DeadlineExceededException d) {
            return d.isCallTimeout();
        }
        if (t instanceof DependencyUnavailableException down) {
            return down.status() == 0 || down.status() >= 500;
        }
        return false;
    }

    /** True when the failure is "this thing does not exist", which no fallback may paper over. */
    public static boolean isUnknown(Throwable failure) {
        return Outbound.unwrap(failure) instanceof UnknownResourceException;
    }
}
