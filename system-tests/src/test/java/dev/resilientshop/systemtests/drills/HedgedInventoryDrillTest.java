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
 * Drill 2, pattern: <b>hedging</b> of the product page's inventory reads (seed 002, "The Tail at
 * Scale"). inventory-primary answers the stock of 5 of the 100 SKUs after 1 s, and every
 * {@value #SLOW_EVERY}th page of a client asks for one of those five. Without hedges the resilient
 * pipeline still does not wait a second: the 250 ms attempt
 * timeout and a retry to the secondary answer those reads after ~270 ms. What only hedging does:
 * a second read goes to the secondary after the observed p95 and wins, so the slow reads finish
 * well before the attempt timeout. Checked from the product page's own
 * {@code inventory_stock_reads_seconds} histogram, the pipeline's hedge count and the replicas'
 * request counters: hedges sent (more than none), at most 5% extra requests, the slow reads
 * rescued (reads that waited out the 250 ms attempt timeout: at most a quarter of the same run's
 * hedging-off count), and a stock-read p99 below hedging-off's. The drill runs with everything
 * on, then with only hedging off, and asserts that hedging's checks fail there.
 *
 * <p>Why not "p99 at most half of hedging-off", as before: the stock-read histogram of a 10 s
 * phase holds ~300 reads, so its p99 is about the third slowest read, and a rescued read takes
 * the hedge delay (the observed p95) plus a second read. On two cores running eight JVMs that sum
 * was 200-250 ms in CI (hedged p99 248 and 254 ms against 334 and 291 ms off): hedging had
 * rescued the reads, and the ratio measured the machine's p95. Whether a read waited out the
 * attempt timeout is what only hedging changes.
 *
 * <p>Why the load asks for the slow SKUs at a fixed share, and why the drill first checks that the
 * hedging-off run saw at least {@value #TAIL_SHARE_PERCENT}% of its stock reads wait out the attempt
 * timeout: "p99 below hedging-off's" only means something when hedging-off's p99 is one of the slow
 * reads. Before, the load walked SKUs {@code 5 * client + page}, about 21 of ~315 pages asked for
 * a slow SKU, and only a slow SKU's stock read that the rotation sent to the primary was slow. With
 * one rotation counter for product and stock reads that was left to how ten clients' pages
 * interleaved: a CI run's hedging-off phase had 2 reads over 250 ms, so its p99 (33.4 ms) was a
 * healthy read and hedging-on's 55.0 ms "failed". Now each kind of read has its own rotation
 * (InventoryReplicas), so about half of the slow-SKU reads meet the primary: with one page in
 * {@value #SLOW_EVERY} that is ~5% of stock reads, ~2.5% of all inventory reads. More would be
 * wrong the other way: once more than ~5% of the reads the hedge delay is learnt from are slow,
 * the observed p95 is itself a slow read and no hedge is sent in time (and the 5% hedge budget
 * runs dry). Fewer would leave the 2% floor to chance: fewer than 2% over 250 ms is then no
 * flake of hedging but a load that did not make the tail, and the drill says so. Three runs with
 * this load: 16, 12 and 17 reads over 250 ms hedging off (of ~300 stock reads), 1, 0 and 0 on;
 * stock-read p99 304, 304 and 313 ms off against 74, 67 and 52 ms on; 20-24 hedges, 2.9-4.0%
 * extra requests.
 * docs/what-happens-when/inventory-slow-tail.md.
 */
@ExtendWith(Shop.class)
@Order(410)
class HedgedInventoryDrillTest {

    private static final String STOCK = "uri=\"/stock/{sku}\"";
    private static final String PRODUCT = "uri=\"/products/{sku}\"";
    /** Ten clients: on two cores shared by nine JVMs twenty put the run queue's own tail into every read. */
    private static final int CLIENTS = 10;

    private static final Duration PHASE = Duration.ofSeconds(10);
    /**
     * The product page's inventory attempt timeout: a read over it waited for the timeout and a
     * retry (counted from the histogram's bucket bound at or below it).
     */
    private static final double WAITED_MS = 250;
    /** One page in this many, per client, asks for a slow SKU (AUD/CAM/KIT/BOK/OUT-0001). */
    private static final int SLOW_EVERY = 10;
    /**
     * The hedging-off run's stock reads over {@link #WAITED_MS} must be at least this share, so
     * that its p99 is one of them (1% would be the bare minimum; 2% leaves room for the bucket the
     * p99 is interpolated in).
     */
    private static final int TAIL_SHARE_PERCENT = 2;

    private final Drill drill = new Drill();

    record Phase(LoadStats pages, Drill.Histogram stockReads, long hedges, double extra, double logical) {
        double p99() {
            return stockReads.percentileMillis(0.99);
        }

        double waited() {
            return stockReads.countAbove(WAITED_MS);
        }
    }

    @Test
    void hedgesRescueTheSlowReadsWithAtMostFivePercentExtraRequests() throws Exception {
        long start = System.nanoTime();
        try {
            OnOff.resetAll(drill, "DRILL 2", "hedging");
            drill.warmUp(300);
            // 5 of the 100 SKUs (AUD/CAM/KIT/BOK/OUT-0001) are slow on the primary
            drill.chaos(
                    "inventory-primary", "{\"latencyMs\":1000,\"pathPattern\":\"/stock/(AUD|CAM|KIT|BOK|OUT)-0001\"}");
            var runs = OnOff.run(drill, "hedging", List.of("product-page"), this::phase);
            var on = runs.on();
            var off = runs.off();

            var onChecks = checks("hedging on", on, off);
            var offChecks = checks("hedging off", off, off);
            System.out.printf(
                    "DRILL 2 stock-read p99 hedging on %.1f ms, off %.1f ms (%.1fx); reads over %.0f ms %.0f on, %.0f off;"
                            + " hedges %d on (extra %.0f of %.0f = %.2f%%), %d off; on+off %.0f s, drill %.0f s%n",
                    on.p99(),
                    off.p99(),
                    off.p99() / on.p99(),
                    WAITED_MS,
                    on.waited(),
                    off.waited(),
                    on.hedges(),
                    on.extra(),
                    on.logical(),
                    100 * on.extra() / on.logical(),
                    off.hedges(),
                    runs.seconds(),
                    (System.nanoTime() - start) / 1e9);
            assertThat(off.waited())
                    .as(
                            "precondition: the hedging-off run must have its p99 in the slow tail, at least %d%% of"
                                    + " its %.0f stock reads over %.0f ms, but %.0f were (off p99 %.1f ms): the load did not make the tail the drill"
                                    + " compares (one page in %d asks for a slow SKU; about half of those stock reads meet the slow primary)",
                            TAIL_SHARE_PERCENT,
                            off.stockReads().count(),
                            WAITED_MS,
                            off.waited(),
                            off.p99(),
                            SLOW_EVERY)
                    .isGreaterThanOrEqualTo(
                            TAIL_SHARE_PERCENT / 100.0 * off.stockReads().count());
            runs.conclude(
                    "DRILL 2",
                    onChecks,
                    offChecks,
                    new OnOff.Headline(
                            "HedgedInventoryDrillTest",
                            "stock-read p99 with 5% of primary reads at 1 s, ms",
                            on.p99(),
                            off.p99()),
                    "hedges sent",
                    "slow reads rescued",
                    "stock-read p99 below hedging-off");
        } finally {
            drill.restore();
        }
    }

    /** One run from a fresh hedge history: 3 s to learn the p95 (and refill the hedge budget), then the measured load. */
    private Phase phase() throws Exception {
        drill.reset("product-page");
        Shoppers.pages(CLIENTS, Duration.ofSeconds(3), (w, i) -> drill.page("/p/" + healthySku(w, i)), null);
        double requestsBefore = inventoryRequests();
        double snapshotBefore = snapshotReads();
        long hedgesBefore = drill.pipeline("inventory").path("hedges").asLong();
        var readsBefore = stockReads();
        var pages = Shoppers.pages(CLIENTS, PHASE, (w, i) -> drill.page("/p/" + sku(w, i)), null);
        var reads = stockReads().minus(readsBefore);
        Thread.sleep(1_500); // the slow primary answers its losers after 1 s: count them too
        // a page is 2 logical reads (product, stock); a read the adaptive limit refused went to the
        // snapshot and sent nothing. Every request the replicas saw beyond that is a hedge or a retry.
        double logical = 2.0 * pages.answeredCount() - (snapshotReads() - snapshotBefore);
        double extra = inventoryRequests() - requestsBefore - logical;
        return new Phase(
                pages, reads, drill.pipeline("inventory").path("hedges").asLong() - hedgesBefore, extra, logical);
    }

    /**
     * Client {@code w}'s {@code i}-th page: every {@value #SLOW_EVERY}th one (offset per client, so
     * the clients do not ask at the same moment) one of the five slow SKUs in turn, else a healthy one.
     */
    private static String sku(int w, int i) {
        int n = w + i;
        return n % SLOW_EVERY == 0 ? Drill.sku(10 * (n / SLOW_EVERY % 5)) : healthySku(w, i);
    }

    /** SKUs 50-99 of {@link Drill#sku}: none of the five slow ones (0, 10, 20, 30, 40). */
    private static String healthySku(int w, int i) {
        return Drill.sku(50 + Math.floorMod(w * 5 + i, 50));
    }

    private static Checks checks(String run, Phase p, Phase off) {
        return new Checks(run)
                .check("hedges sent", p.hedges() > 0, p.hedges() + " hedges")
                .check(
                        "at most 5% extra requests",
                        p.extra() <= 0.05 * p.logical(),
                        String.format("%.0f extra for %.0f logical reads", p.extra(), p.logical()))
                .check(
                        "slow reads rescued",
                        p.waited() <= off.waited() / 4 && off.waited() > 0,
                        String.format(
                                "%.0f reads over %.0f ms, at most 1/4 of hedging-off's %.0f",
                                p.waited(), WAITED_MS, off.waited()))
                .check(
                        "stock-read p99 below hedging-off",
                        p.p99() < off.p99(),
                        String.format("p99 %.1f ms < %.1f ms", p.p99(), off.p99()))
                .check("no 5xx", p.pages().failedCount() == 0, p.pages().failedCount() + " 5xx");
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
