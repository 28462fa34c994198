package dev.resilientshop.replay;

import java.util.Map;

/**
 * One second of a replay in one mode: where the clock was, the load's outcomes in that second,
 * and each outbound pipeline's state as {@code /ops/state} reported it.
 *
 * @param wallSeconds since this mode's replay started
 * @param seedSeconds the same moment on the seed's clock (T+0 = the first fault)
 * @param deps "service/dependency" (e.g. {@code product-page/inventory}) → its state
 */
public record Row(
        String mode, double wallSeconds, double seedSeconds, int phase, Interval load, Map<String, Dep> deps) {

    /**
     * One pipeline at one moment. Counters are totals since the service started ({@link Summary}
     * takes differences).
     */
    public record Dep(
            String breaker,
            String limiterKind,
            int inFlight,
            int limit,
            long calls,
            long retries,
            long hedges,
            long fallbacks,
            Map<String, Long> fallbacksBySource) {

        /** CLOSED 0, HALF_OPEN 1, OPEN 2: a number a chart can draw. */
        public int breakerLevel() {
            return switch (breaker == null ? "" : breaker) {
                case "OPEN" -> 2;
                case "HALF_OPEN" -> 1;
                default -> 0;
            };
        }
    }
}
