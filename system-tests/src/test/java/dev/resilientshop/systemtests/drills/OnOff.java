package dev.resilientshop.systemtests.drills;

import java.util.List;

/**
 * The two runs of a drill that proves its pattern (docs/testing.md): the same phase with every
 * pattern on, then with only that pattern off on the services named, judged by the same checks.
 * The pattern is switched back on even if the second run throws.
 *
 * <pre>
 *   OnOff.resetAll(drill, "DRILL 4", "breaker");
 *   var runs = OnOff.run(drill, "breaker", List.of("product-page"), this::phase);
 *   var onChecks = checks("breaker on", runs.on(), runs.off());
 *   var offChecks = checks("breaker off", runs.off(), runs.off());
 *   runs.conclude("DRILL 4", onChecks, offChecks, new OnOff.Headline("PricingHangsDrillTest",
 *           "page p50 while pricing hangs, ms", runs.on().pages().percentileMillis(null, 50), runs.off().pages().percentileMillis(null, 50)),
 *           "breaker opened", "calls refused fast");
 * </pre>
 *
 * @param on what the run with every pattern on measured
 * @param off what the run with only {@code pattern} off measured
 * @param seconds how long the two runs took together
 */
public record OnOff<R>(String pattern, R on, R off, double seconds) {

    /** One run of the drill's phase. */
    @FunctionalInterface
    public interface Phase<R> {
        R run() throws Exception;
    }

    /** The figure the drill table shows for the drill (docs/testing.md), with the pattern on and off. */
    public record Headline(String drill, String name, double on, double off) {}

    /** Resets every caller (breakers, limits, hedge history, rate-limit buckets) and says so in the drill's report. */
    public static void resetAll(Drill drill, String tag, String pattern) throws Exception {
        System.out.println(tag + " (pattern: " + pattern + ") state reset before the drill on " + drill.resetAll()
                + ": breakers closed, limits, hedge history and rate-limit buckets back to their start");
    }

    /** {@code phase} with every pattern on, then with {@code pattern} off on each of {@code services}. */
    public static <R> OnOff<R> run(Drill drill, String pattern, List<String> services, Phase<R> phase)
            throws Exception {
        long start = System.nanoTime();
        R on = phase.run();
        R off;
        try {
            for (var service : services) {
                drill.off(service, pattern);
            }
            off = phase.run();
        } finally {
            for (var service : services) {
                drill.off(service); // every pattern on again
            }
        }
        return new OnOff<>(pattern, on, off, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Prints both runs' checks, writes the drill's record for the table, then asserts that every
     * check passed with the pattern on and that each of {@code failWhenOff} failed without it.
     */
    public void conclude(String tag, Checks onChecks, Checks offChecks, Headline headline, String... failWhenOff) {
        System.out.println(tag + " " + onChecks + "\n" + tag + " " + offChecks);
        DrillRecord.write(
                headline.drill(),
                pattern,
                headline.name(),
                headline.on(),
                headline.off(),
                !offChecks.allPass(),
                seconds);
        onChecks.assertAllPass();
        offChecks.assertFail(failWhenOff);
    }
}
