package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, item 6, the acceptance test: with every dependency healthy, the product page must
 * come back to serving pages without fallbacks soon after an overload or a restart. Measured
 * before the fix on a running shop: after a burst, or right after {@code ./shop restart
 * product-page}, the inventory limit sat at 5–11 (seed 002's story has ~80 healthy) and 37–71% of
 * dependency reads went to fallbacks while inventory answered in p99 147 ms with every breaker
 * CLOSED.
 *
 * <p>Requirement: within 30 s at light load, at least 95% of pages are served without any
 * fallback. Light load is the shape: a burst of simultaneous pages once a second, each
 * page its own client. The issue measured bursts of 30; a burst here is sized from the capacity
 * measured in the same run, a tenth of a second of it (at most 30, at least 8), so that a healthy
 * shop serves every page of a burst well inside the 200-250 ms attempt timeouts. On a two-core
 * machine running eight JVMs a burst of 30 can take 300 ms of CPU on its own; then the
 * timeouts, breakers and the limit are right to fall back, and the drill would measure the
 * machine, not the recovery. The floor of 8 keeps the drill able to see the defect: a page reads
 * inventory twice at once, so a burst of 8 puts 16 reads in flight, over a limit stuck at 5-11.
 * Before the spike, the same light load on the warm shop is the baseline, and it must be clean
 * too (else the load is not light here, and the drill says so). "Within 30 s" is read as: a
 * whole 10 s stretch of the light load, ending at most 30 s after it began, with at least 95% of
 * its pages clean. The light load stops at the first such stretch (from 10 s on, checked after
 * every burst), so a shop that recovers at once is not kept waiting for the whole 30 s; one that
 * does not is judged on the last 10 s of the 30, as before. The share in each 5 s slice is printed
 * so a reader sees the recovery. A page counts as degraded when it is not a 200 or shows any
 * fallback text.
 */
@ExtendWith(Shop.class)
@Order(445)
class LimitRecoveryDrillTest {

    static final List<String> FALLBACK_TEXT = List.of(
            "not answering",
            "Stock counts may lag",
            "Last known price",
            "Popular items",
            "Price unavailable",
            "Recommendations are unavailable");
    static final Predicate<String> DEGRADED = body -> FALLBACK_TEXT.stream().anyMatch(body::contains);
    static final Duration LIGHT = Duration.ofSeconds(30);
    static final int MIN_BURST = 8;
    static final int MAX_BURST = 30;

    private final Drill drill = new Drill();

    @Test
    @Order(1)
    void afterASpikeAtFourTimesCapacityPagesAreServedWithoutFallbacksWithinThirtySeconds() throws Exception {
        try {
            drill.warmUp(200);
            double capacity = capacity();
            int burst = burstFor(capacity);
            // The light load must be light here before the spike says anything. A CI run once saw
            // 87% clean pages in this baseline (p50 165 ms, the inventory limit cut to 10) and 100%
            // in the restart test's last 10 s minutes later: a baseline that fails its own check is
            // measured once more after a reset, and a second failure fails the drill.
            double baselineShare = 0;
            for (int attempt = 1; attempt <= 2 && baselineShare < 95.0; attempt++) {
                drill.resetAll(); // what the saturating phase taught the breakers and the limit is forgotten
                var baseline = bursts(burst, 5, 17, false);
                baselineShare = 100.0 * clean(baseline) / Math.max(1, baseline.answeredCount());
                System.out.printf(
                        "DRILL item 6 (baseline %d): capacity %.0f pages/s, bursts of %d; warm shop, 5 s: %s,"
                                + " %.1f%% without any fallback%n",
                        attempt, capacity, burst, baseline.line(), baselineShare);
                printDependencies("after the baseline");
            }
            assertThat(baselineShare)
                    .as(
                            "the light load (bursts of %d) on the warm, reset shop before the spike: %% of pages "
                                    + "without any fallback; under 95%% means the load is not light on this machine",
                            burst)
                    .isGreaterThanOrEqualTo(95.0);
            // the spike: 4x the clients that already saturate the product page, no pause, 15 s
            var spike = Shoppers.pages(40, Duration.ofSeconds(15), Duration.ZERO, (w, i) -> page(w * 3 + i), DEGRADED);
            int limitAfterSpike = drill.pipeline("inventory").path("limit").asInt();

            long lightStart = System.nanoTime();
            var light = bursts(burst, (int) LIGHT.toSeconds(), 11, true);

            System.out.printf(
                    "DRILL item 6 (spike): capacity %.0f pages/s (10 clients, no pause); spike 40 clients x 15 s: %s, "
                            + "%d with a fallback; inventory limit after it %d, %d after 30 s of light load%n",
                    capacity,
                    spike.line(),
                    spike.degradedCount(),
                    limitAfterSpike,
                    drill.pipeline("inventory").path("limit").asInt());
            printDependencies("after the spike's light load");
            assertRecovered("spike", light, lightStart, burst);
        } finally {
            drill.restore();
        }
    }

    @Test
    @Order(2)
    void afterARestartOfTheProductPagePagesAreServedWithoutFallbacksWithinThirtySeconds() throws Exception {
        try {
            drill.warmUp(200);
            int burst = burstFor(capacity());
            var restart = drill.shop.run(Duration.ofMinutes(3), "restart", "product-page");
            assertThat(restart.exitCode())
                    .as("./shop restart product-page:%n%s", restart.output())
                    .isZero();

            long lightStart = System.nanoTime();
            var light = bursts(burst, (int) LIGHT.toSeconds(), 13, true);

            System.out.printf(
                    "DRILL item 6 (restart): bursts of %d; inventory limit after 30 s of light load %d%n",
                    burst, drill.pipeline("inventory").path("limit").asInt());
            printDependencies("after the restart's light load");
            assertRecovered("restart", light, lightStart, burst);
        } finally {
            drill.restore();
        }
    }

    private void printDependencies(String when) throws Exception {
        var line = new StringBuilder("DRILL item 6 (" + when + "):");
        for (var d : List.of("inventory", "pricing", "recommendations")) {
            var p = drill.pipeline(d);
            line.append(String.format(
                    " %s breaker %s limit %s timeouts %s errors %s rejections %s fallbacks %s;",
                    d,
                    p.path("breakerState").asText(),
                    p.path("limit").asText(),
                    p.path("timeouts").asText(),
                    p.path("errors").asText(),
                    p.path("rejections").asText(),
                    p.path("fallbacks").asText()));
        }
        System.out.println(line);
    }

    /** What 10 clients without any pause get served per second on this machine, now. */
    private double capacity() throws InterruptedException {
        var saturated = Shoppers.pages(10, Duration.ofSeconds(4), Duration.ZERO, (w, i) -> page(w * 7 + i), null);
        return saturated.answeredCount() / 4.0;
    }

    /** A tenth of a second of capacity, between 8 and 30 pages (see the class comment). */
    static int burstFor(double capacity) {
        return (int) Math.max(MIN_BURST, Math.min(MAX_BURST, Math.round(capacity / 10)));
    }

    /**
     * Light load: every second, {@code size} pages at once (each as its own client), then wait for
     * the next second; for at most {@code seconds}, and with {@code untilRecovered} no longer than
     * until the last {@link #WINDOW} were {@link #recovered}.
     */
    private LoadStats bursts(int size, int seconds, int stride, boolean untilRecovered) throws InterruptedException {
        var samples = java.util.Collections.synchronizedList(new ArrayList<LoadStats.Sample>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(size);
        try {
            long start = System.nanoTime();
            for (int second = 0; second < seconds; second++) {
                var burst = new ArrayList<java.util.concurrent.Future<?>>();
                for (int j = 0; j < size; j++) {
                    int n = second * size + j + stride * 1000;
                    burst.add(pool.submit(() -> samples.add(Shoppers.visit(
                            page(n * stride), "10.200." + (n / 250 % 250) + "." + (n % 250), DEGRADED))));
                }
                for (var f : burst) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                }
                long next = start + Duration.ofSeconds(second + 1).toNanos();
                if (untilRecovered && second + 1 >= WINDOW.toSeconds()) {
                    var window = LoadStats.of(List.copyOf(samples)).since(next - WINDOW.toNanos());
                    if (recovered(window, size)) {
                        break;
                    }
                }
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
        } finally {
            pool.shutdownNow();
        }
        return LoadStats.of(List.copyOf(samples));
    }

    private java.net.URI page(int i) {
        return drill.page("/p/" + Drill.sku(i));
    }

    /** The stretch of light load that must be clean: 10 s. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** A {@link #WINDOW} of bursts of {@code burst}: nearly all its pages answered, ≥ 95% of them clean. */
    static boolean recovered(LoadStats window, int burst) {
        return window.answeredCount() >= 9L * burst
                && 100.0 * clean(window) / Math.max(1, window.answeredCount()) >= 95.0;
    }

    /**
     * ≥ 95% of the pages of the light load's last 10 s were 200s with no fallback: the light load
     * ran 30 s, or stopped at its first such 10 s (see the class comment). Prints each 5 s slice.
     */
    private static void assertRecovered(String after, LoadStats light, long lightStart, int burst) {
        long lightEnd = light.samples().stream()
                .mapToLong(LoadStats.Sample::dueNanos)
                .max()
                .orElse(lightStart);
        long ranSeconds = Math.max(WINDOW.toSeconds(), (lightEnd - lightStart) / 1_000_000_000L + 1);
        var slices = new ArrayList<String>();
        for (int s = 0; s < ranSeconds; s += 5) {
            long from = lightStart + Duration.ofSeconds(s).toNanos();
            long to = from + Duration.ofSeconds(5).toNanos();
            var slice = LoadStats.of(light.samples().stream()
                    .filter(x -> x.dueNanos() >= from && x.dueNanos() < to)
                    .toList());
            slices.add(String.format(
                    "%d-%ds %.0f%%", s, s + 5, 100.0 * clean(slice) / Math.max(1, slice.answeredCount())));
        }
        var last = light.since(
                lightStart + Duration.ofSeconds(ranSeconds).minus(WINDOW).toNanos());
        double share = 100.0 * clean(last) / Math.max(1, last.answeredCount());
        System.out.printf(
                "DRILL item 6 (%s): light load %s over %d s (at most %d, until 10 s clean); pages without any "
                        + "fallback per 5 s %s; last 10 s %.1f%% of %d%n",
                after, light.line(), ranSeconds, LIGHT.toSeconds(), slices, share, last.answeredCount());
        assertThat(last.answeredCount())
                .as("pages in the last 10 s of light load (bursts of %d)", burst)
                .isGreaterThanOrEqualTo(9 * burst);
        assertThat(share)
                .as(
                        "%% of pages without any fallback in the light load's last 10 s (of %d s) after the %s",
                        ranSeconds, after)
                .isGreaterThanOrEqualTo(95.0);
    }

    private static long clean(LoadStats result) {
        return result.samples().stream()
                .filter(s -> s.status() == 200 && !s.degraded())
                .count();
    }
}
