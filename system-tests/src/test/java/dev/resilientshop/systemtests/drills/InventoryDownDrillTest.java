package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.testsupport.load.LoadStats;
import dev.resilientshop.testsupport.load.Shoppers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 3, pattern: the product page's <b>fallback</b> on inventory (the Redis stock snapshot).
 * Both inventory replicas are killed (SIGKILL). With every pattern on, every page still renders
 * within the 500 ms page budget, from the snapshot, under seed 002's banner, and the snapshot
 * fallbacks are counted on /ops/state; after both replicas are started again the breaker closes
 * through half-open and a page shows live stock (no banner) within a bounded time. The drill
 * runs with everything on, then with only the fallback off, and asserts that the checks only the
 * snapshot can make pass (no 5xx, stock from the snapshot, fallbacks counted) fail there: the
 * breaker and the timeouts alone give a fast 503 page, not a product page.
 * docs/what-happens-when/inventory-down.md.
 */
@ExtendWith(Shop.class)
@Order(420)
class InventoryDownDrillTest {

    private static final String BANNER = "Stock counts may lag by up to 2 minutes";
    private static final Duration PHASE = Duration.ofSeconds(8);
    /** From both replicas ready to a page with live stock: the breaker's 5 s reset timeout, one probe, plenty of slack. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private final Drill drill = new Drill();

    record Phase(
            LoadStats down,
            String breaker,
            long fallbacks,
            boolean recovered,
            double recoverySeconds,
            boolean closedViaHalfOpen) {}

    @Test
    void pagesRenderFromTheSnapshotWithTheBannerAndRecoverWhenInventoryIsBack() throws Exception {
        long start = System.nanoTime();
        try {
            OnOff.resetAll(drill, "DRILL 3", "fallback");
            drill.warmUp(100);
            double budget = Drill.budgetAsSeen(drill.healthyPages(20, 3));
            int[] run = {0};
            var runs = OnOff.run(
                    drill,
                    "fallback",
                    List.of("product-page"),
                    () -> phase(run[0]++ == 0 ? "fallback on" : "fallback off"));
            var on = runs.on();
            var off = runs.off();

            var onChecks = checks("fallback on", on, budget);
            var offChecks = checks("fallback off", off, budget);
            System.out.printf(
                    "DRILL 3 pages with snapshot stock while inventory was down: on %d/%d, off %d/%d (5xx on %d, off %d);"
                            + " on+off %.0f s, drill %.0f s%n",
                    on.down().degradedCount(),
                    on.down().answeredCount(),
                    off.down().degradedCount(),
                    off.down().answeredCount(),
                    on.down().failedCount(),
                    off.down().failedCount(),
                    runs.seconds(),
                    (System.nanoTime() - start) / 1e9);
            runs.conclude(
                    "DRILL 3",
                    onChecks,
                    offChecks,
                    new OnOff.Headline(
                            "InventoryDownDrillTest",
                            "pages rendered with snapshot stock while inventory is down, %",
                            percentMarked(on.down()),
                            percentMarked(off.down())),
                    "no 5xx",
                    "snapshot stock shown",
                    "snapshot fallbacks counted");
        } finally {
            drill.restore();
        }
    }

    /** Kills both replicas, runs the load, starts them again and waits for live stock; from a fresh breaker. */
    private Phase phase(String name) throws Exception {
        drill.reset("product-page");
        double closedBefore = closedFromHalfOpen();
        long fallbacksBefore = drill.pipeline("inventory").path("fallbacks").asLong();
        for (var replica : Drill.INVENTORY) {
            var killed = drill.shop.run(Duration.ofSeconds(30), "kill", replica);
            assertThat(killed.exitCode()).as(killed.output()).isZero();
        }
        var down =
                Shoppers.pages(20, PHASE, (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), Drill.contains(BANNER));
        var after = drill.pipeline("inventory");
        String breaker = after.path("breakerState").asText();
        long fallbacks = after.path("fallbacks").asLong() - fallbacksBefore;
        System.out.println("DRILL 3 " + name + ", both replicas killed: " + down.line() + ", pages with the banner "
                + down.degradedCount() + "/" + down.answeredCount() + ", breaker " + breaker + ", snapshot fallbacks "
                + fallbacks);

        long restart = System.nanoTime();
        for (var replica : Drill.INVENTORY) {
            drill.start(replica);
        }
        long ready = System.nanoTime();
        // reset timeout 5 s → half-open → one probe → closed; the health checks put both back in rotation
        // live again = five pages of five categories in a row with stock from inventory, not the snapshot
        boolean recovered = Drill.await(RECOVERY, () -> {
            for (int k = 0; k < 5; k++) {
                var s = Shoppers.visit(drill.page("/p/" + Drill.sku(7 + 20 * k)), "10.0.1.1", Drill.contains(BANNER));
                if (s.status() != 200 || s.degraded()) {
                    return false;
                }
            }
            return drill.pipeline("inventory").path("breakerState").asText().equals("CLOSED");
        });
        double recoverySeconds = (System.nanoTime() - ready) / 1e9;
        System.out.printf(
                "DRILL 3 %s: restart took %.1f s; %s %.1f s after both were ready%n",
                name,
                (ready - restart) / 1e9,
                recovered ? "live stock (no banner) and breaker closed" : "still no live stock",
                recoverySeconds);
        return new Phase(down, breaker, fallbacks, recovered, recoverySeconds, closedFromHalfOpen() > closedBefore);
    }

    private double closedFromHalfOpen() throws Exception {
        return drill.metric(
                "product-page",
                "circuit_breaker_state_changes_total",
                "dependency=\"inventory\"",
                "from_state=\"half_open\"",
                "to_state=\"closed\"");
    }

    /** The same checks for either run; the p99's bound is the page budget as this run's healthy pages saw it. */
    private static Checks checks(String run, Phase p, double budget) {
        var down = p.down();
        return new Checks(run)
                .check(
                        "no 5xx",
                        down.failedCount() == 0,
                        down.failedCount() + " 5xx of " + down.answeredCount() + " pages")
                .check(
                        "snapshot stock shown",
                        down.answeredCount() > 0 && down.degradedCount() == down.answeredCount(),
                        down.degradedCount() + "/" + down.answeredCount() + " pages with \"" + BANNER + "\"")
                // every page reads product and stock: two snapshot answers per page
                .check(
                        "snapshot fallbacks counted",
                        p.fallbacks() >= 2L * down.answeredCount(),
                        p.fallbacks() + " inventory fallbacks on /ops/state for " + down.answeredCount()
                                + " pages (at least 2 per page)")
                .check(
                        "within the page budget",
                        down.percentileMillis(null, 99) <= budget,
                        String.format(
                                "p99 %.1f ms <= %.1f (the 500 ms budget + the healthy pages' p99 - p50)",
                                down.percentileMillis(null, 99), budget))
                .check(
                        "breaker opened",
                        p.breaker().equals("OPEN") || p.breaker().equals("HALF_OPEN"),
                        "state " + p.breaker())
                .check(
                        "live stock again",
                        p.recovered(),
                        String.format(
                                "five pages without the banner and the breaker CLOSED %.1f s"
                                        + " after both replicas were ready (at most %d s)",
                                p.recoverySeconds(), RECOVERY.toSeconds()))
                .check(
                        "closed through half-open",
                        p.closedViaHalfOpen(),
                        "half_open → closed transitions went up: " + p.closedViaHalfOpen());
    }

    private static double percentMarked(LoadStats r) {
        return r.answeredCount() == 0 ? 0 : 100.0 * r.degradedCount() / r.answeredCount();
    }
}
