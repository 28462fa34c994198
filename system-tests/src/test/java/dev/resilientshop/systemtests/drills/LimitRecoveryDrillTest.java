package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
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
 * fallback. Light load is the issue's own: a burst of 30 simultaneous pages once a second (an
 * average of 30 pages/s, well under the capacity measured in the same run), the load that sent
 * 37–71% of reads to fallbacks while the limit sat at its floor. "Within 30 s" is read as: in the
 * last 10 s of the 30 s of light load; the share in each 5 s slice is printed so a reader sees
 * the recovery. A page counts as degraded when it is not a 200 or shows any fallback text.
 */
@ExtendWith(Shop.class)
@Order(445)
class LimitRecoveryDrillTest {

    static final List<String> FALLBACK_TEXT = List.of("not answering", "Stock counts may lag", "Last known price",
            "Popular items", "Price unavailable", "Recommendations are unavailable");
    static final Predicate<String> DEGRADED = body -> FALLBACK_TEXT.stream().anyMatch(body::contains);
    static final Duration LIGHT = Duration.ofSeconds(30);

    private final Drill drill = new Drill();

    @Test
    @Order(1)
    void afterASpikeAtFourTimesCapacityPagesAreServedWithoutFallbacksWithinThirtySeconds() throws Exception {
        try {
            // capacity on this machine, now (this phase also warms the JVMs): what 10 clients without any pause get served
            var saturated = Load.run(10, Duration.ofSeconds(4), Duration.ZERO, (w, i) -> page(w * 7 + i), null);
            double capacity = saturated.count() / 4.0;
            // the spike: 4x the clients that already saturate the product page, no pause, 15 s
            var spike = Load.run(40, Duration.ofSeconds(15), Duration.ZERO, (w, i) -> page(w * 3 + i), DEGRADED);
            int limitAfterSpike = drill.pipeline("inventory").path("limit").asInt();

            long lightStart = System.nanoTime();
            var light = bursts(11);

            System.out.printf("DRILL item 6 (spike): capacity %.0f pages/s (10 clients, no pause); spike 40 clients x 15 s: %s, "
                    + "%d with a fallback; inventory limit after it %d, %d after 30 s of light load%n",
                    capacity, spike.summary(), spike.marked(), limitAfterSpike, drill.pipeline("inventory").path("limit").asInt());
            assertRecovered("spike", light, lightStart);
        } finally {
            drill.restore();
        }
    }

    @Test
    @Order(2)
    void afterARestartOfTheProductPagePagesAreServedWithoutFallbacksWithinThirtySeconds() throws Exception {
        try {
            var restart = drill.shop.run(Duration.ofMinutes(3), "restart", "product-page");
            assertThat(restart.exitCode()).as("./shop restart product-page:%n%s", restart.output()).isZero();

            long lightStart = System.nanoTime();
            var light = bursts(13);

            System.out.printf("DRILL item 6 (restart): inventory limit after 30 s of light load %d%n",
                    drill.pipeline("inventory").path("limit").asInt());
            assertRecovered("restart", light, lightStart);
        } finally {
            drill.restore();
        }
    }

    /** 30 s of light load: every second, 30 pages at once (each as its own client), then wait for the next second. */
    private Load.Result bursts(int stride) throws InterruptedException {
        var samples = java.util.Collections.synchronizedList(new ArrayList<Load.Sample>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(30);
        try {
            long start = System.nanoTime();
            for (int second = 0; second < LIGHT.toSeconds(); second++) {
                var burst = new ArrayList<java.util.concurrent.Future<?>>();
                for (int j = 0; j < 30; j++) {
                    int n = second * 30 + j;
                    burst.add(pool.submit(() -> samples.add(Load.once(page(n * stride), "10.200." + (n / 250 % 250) + "." + (n % 250), DEGRADED))));
                }
                for (var f : burst) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                }
                long next = start + Duration.ofSeconds(second + 1).toNanos();
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Load.Result(List.copyOf(samples));
    }

    private java.net.URI page(int i) {
        return drill.page("/p/" + Drill.sku(i));
    }

    /** ≥ 95% of the pages of the last 10 s of light load were 200s with no fallback; prints each 5 s slice. */
    private static void assertRecovered(String after, Load.Result light, long lightStart) {
        var slices = new ArrayList<String>();
        for (int s = 0; s < LIGHT.toSeconds(); s += 5) {
            long from = lightStart + Duration.ofSeconds(s).toNanos();
            long to = from + Duration.ofSeconds(5).toNanos();
            var slice = new Load.Result(light.samples().stream().filter(x -> x.startNanos() >= from && x.startNanos() < to).toList());
            slices.add(String.format("%d-%ds %.0f%%", s, s + 5, 100.0 * clean(slice) / Math.max(1, slice.count())));
        }
        var last = light.since(lightStart + LIGHT.minusSeconds(10).toNanos());
        double share = 100.0 * clean(last) / Math.max(1, last.count());
        System.out.printf("DRILL item 6 (%s): light load %s; pages without any fallback per 5 s %s; last 10 s %.1f%% of %d%n",
                after, light.summary(), slices, share, last.count());
        assertThat(last.count()).as("pages in the last 10 s of light load").isGreaterThanOrEqualTo(200);
        assertThat(share).as("%% of pages without any fallback, 20-30 s after the %s", after).isGreaterThanOrEqualTo(95.0);
    }

    private static long clean(Load.Result result) {
        return result.samples().stream().filter(s -> s.status() == 200 && !s.marked()).count();
    }
}
