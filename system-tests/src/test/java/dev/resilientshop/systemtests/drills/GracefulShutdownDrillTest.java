package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 001's graceful shutdown, drilled (issue 8): under a steady page load, {@code ./shop stop
 * inventory-primary} (SIGTERM). The replica's readiness goes DOWN at once, the product page's
 * health checks take it out of the rotation within about a second, it keeps serving what still
 * reaches it for the 3 s drain window, then finishes in-flight requests and exits. Not one page
 * request may fail; how many pages needed the snapshot fallback is reported.
 */
@ExtendWith(Shop.class)
@Order(680)
class GracefulShutdownDrillTest {

    private final Drill drill = new Drill();

    @AfterEach
    void restore() throws Exception {
        drill.restore();
    }

    @Test
    void stoppingAnInventoryReplicaUnderLoadFailsNoPage() throws Exception {
        drill.warmUp(200);
        var stopper = Executors.newSingleThreadScheduledExecutor();
        var stopped = stopper.schedule(() -> drill.shop.run(Duration.ofMinutes(1), "stop", "inventory-primary"), 3, TimeUnit.SECONDS);
        // 20 clients, 12 s: the stop lands at 3 s; the drain window (3 s) and the exit fall inside the run
        var load = Load.run(20, Duration.ofSeconds(12), (w, i) -> drill.page("/p/" + Drill.sku(w * 7 + i)),
                Drill.contains("Stock counts may lag"));
        var result = stopped.get(1, TimeUnit.MINUTES);
        stopper.shutdown();
        System.out.printf("DRILL shutdown: %s, pages from the snapshot %d; %s%n", load.summary(), load.marked(),
                result.output().strip());

        assertThat(result.output()).contains("inventory-primary stopped (SIGTERM)");
        assertThat(drill.ready("inventory-primary")).isFalse();
        assertThat(load.count()).isGreaterThan(200);
        assertThat(load.status5xx()).as("failed page requests while a replica shut down").isZero();
        assertThat(load.count() - load.status(200)).as("every page answered 200").isZero();
    }
}
