package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 3: both inventory replicas killed (SIGKILL). Pages keep rendering from the Redis stock
 * snapshot with seed 002's banner; after both restart, the breaker lets one probe through
 * (half-open), it succeeds, the breaker closes and the banners disappear.
 * docs/what-happens-when/inventory-down.md.
 */
@ExtendWith(Shop.class)
@Order(420)
class InventoryDownDrillTest {

    private static final String BANNER = "Stock counts may lag by up to 2 minutes";
    private final Drill drill = new Drill();

    @Test
    void pagesRenderFromTheSnapshotWithTheBannerAndRecoverWhenInventoryIsBack() throws Exception {
        try {
            drill.warmUp(100);
            double closedBefore = drill.metric("product-page", "circuit_breaker_state_changes_total",
                    "dependency=\"inventory\"", "from_state=\"half_open\"", "to_state=\"closed\"");
            long fallbacksBefore = drill.pipeline("inventory").path("fallbacks").asLong();
            for (var replica : Drill.INVENTORY) {
                var killed = drill.shop.run(Duration.ofSeconds(30), "kill", replica);
                assertThat(killed.exitCode()).as(killed.output()).isZero();
            }

            var down = Load.run(20, Duration.ofSeconds(8), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)),
                    Drill.contains(BANNER));
            var breaker = drill.pipeline("inventory").path("breakerState").asText();
            System.out.println("DRILL 3 both replicas killed: " + down.summary() + ", pages with the banner "
                    + down.marked() + "/" + down.count() + ", breaker " + breaker);
            assertThat(down.status5xx()).isZero();
            assertThat(down.marked()).as("pages with the banner").isEqualTo(down.count());
            assertThat(breaker).isIn("OPEN", "HALF_OPEN");
            // the ops page's live view counts them: every page read product and stock from the snapshot
            long fallbacks = drill.pipeline("inventory").path("fallbacks").asLong() - fallbacksBefore;
            System.out.println("DRILL 3 snapshot fallbacks in /ops/state: " + fallbacks + " for " + down.count() + " pages");
            assertThat(fallbacks).as("inventory fallbacks on /ops/state").isGreaterThanOrEqualTo(2L * down.count());

            long restart = System.nanoTime();
            for (var replica : Drill.INVENTORY) {
                drill.start(replica);
            }
            long ready = System.nanoTime();
            // reset timeout 5 s → half-open → one probe → closed; the health checks put both back in rotation
            boolean recovered = Drill.await(Duration.ofSeconds(30), () -> {
                var s = Load.once(drill.page("/p/" + Drill.sku(7)), "10.0.1.1", Drill.contains(BANNER));
                return s.status() == 200 && !s.marked() && drill.pipeline("inventory").path("breakerState").asText().equals("CLOSED");
            });
            System.out.printf("DRILL 3 restart took %.1f s; banner gone and breaker closed %.1f s after both were ready%n",
                    (ready - restart) / 1e9, (System.nanoTime() - ready) / 1e9);
            assertThat(recovered).as("banner gone and breaker closed within 30 s of the restart").isTrue();
            double closedAfter = drill.metric("product-page", "circuit_breaker_state_changes_total",
                    "dependency=\"inventory\"", "from_state=\"half_open\"", "to_state=\"closed\"");
            assertThat(closedAfter).as("half_open → closed transitions").isGreaterThan(closedBefore);

            // The outage's errors halved the adaptive limit to its floor; AIMD grows it back only
            // when it is fully used, so right after recovery a read beyond it still goes to the
            // snapshot now and then. Within seconds the limit has caught up with the demand.
            long started = System.nanoTime();
            var after = Load.run(20, Duration.ofSeconds(8), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)),
                    Drill.contains(BANNER));
            var late = after.since(started + Duration.ofSeconds(4).toNanos());
            System.out.println("DRILL 3 after recovery: " + after.summary() + ", pages with the banner " + after.marked()
                    + " (" + late.marked() + " in the last 4 s), adaptive limit now " + drill.pipeline("inventory").path("limit").asInt());
            assertThat(after.status5xx()).isZero();
            // How many pages still show the banner under load depends on the machine: AIMD sheds a
            // read whenever one takes over 100 ms, which a busy 2-core machine produces on its own.
            // Reported, not asserted; the recovery itself (breaker closed, banner gone) is asserted above.
        } finally {
            drill.restore();
        }
    }
}
