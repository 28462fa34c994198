package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 1, seed 002's incident: recommendations' query slows to 4.8 s. With the pipeline, the
 * breaker opens after 5 consecutive timeouts and the product page renders fast with "Popular
 * items" from the fallback chain; in naive mode every page waits the full 4.8 s.
 * docs/what-happens-when/recommendations-slow.md.
 */
@ExtendWith(Shop.class)
@Order(400)
class RecommendationsSlowDrillTest {

    /**
     * Ten clients (as drill 2), not twenty: the assertion is about the page's p99, and on two
     * cores shared by nine JVMs twenty clients make the run queue the p99 (healthy 200-390 ms in
     * CI runs), so the comparison drowned in noise (resilient 210 ms against a 254 ms bound once).
     */
    private static final int CLIENTS = 10;
    private final Drill drill = new Drill();

    @Test
    void productPageStaysFastWithPopularItemsWhileRecommendationsTake4point8Seconds() throws Exception {
        try {
            drill.warmUp(200);
            var healthy = Load.run(CLIENTS, Duration.ofSeconds(10), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            System.out.println("DRILL 1 healthy: " + healthy.summary());
            drill.chaos("recommendations", "{\"latencyMs\":4800}");

            // Breaker opening: the first 5 pages pay the 200 ms attempt timeout (+ one retry),
            // then the breaker is open and recommendations are not called at all.
            Load.run(CLIENTS, Duration.ofSeconds(3), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            assertThat(drill.pipeline("recommendations").path("breakerState").asText()).isIn("OPEN", "HALF_OPEN");

            var resilient = Load.run(CLIENTS, Duration.ofSeconds(10), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)),
                    Drill.contains("<h2 id=\"recs-heading\">Popular items</h2>"));
            System.out.println("DRILL 1 resilient, recommendations at 4.8 s: " + resilient.summary()
                    + ", pages with 'Popular items' " + resilient.marked() + "/" + resilient.count());

            drill.mode("naive");
            var naive = Load.run(CLIENTS, Duration.ofSeconds(10), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            drill.mode("resilient");
            System.out.println("DRILL 1 naive, recommendations at 4.8 s: " + naive.summary());
            System.out.printf("DRILL 1 ratio naive p99 / resilient p99 = %.0f%n", naive.p99() / resilient.p99());

            // Open breaker: a page costs inventory + pricing, recommendations come from memory, so
            // it is no slower than a healthy page: p99 <= 100 ms (the figure), or, on a
            // machine whose healthy p99 is already above that (2 shared cores, several shops),
            // <= 1.25 x the healthy p99 measured a minute earlier on the same machine.
            assertThat(resilient.p99()).as("resilient p99 (ms) vs healthy %s", healthy.summary())
                    .isLessThanOrEqualTo(Math.max(100, 1.25 * healthy.p99()));
            assertThat(resilient.status5xx()).isZero();
            assertThat(resilient.marked()).as("pages showing 'Popular items'").isEqualTo(resilient.count());
            // Naive: every page waits for recommendations' 4.8 s answer (the 10 s read timeout is no help).
            assertThat(naive.p99()).as("naive p99 (ms)").isGreaterThanOrEqualTo(4_000);
        } finally {
            drill.restore();
        }
    }
}
