package dev.resilientshop.systemtests.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drill 2, hedged reads (seed 002, "The Tail at Scale"): inventory-primary answers 5% of stock
 * reads after 1 s (the stock of 5 of the 100 SKUs the load walks through). Unhedged (naive mode:
 * every read to the primary), those 5% set the page's p99 at ~1 s; hedged, a second read goes to
 * the secondary after the observed p95 and the stock-read p99 (the product page's own
 * {@code inventory_stock_reads_seconds} histogram) stays near the healthy one. Extra requests
 * are counted from the replicas' own request counters (product and stock reads). docs/what-happens-when/inventory-slow-tail.md.
 */
@ExtendWith(Shop.class)
@Order(410)
class HedgedInventoryDrillTest {

    private static final String STOCK = "uri=\"/stock/{sku}\"";
    private static final String PRODUCT = "uri=\"/products/{sku}\"";
    /**
     * Ten clients, not the other drills' twenty: this drill measures one dependency's tail, and on
     * two cores shared by nine JVMs twenty clients put the run queue's own tail (100 ms and more
     * at p99, healthy) into every read, hiding what hedging does.
     */
    private static final int CLIENTS = 10;
    private final Drill drill = new Drill();

    @Test
    void hedgedStockReadsKeepTheP99NearHealthyWithAtMostFivePercentExtraRequests() throws Exception {
        try {
            drill.warmUp(300);
            var healthyReadsBefore = stockReads();
            var healthy = Load.run(CLIENTS, Duration.ofSeconds(10), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            var healthyReads = stockReads().minus(healthyReadsBefore);
            System.out.println("DRILL 2 healthy: " + healthy.summary());

            // 5 of the 100 SKUs (AUD/CAM/KIT/BOK/OUT-0001) are slow on the primary: 5% of its stock reads.
            drill.chaos("inventory-primary", "{\"latencyMs\":1000,\"pathPattern\":\"/stock/(AUD|CAM|KIT|BOK|OUT)-0001\"}");

            drill.mode("naive");
            var naiveReadsBefore = stockReads();
            var unhedged = Load.run(CLIENTS, Duration.ofSeconds(12), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            var unhedgedReads = stockReads().minus(naiveReadsBefore);
            drill.mode("resilient");
            System.out.println("DRILL 2 unhedged (naive, primary only): " + unhedged.summary());
            drill.warmUp(200); // the hedge's p95 histogram re-learns the healthy latency

            double requestsBefore = inventoryRequests();
            double snapshotBefore = snapshotReads();
            var hedgedReadsBefore = stockReads();
            var hedged = Load.run(CLIENTS, Duration.ofSeconds(12), (w, i) -> drill.page("/p/" + Drill.sku(w * 5 + i)), null);
            var hedgedReads = stockReads().minus(hedgedReadsBefore);
            Thread.sleep(1_500); // the slow primary answers its losers after 1 s: count them too
            // a page is 2 logical reads (product, stock); a read the adaptive limit refused went to
            // the snapshot and sent nothing. Every request the replicas saw beyond that is a hedge or a retry.
            double logical = 2.0 * hedged.count() - (snapshotReads() - snapshotBefore);
            double extra = inventoryRequests() - requestsBefore - logical;
            System.out.println("DRILL 2 hedged: " + hedged.summary());
            System.out.printf("DRILL 2 stock reads as the page saw them (inventory_stock_reads_seconds): "
                    + "healthy p50 %.1f ms, p99 %.1f ms; unhedged %.0f reads, p50 %.1f ms, p99 %.1f ms; hedged %.0f reads, p50 %.1f ms, p99 %.1f ms; "
                    + "stock-read p99 ratio %.1fx%n",
                    healthyReads.percentileMillis(0.5), healthyReads.percentileMillis(0.99),
                    unhedgedReads.count(), unhedgedReads.percentileMillis(0.5), unhedgedReads.percentileMillis(0.99),
                    hedgedReads.count(), hedgedReads.percentileMillis(0.5), hedgedReads.percentileMillis(0.99),
                    unhedgedReads.percentileMillis(0.99) / hedgedReads.percentileMillis(0.99));
            System.out.printf("DRILL 2 page p99: unhedged / hedged = %.1f; hedged / healthy = %.2f; "
                    + "extra inventory requests %.0f for %.0f logical reads = %.2f%%; hedges by the pipeline: %s%n",
                    unhedged.p99() / hedged.p99(), hedged.p99() / healthy.p99(), extra, logical, 100 * extra / logical,
                    drill.pipeline("inventory").path("hedges").asText());

            // The measure is the stock read: 5% of reads at ~1000 ms unhedged; hedged they
            // finish after the p95 delay plus one read on the secondary.
            assertThat(unhedgedReads.percentileMillis(0.99)).as("unhedged stock-read p99").isGreaterThanOrEqualTo(900);
            // "near the healthy p99 (>= 10x better than unhedged)": 10x better, or, when this 2-core
            // machine's own tail already puts the healthy stock-read p99 near 100 ms (seen: 56-119 ms
            // in CI), within 1.25x of that healthy p99. Without hedging it would be ~1,000 ms either way.
            assertThat(hedgedReads.percentileMillis(0.99)).as("hedged stock-read p99 (ms): 10x better than unhedged or near healthy")
                    .isLessThanOrEqualTo(Math.max(unhedgedReads.percentileMillis(0.99) / 10, 1.25 * healthyReads.percentileMillis(0.99)));
            // The whole page carries the other reads and rendering too (on two busy cores its p99 is
            // 80-130 ms); it must no longer wait for the slow replica.
            assertThat(unhedged.p99()).as("unhedged page p99").isGreaterThanOrEqualTo(900);
            assertThat(hedged.p99()).as("hedged page p99 well under the injected second").isLessThan(500);
            // hedges are rationed to 5% of calls by the hedge budget
            assertThat(extra / logical).as("extra inventory requests per logical read").isLessThanOrEqualTo(0.05);
            assertThat(hedged.status5xx()).isZero();
        } finally {
            drill.restore();
        }
    }

    private double inventoryRequests() throws Exception {
        double sum = 0;
        for (var replica : Drill.INVENTORY) {
            sum += drill.metric(replica, "http_server_requests_seconds_count", STOCK)
                    + drill.metric(replica, "http_server_requests_seconds_count", PRODUCT);
        }
        return sum;
    }

    private Drill.Histogram stockReads() throws Exception {
        return drill.histogram("product-page", "inventory_stock_reads_seconds");
    }

    private double snapshotReads() throws Exception {
        return drill.metric("product-page", "fallbacks_total", "dependency=\"inventory\"", "source=\"snapshot\"");
    }
}
