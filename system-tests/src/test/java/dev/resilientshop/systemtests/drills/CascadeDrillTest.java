package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadGenerator;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Mix;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, item 1, seed 002's central claim: a slow dependency is worse than a dead one, because
 * it holds connections for the full timeout and a shared pool takes every caller down with it.
 * Recommendations slow to 4.8 s under an open-model load of browse pages (category and search:
 * they never call recommendations) and product pages, both modes in one run:
 * <ul>
 * <li>resilient: recommendations' bulkhead and breaker keep the slowness to itself; browse pages
 * stay as fast as in the healthy phase measured a minute earlier ({@link #assertUnaffected}: p95
 * within 1.25x plus the healthy phase's own p99 - p50 spread, p99 within the page budget), and product pages fall back to "Popular items";</li>
 * <li>naive: every outbound call shares one pool of 20 connections (shop-kit SharedPool); the
 * product pages' recommendations calls hold them 4.8 s each, so within seconds the browse pages
 * queue behind them and blow the 500 ms page budget or fail, and product pages take >= 4.8 s.</li>
 * </ul>
 * The load is a fixed arrival rate that does not slow down when the shop does
 * ({@link LoadGenerator}); a closed-model load (N clients waiting for their answers) would send
 * fewer requests exactly when the pool fills and hide the cascade.
 */
@ExtendWith(Shop.class)
@Order(450)
class CascadeDrillTest {

    /** Product pages per second: above what 20 connections held 4.8 s each can carry (20 / 4.8 = 4.2/s). */
    static final int PRODUCT_RPS = 6;

    static final int BROWSE_RPS = 10;
    static final Mix MIX = Mix.parse("browse=" + BROWSE_RPS + ",product=" + PRODUCT_RPS);
    static final long PAGE_BUDGET_MS = 500;
    static final long SLOW_MS = 4_800;
    static final String POPULAR = "<h2 id=\"recs-heading\">Popular items</h2>";

    private final Drill drill = new Drill();
    private final AtomicLong popularPages = new AtomicLong();
    private final ShopRequests pages = new ShopRequests(drill.page(""), Duration.ofSeconds(12), (kind, body) -> {
        if (kind.equals("product") && body != null && body.contains(POPULAR)) {
            popularPages.incrementAndGet();
        }
    });

    private LoadStats load(Duration duration) throws InterruptedException {
        var plan =
                LoadGenerator.Plan.of(BROWSE_RPS + PRODUCT_RPS, duration, MIX).maxInFlight(600);
        return new LoadGenerator(plan, pages).run(Duration.ofSeconds(13));
    }

    private static String figures(LoadStats s, String kind) {
        return String.format(
                "%s: %d, p50 %.0f ms, p99 %.0f ms, max %.0f ms, statuses %s",
                kind,
                s.statuses(kind).values().stream().mapToLong(Long::longValue).sum(),
                s.percentileMillis(kind, 50),
                s.percentileMillis(kind, 99),
                s.percentileMillis(kind, 100),
                s.statuses(kind));
    }

    @Test
    void slowRecommendationsTakeDownBrowsePagesOnlyThroughNaiveModesSharedPool() throws Exception {
        try {
            drill.warmUp(200);
            var healthy = load(Duration.ofSeconds(12));
            double healthyBrowseP99 = healthy.percentileMillis("browse", 99);
            double healthyBrowseP50 = healthy.percentileMillis("browse", 50);
            System.out.println("CASCADE healthy " + figures(healthy, "browse") + "; " + figures(healthy, "product"));

            drill.chaos("recommendations", "{\"latencyMs\":" + SLOW_MS + "}");
            load(Duration.ofSeconds(3)); // the breaker opens after 5 consecutive timeouts
            popularPages.set(0);
            var resilient = load(Duration.ofSeconds(12));
            long resilientPopular = popularPages.get();
            System.out.println("CASCADE resilient, recommendations at 4.8 s: " + figures(resilient, "browse") + "; "
                    + figures(resilient, "product") + "; product pages with 'Popular items' " + resilientPopular);

            drill.mode("naive");
            long naiveStart = System.nanoTime();
            var naive = load(Duration.ofSeconds(12));
            var pool = drill.state("product-page").path("sharedPool");
            System.out.println("CASCADE naive, recommendations at 4.8 s: " + figures(naive, "browse") + "; "
                    + figures(naive, "product") + "; shared pool peak "
                    + pool.path("peakInUse").asInt() + "/"
                    + pool.path("size").asInt() + ", timed out "
                    + pool.path("timedOut").asLong());

            var browse = naive.samples().stream()
                    .filter(s -> s.kind().equals("browse"))
                    .toList();
            var bad = browse.stream()
                    .filter(s -> s.failed() || s.latencyMillis() > PAGE_BUDGET_MS)
                    .toList();
            var failed = browse.stream().filter(LoadStats.Sample::failed).count();
            double firstBadSeconds =
                    bad.stream().mapToLong(LoadStats.Sample::dueNanos).min().orElse(Long.MAX_VALUE) / 1e9
                            - naiveStart / 1e9;
            var secondHalf = browse.stream()
                    .filter(s -> s.dueNanos() - naiveStart >= 6_000_000_000L)
                    .toList();
            long secondHalfBad = secondHalf.stream()
                    .filter(s -> s.failed() || s.latencyMillis() > PAGE_BUDGET_MS)
                    .count();
            System.out.printf(
                    "CASCADE naive: %d of %d browse pages over the 500 ms budget or failed (%d failed, no answer or 5xx); "
                            + "the first was sent %.1f s after the switch; in the last 6 s %d of %d%n",
                    bad.size(), browse.size(), failed, firstBadSeconds, secondHalfBad, secondHalf.size());

            // resilient: the slowness stays with recommendations
            assertUnaffected("resilient browse pages", healthy, resilient, "browse");
            assertThat(failures(resilient)).as("resilient 5xx or no answer").isZero();
            assertThat(resilientPopular)
                    .as("resilient product pages showing 'Popular items'")
                    .isEqualTo(count(resilient, "product"));
            // naive: the shared pool fills and browse pages, which never call recommendations, go down with it
            assertThat(pool.path("peakInUse").asInt())
                    .as("shared pool peak")
                    .isEqualTo(pool.path("size").asInt());
            assertThat(firstBadSeconds)
                    .as("seconds until the first browse page over budget or failed")
                    .isLessThan(6);
            assertThat(secondHalfBad)
                    .as("browse pages over budget or failed in the last 6 s of naive mode")
                    .isGreaterThanOrEqualTo(secondHalf.size() * 9 / 10);
            assertThat(naive.percentileMillis("browse", 99))
                    .as("naive browse p99 vs healthy %.0f ms", healthyBrowseP99)
                    .isGreaterThan(Math.max(PAGE_BUDGET_MS, 4 * healthyBrowseP99));
            assertThat(naive.percentileMillis("product", 50))
                    .as("naive product page p50 (ms)")
                    .isGreaterThanOrEqualTo(SLOW_MS);
            // the check that passed resilient mode fails on the cascade: it can tell the two apart
            assertThatThrownBy(() -> assertUnaffected("naive browse pages", healthy, naive, "browse"))
                    .isInstanceOf(AssertionError.class);
        } finally {
            drill.restore();
            // the naive calls still queued hold the shared pool up to the client's 10 s timeout
            Drill.await(Duration.ofSeconds(30), () -> {
                var pool = drill.state("product-page").path("sharedPool");
                return pool.path("inUse").asInt() == 0 && pool.path("queued").asInt() == 0;
            });
        }
    }

    /**
     * Whether pages of one kind went untouched by the fault, judged against the healthy phase of
     * the same run: none failed (5xx or no answer), the fault phase's p95 at most 1.25x the healthy
     * p95 plus the healthy phase's own spread (p95 - p50), and its p99 within the 500 ms page budget.
     *
     * <p>Why p95 and not p99 for the 1.25x: a phase here holds about 100 pages of a kind, so its p99
     * is the second slowest page, and one scheduler stall of a loaded two-core machine decides it.
     * CI runs failed on exactly that with every page answered: a browse p99 of 24.4 ms against
     * 22.7 ms, 78 ms against 45 ms with other builds alongside, and a product p99 of 35.1 ms against
     * a bound of 24.9 ms (healthy p99 15.6, p50 10.1). The p95 is the fifth slowest: a stall that
     * hits one or two pages cannot move it, and a fault that reaches these pages moves it by seconds
     * (the naive cascade: 4.8 s recommendations, a 3 s fraud API). The p99 still has to stay within
     * the budget that the shop promises every page.
     */
    static void assertUnaffected(String what, LoadStats healthy, LoadStats fault, String kind) {
        long failed = fault.statuses(kind).entrySet().stream()
                .filter(e -> e.getKey() >= 500 || e.getKey() == 0)
                .mapToLong(e -> e.getValue())
                .sum();
        assertThat(failed).as("%s: 5xx or no answer", what).isZero();
        double p50 = healthy.percentileMillis(kind, 50);
        double p95 = healthy.percentileMillis(kind, 95);
        double p99 = healthy.percentileMillis(kind, 99);
        double bound = unaffectedBound(p95, p50, p99);
        assertThat(fault.percentileMillis(kind, 95))
                .as(
                        "%s: p95 (ms) vs healthy p50 %.1f, p95 %.1f, p99 %.1f ms (bound %.1f ms)",
                        what, p50, p95, p99, bound)
                .isLessThanOrEqualTo(bound);
        assertThat(fault.percentileMillis(kind, 99))
                .as("%s: p99 (ms) within the %d ms page budget", what, PAGE_BUDGET_MS)
                .isLessThanOrEqualTo(PAGE_BUDGET_MS);
    }

    /**
     * 1.25x the healthy p95 plus the healthy phase's own tail spread (p99 above p50). Pages that
     * take 10 ms move by several milliseconds whenever another JVM on two cores runs its garbage
     * collector: a fault phase's p95 of 17 ms against a healthy 11 ms is that noise, not a cascade
     * (the cascade is seconds). The spread is measured in the same run, so a quiet machine gets a
     * tight bound and a loaded one a looser one.
     */
    static double unaffectedBound(double healthyP95, double healthyP50, double healthyP99) {
        return 1.25 * healthyP95 + Math.max(0, healthyP99 - healthyP50);
    }

    private static long failures(LoadStats s) {
        return s.statuses(null).entrySet().stream()
                .filter(e -> e.getKey() >= 500 || e.getKey() == 0)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static long count(LoadStats s, String kind) {
        return s.statuses(kind).values().stream().mapToLong(Long::longValue).sum();
    }
}
