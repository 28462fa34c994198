package dev.resilientshop.productpage.dependency;

import dev.resilientshop.kit.resilience.HealthSignal;

/**
 * How the product page reads a failure. Its pipelines read it by shop-kit's {@link HealthSignal},
 * the one rule every caller in the shop uses (shop-kit's {@code DependencyPipelines} builds every
 * pipeline with it): a 4xx other than 408/429 (an unknown SKU, a refused search) says nothing about
 * the dependency's health, so it neither opens a breaker nor is retried; the clients also pass such
 * answers through the pipeline as values ({@link Answer}), so the adaptive limit never sees them
 * either. What is left here: which failures no fallback may paper over.
 */
public final class Failures {

    private Failures() {}

    /** True when the failure is "this thing does not exist", which no fallback may paper over. */
    public static boolean isUnknown(Throwable failure) {
        return DependencyCalls.unwrap(failure) instanceof UnknownResourceException;
    }
}
