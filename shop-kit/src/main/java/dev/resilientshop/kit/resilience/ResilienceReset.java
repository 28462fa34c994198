package dev.resilientshop.kit.resilience;

/**
 * Fired by {@code POST /ops/resilience/reset} after every pipeline was reset, for the state that
 * lives outside the pipelines (the product page's rate-limit buckets): observe it to start fresh too.
 */
public record ResilienceReset() {}
