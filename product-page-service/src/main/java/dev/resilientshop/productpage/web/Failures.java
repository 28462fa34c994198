package dev.resilientshop.productpage.web;

import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.resilience.retry.FailureClassifier;
import java.util.function.Predicate;

/**
 * How the product page's pipelines read a failure: shop-kit's {@link HealthSignal}, the one rule
 * every caller in the shop uses (seed 002's checklist: "Retry only on retryable errors (503, 502,
 * timeouts — not 400, 404)").
 * <ul>
 * <li>{@link #TRANSIENT}: an attempt's own timeout, a refused or reset connection, a 5xx, 408,
 * 429. Worth another attempt, within the deadline.
 * <li>{@link #NOT_A_HEALTH_SIGNAL}: a 4xx other than 408/429 (an unknown SKU, a refused search)
 * says nothing about the dependency's health; it must neither open a breaker nor be answered
 * from a fallback. The clients also pass such answers through the pipeline as values
 * ({@link Answer}), so the adaptive limit never sees them either.
 * </ul>
 */
public final class Failures {

    public static final FailureClassifier TRANSIENT = HealthSignal.TRANSIENT;
    public static final Predicate<Throwable> NOT_A_HEALTH_SIGNAL = HealthSignal.CALLERS_FAULT;

    private Failures() {
    }

    /** True when the failure is "this thing does not exist", which no fallback may paper over. */
    public static boolean isUnknown(Throwable failure) {
        return Outbound.unwrap(failure) instanceof UnknownResourceException;
    }
}
