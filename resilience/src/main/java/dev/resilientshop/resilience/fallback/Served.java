package dev.resilientshop.resilience.fallback;

/**
 * A value and where it came from: the page can say "Stock counts may lag by up to 2 minutes"
 * (seed 002) only if it knows the stock came from the Redis snapshot, and why.
 *
 * @param value the answer
 * @param source which alternative served it (the primary's name when nothing failed)
 * @param reason the failure that made the chain move past the previous alternative; null for the primary
 */
public record Served<T>(T value, String source, Throwable reason) {

    /** True when an alternative served, not the primary. */
    public boolean degraded() {
        return reason != null;
    }
}
