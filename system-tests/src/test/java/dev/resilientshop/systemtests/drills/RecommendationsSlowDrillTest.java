package dev.resilientshop.systemtests.drills;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 1, seed 002's incident, pattern: the product page's <b>breaker</b> on recommendations.
 * Recommendations' query slows to 4.8 s. The 200 ms attempt timeout, one retry and the fallback
 * chain already keep a page under its budget with "Popular items", so a fast page is no proof of
 * the breaker. What only the breaker does: it opens after 5 consecutive timeouts (read from
 * /ops/state), refuses the calls at once (fast rejections counted), and so the page's p95 drops to
 * a fraction of the same run's breaker-off phase, where every page waits out the timeout and the
 * retry. The drill runs with everything on, then with only the breaker off, and asserts that the
 * breaker's checks fail there. docs/what-happens-when/recommendations-slow.md.
 */
@ExtendWith(Shop.class)
@Order(400)
class RecommendationsSlowDrillTest {

    /** Ten clients, not twenty: on two shared cores twenty make the run queue the p99. */
    private static final int CLIENTS = 10;

    private static final Duration PHASE = Duration.ofSeconds(8);
    private final Drill drill = new Drill();

    record Phase(LoadStats pages, String breaker, long calls, long fastRejections) {}

    @Test
    void theBreakerKeepsThePageFastWhileRecommendationsTake4point8Seconds() throws Exception {
        long start = System.nanoTime();
        try {
            OnOff.resetAll(drill, "DRILL 1", "breaker");
            drill.warmUp(200);
            drill.chaos("recommendations", "{\"latencyMs\":4800}");
            var runs = OnOff.run(drill, "breaker", List.of("product-page"), this::phase);
            var on = runs.on();
            var off = runs.off();

            var onChecks = checks("breaker on", on, off);
            var offChecks = checks("breaker off", off, off);
            System.out.printf(
                    "DRILL 1 page p95 breaker on %.1f ms, off %.1f ms (%.1fx), p99 on %.1f ms, off %.1f ms;"
                            + " fast rejections %d of %d calls on, %d of %d off; on+off %.0f s, drill %.0f s%n",
                    on.pages().percentileMillis(null, 95),
                    off.pages().percentileMillis(null, 95),
                    off.pages().percentileMillis(null, 95) / on.pages().percentileMillis(null, 95),
                    on.pages().percentileMillis(null, 99),
                    off.pages().percentileMillis(null, 99),
                    on.fastRejections(),
                    on.calls(),
                    off.fastRejections(),
                    off.calls(),
                    runs.seconds(),
                    (System.nanoTime() - start) / 1e9);
            runs.conclude(
                    "DRILL 1",
                    onChecks,
                    offChecks,
                    new OnOff.Headline(
                            "RecommendationsSlowDrillTest",
                            "page p95 with recommendations at 4.8 s, ms",
                            on.pages().percentileMillis(null, 95),
                            off.pages().percentileMillis(null, 95)),
                    "breaker opened",
                    "calls refused fast",
                    "page p95 far below breaker-off");
        } finally {
            drill.restore();
        }
    }

    /**
     * One run from a fresh breaker: 2 s in which the first pages pay the timeouts that open it
     * (not measured, in either run), then the measured load.
     */
    private Phase phase() throws Exception {
        drill.reset("product-page");
        Shoppers.pages(CLIENTS, Duration.ofSeconds(2), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i + 50)), null);
        var before = drill.pipeline("recommendations");
        var pages = Shoppers.pages(
                CLIENTS,
                PHASE,
                (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)),
                Drill.contains("<h2 id=\"recs-heading\">Popular items</h2>"));
        var after = drill.pipeline("recommendations");
        return new Phase(
                pages,
                after.path("breakerState").asText(),
                after.path("calls").asLong() - before.path("calls").asLong(),
                after.path("breakerRejections").asLong()
                        - before.path("breakerRejections").asLong());
    }

    private static Checks checks(String run, Phase p, Phase off) {
        return new Checks(run)
                .check(
                        "breaker opened",
                        p.breaker().equals("OPEN") || p.breaker().equals("HALF_OPEN"),
                        "state " + p.breaker())
                .check(
                        "calls refused fast",
                        p.fastRejections() >= p.calls() / 2,
                        p.fastRejections() + " of " + p.calls()
                                + " recommendations calls refused by the breaker (at least half)")
                .check(
                        "page p95 far below breaker-off",
                        p.pages().percentileMillis(null, 95) <= off.pages().percentileMillis(null, 95) / 2,
                        String.format(
                                "p95 %.1f ms <= 1/2 of the breaker-off p95 %.1f ms",
                                p.pages().percentileMillis(null, 95),
                                off.pages().percentileMillis(null, 95)))
                .check("no 5xx", p.pages().failedCount() == 0, p.pages().failedCount() + " 5xx")
                .check(
                        "popular items shown",
                        p.pages().degradedCount() == p.pages().answeredCount(),
                        p.pages().degradedCount() + "/" + p.pages().answeredCount() + " pages with 'Popular items'");
    }
}
