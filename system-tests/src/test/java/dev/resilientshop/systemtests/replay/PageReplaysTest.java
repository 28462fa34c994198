package dev.resilientshop.systemtests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.replay.GeneratorLoad;
import dev.resilientshop.replay.Replay;
import dev.resilientshop.replay.Row;
import dev.resilientshop.replay.Scenario;
import dev.resilientshop.replay.ShopOps;
import dev.resilientshop.replay.Summary;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.StockLedger;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every scenario named after a page of docs/what-happens-when/ replayed short against the system
 * tests' shop, through the same runner as {@code ./shop replay <page>}, each checked against what
 * its page promises: in resilient mode no product page fails and the page's fallback (or fast
 * refusal) shows; naive mode runs only where the page makes a claim about it
 * (recommendations-slow: every page takes 4.8 s; inventory-slow-tail: the 5 % of slow reads show
 * as second-long pages). The short form ({@link Replays}, the default, for CI) replays at 30x
 * (inventory-latency-spike at 20x, see {@link #SPIKE_SPEED}) and leaves out the naive run of
 * recommendations-slow, whose claim {@code CascadeDrillTest} asserts on the same fault in naive
 * mode (product page p50 at least the 4.8 s); the full form ({@code -Dreplays.full=true}) replays
 * every scenario at 20x with every mode, as the pages' figures were measured. One shop for all
 * (the {@link Shop} extension), warmed by 10 s of unrecorded load first; the stock the checkouts
 * take is put back ({@link StockLedger}). Outcomes count in the second they come back, so a slow
 * page sent during a fault may land in the phase after it: naive checks read the worst phase.
 */
@ExtendWith(Shop.class)
@Order(465)
class PageReplaysTest {

    /**
     * The short form's speed: 30x leaves each fault at least 4 s of wall time (pricing-hangs and
     * inventory-down: 2 seed minutes), three whole recorded seconds after the phase's first one,
     * which holds what was asked for before the fault, and about 17 product pages a second in
     * each; order-service-slow's 4 s fault fills the order bulkhead's 20 (6 checkouts a second
     * waiting 5 s) and its checkouts placed come back before the end. The full form: 20x.
     */
    static final double SPEED = Replays.speed(30, 20);

    /**
     * inventory-latency-spike's spike lasts one seed minute: 3 s of wall time at 20x, two of them
     * recorded whole in the fault phase; at 30x only one would be left for "stock banners in the
     * spike". It stays at 20x in both forms.
     */
    static final double SPIKE_SPEED = 20;

    /** The load's 100 products; order-service-slow buys them, the ledger puts the stock back. */
    static final String[] SKUS =
            IntStream.range(0, 100).mapToObj(ShopRequests::sku).toArray(String[]::new);

    @RegisterExtension
    static final StockLedger stock = StockLedger.of(SKUS);

    static Path root;
    static Path reports;
    static ShopOps ops;
    static int offset;

    @BeforeAll
    static void ops() throws Exception {
        root = Shop.root();
        offset = Shop.get().offset();
        ops = ShopOps.of(root, Shop.get().state(), offset);
        reports = Files.createDirectories(Shop.get().artifacts().resolve("replays"));
        // some of the load's products are sold out on a shop that has run before: a checkout of one
        // would answer 409, the right answer, but not the one the scenario is about
        for (var sku : SKUS) {
            stock.topUp(sku, Math.max(stock.found(sku), 20));
        }
        // a shop just started by this class is cold (first pages over the budget, breakers opening on
        // a healthy shop: shop-just-started.md); every replay resets the breakers and limits after this
        try (var load = new GeneratorLoad(
                ops.base("product-page"), 20, Map.of("product", 85, "browse", 15), Duration.ofSeconds(10), 400)) {
            load.start();
            Thread.sleep(10_000);
        }
    }

    @Test
    @Order(1)
    void everyPageScenarioIsReplayedHere() {
        assertThat(List.of(
                        "recommendations-slow",
                        "pricing-hangs",
                        "inventory-down",
                        "inventory-slow-tail",
                        "inventory-latency-spike",
                        "order-service-slow"))
                .containsExactlyInAnyOrderElementsOf(Scenario.PAGES);
    }

    @Test
    @Order(3)
    void recommendationsSlowResilientShowsPopularItemsAtOnceNaiveMakesEveryPageWait() throws Exception {
        // the short form leaves naive mode out: CascadeDrillTest asserts the same claim on the same
        // fault (recommendations at 4.8 s, naive mode: product page p50 >= 4.8 s)
        var result = Replays.FULL
                ? replay("recommendations-slow", SPEED, "resilient", "naive")
                : replay("recommendations-slow", SPEED, "resilient");
        var resilient = result.summaries().get("resilient");
        var naive = result.summaries().get("naive");
        var fault = firstFault(resilient);
        var recs = resilient.deps().get("product-page/recommendations");
        var naiveWorst = naive == null ? null : worstFaultOrFix(naive);
        headline(
                "recommendations-slow",
                String.format(
                        "resilient: %d of %d product pages failed; in the fault %d of %d product pages with a"
                                + " notice, p50 %.0f ms, p99 %.0f ms; breaker first open at %s; fallbacks %s. naive: %s",
                        resilient.product5xx(),
                        resilient.productPages(),
                        seenInFaults(result, "resilient").notices(),
                        seenInFaults(result, "resilient").productPages(),
                        fault.productP50Millis(),
                        fault.productP99Millis(),
                        recs.firstOpenAt(),
                        recs.fallbacksBySource(),
                        naive == null
                                ? "not replayed in the short form (CascadeDrillTest)"
                                : String.format(
                                        "product p50 %.0f ms in the" + " healthy phase, %.0f ms in '%s'",
                                        healthy(naive).productP50Millis(),
                                        naiveWorst.productP50Millis(),
                                        naiveWorst.phase())),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx()).as("failed product pages, resilient").isZero();
        var seen = seenInFaults(result, "resilient");
        assertThat(seen.notices())
                .as("product pages with 'Popular items' and its note while recommendations are slow")
                .isGreaterThanOrEqualTo(Math.round(0.9 * seen.productPages()));
        assertThat(recs.firstOpenAt()).as("the recommendations breaker opened").isNotEqualTo("never");
        assertThat(sum(recs.fallbacksBySource()))
                .as("recommendations fallbacks")
                .isPositive();
        assertThat(fault.productP50Millis())
                .as("resilient product p50 while recommendations are slow (ms)")
                .isLessThan(1_000);
        if (naive != null) {
            assertThat(naiveWorst.productP50Millis())
                    .as("naive: every page waits the 4.8 s (p50 of the worst phase, ms)")
                    .isGreaterThanOrEqualTo(4_000);
        }
    }

    @Test
    @Order(4)
    void pricingHangsShowsTheLastKnownPriceAndOpensTheBreaker() throws Exception {
        var result = replay("pricing-hangs", SPEED, "resilient");
        var resilient = result.summaries().get("resilient");
        var fault = firstFault(resilient);
        var pricing = resilient.deps().get("product-page/pricing");
        headline(
                "pricing-hangs",
                String.format(
                        "resilient: %d of %d product pages failed; in the fault %d of %d product pages"
                                + " with a notice, p50 %.0f ms, p99 %.0f ms; breaker first open at %s; fallbacks %s",
                        resilient.product5xx(),
                        resilient.productPages(),
                        seenInFaults(result, "resilient").notices(),
                        seenInFaults(result, "resilient").productPages(),
                        fault.productP50Millis(),
                        fault.productP99Millis(),
                        pricing.firstOpenAt(),
                        pricing.fallbacksBySource()),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx()).as("failed product pages").isZero();
        var seen = seenInFaults(result, "resilient");
        assertThat(seen.notices())
                .as("product pages with 'Last known price' while pricing hangs")
                .isGreaterThanOrEqualTo(Math.round(0.9 * seen.productPages()));
        assertThat(pricing.firstOpenAt()).as("the pricing breaker opened").isNotEqualTo("never");
        assertThat(sum(pricing.fallbacksBySource()))
                .as("last-known-price fallbacks")
                .isPositive();
        assertThat(fault.productP50Millis())
                .as("product p50 while pricing hangs, within the 500 ms budget (ms)")
                .isLessThan(500);
    }

    @Test
    @Order(5)
    void inventoryDownServesTheSnapshotUnderItsBanner() throws Exception {
        var result = replay("inventory-down", SPEED, "resilient");
        var resilient = result.summaries().get("resilient");
        var fault = firstFault(resilient);
        var inventory = resilient.deps().get("product-page/inventory");
        headline(
                "inventory-down",
                String.format(
                        "resilient: %d of %d product pages failed; in the fault the stock banner on %d"
                                + " of %d product pages, p50 %.0f ms, p99 %.0f ms; breaker first open at %s; fallbacks %s",
                        resilient.product5xx(),
                        resilient.productPages(),
                        seenInFaults(result, "resilient").stockBanners(),
                        seenInFaults(result, "resilient").productPages(),
                        fault.productP50Millis(),
                        fault.productP99Millis(),
                        inventory.firstOpenAt(),
                        inventory.fallbacksBySource()),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx())
                .as("failed product pages while both replicas are down")
                .isZero();
        var seen = seenInFaults(result, "resilient");
        assertThat(seen.stockBanners())
                .as("product pages with the snapshot's banner while both replicas are down")
                .isGreaterThanOrEqualTo(Math.round(0.9 * seen.productPages()));
        assertThat(inventory.firstOpenAt()).as("the inventory breaker opened").isNotEqualTo("never");
        assertThat(sum(inventory.fallbacksBySource())).as("snapshot fallbacks").isPositive();
    }

    @Test
    @Order(6)
    void inventorySlowTailIsHedgedResilientAndShowsAsSecondLongPagesNaive() throws Exception {
        var result = replay("inventory-slow-tail", SPEED, "resilient", "naive");
        var resilient = result.summaries().get("resilient");
        var naive = result.summaries().get("naive");
        var fault = firstFault(resilient);
        var naiveWorst = naive.phases().stream()
                .filter(p -> !p.kind().equals("baseline"))
                .max(Comparator.comparingDouble(Summary.PhaseFigures::productP99Millis))
                .orElseThrow();
        var inventory = resilient.deps().get("product-page/inventory");
        headline(
                "inventory-slow-tail",
                String.format(
                        "resilient: %d of %d product pages failed; %d hedged reads; product"
                                + " p50 %.0f ms, p99 %.0f ms in the fault. naive: product p99 %.0f ms healthy, %.0f ms in '%s'",
                        resilient.product5xx(),
                        resilient.productPages(),
                        inventory.hedges(),
                        fault.productP50Millis(),
                        fault.productP99Millis(),
                        healthy(naive).productP99Millis(),
                        naiveWorst.productP99Millis(),
                        naiveWorst.phase()),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx()).as("failed product pages").isZero();
        assertThat(inventory.hedges()).as("reads hedged to the other replica").isPositive();
        assertThat(naiveWorst.productP99Millis())
                .as("naive: the slow reads show as second-long pages (p99, ms)")
                .isGreaterThanOrEqualTo(900);
        assertThat(fault.productP99Millis())
                .as("resilient product p99 in the fault, below naive's (ms)")
                .isLessThan(naiveWorst.productP99Millis());
    }

    @Test
    @Order(7)
    void inventoryLatencySpikeHalvesTheLimitAndServesTheSnapshot() throws Exception {
        var result = replay("inventory-latency-spike", SPIKE_SPEED, "resilient");
        var resilient = result.summaries().get("resilient");
        var fault = firstFault(resilient);
        var inventory = resilient.deps().get("product-page/inventory");
        headline(
                "inventory-latency-spike",
                String.format(
                        "resilient: %d of %d product pages failed; inventory limit %d before,"
                                + " lowest %d, %d at the end; the stock banner on %d of %d product pages in the spike, p50 %.0f ms, p99 %.0f ms",
                        resilient.product5xx(),
                        resilient.productPages(),
                        inventory.limitBaseline(),
                        inventory.limitLowest(),
                        inventory.limitLast(),
                        fault.stockBannerPages(),
                        fault.productPages(),
                        fault.productP50Millis(),
                        fault.productP99Millis()),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx()).as("failed product pages").isZero();
        assertThat(inventory.limitLowest())
                .as("the adaptive limit at least halves under the spike")
                .isLessThanOrEqualTo(inventory.limitBaseline() / 2);
        assertThat(fault.stockBannerPages())
                .as("reads refused by the limit: pages from the snapshot, with its banner")
                .isPositive();
    }

    @Test
    @Order(2)
    void orderServiceSlowLeavesProductPagesAloneAndCheckoutsWaitOrAreRefusedAtOnce() throws Exception {
        var result = replay("order-service-slow", SPEED, "resilient");
        var resilient = result.summaries().get("resilient");
        var healthy = healthy(resilient);
        var fault = firstFault(resilient);
        var checkouts = new java.util.TreeMap<String, Long>();
        resilient.phases().stream()
                .filter(p -> !p.kind().equals("baseline"))
                .forEach(p -> p.checkoutStatuses().forEach((status, n) -> checkouts.merge(status, n, Long::sum)));
        headline(
                "order-service-slow",
                String.format(
                        "resilient: %d of %d product pages failed; product p50 %.0f ms healthy,"
                                + " %.0f ms while order-service is slow (p99 %.0f / %.0f ms); checkouts from the fault on %s, p99 %.0f ms",
                        resilient.product5xx(),
                        resilient.productPages(),
                        healthy.productP50Millis(),
                        fault.productP50Millis(),
                        healthy.productP99Millis(),
                        fault.productP99Millis(),
                        checkouts,
                        resilient.checkoutP99Millis()),
                result);

        assertThat(resilient.healthyBaseline())
                .as(String.join("; ", resilient.baselineProblems()))
                .isTrue();
        assertThat(resilient.product5xx()).as("failed product pages").isZero();
        assertThat(fault.productP50Millis())
                .as("product p50 while order-service is slow: its healthy p50 + 500 ms at most")
                .isLessThanOrEqualTo(healthy.productP50Millis() + 500);
        assertThat(checkouts.getOrDefault("201", 0L))
                .as("checkouts that waited for order-service and were placed")
                .isPositive();
        assertThat(checkouts.getOrDefault("503", 0L))
                .as("checkouts told 'try again' at once, 20 already waiting")
                .isPositive();
        assertThat(checkouts.keySet())
                .as("every checkout answered: placed (201) or 'try again' (503)")
                .allMatch(s -> s.equals("201") || s.equals("503"));
    }

    private static Replay.Result replay(String scenario, double speed, String... modes) throws Exception {
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        var options = new Replay.Options(
                scenario, speed, List.of(modes), null, Duration.ofSeconds(5), Duration.ofSeconds(3), reports, "off");
        try {
            return new Replay(root, ops, offset, Replay.generator(ops), out).run(options);
        } finally {
            System.out.println(printed.toString(StandardCharsets.UTF_8));
        }
    }

    private static void headline(String scenario, String figures, Replay.Result result) {
        System.out.printf(
                "REPLAY %s at %.0fx (%s): %s; report %s%n",
                scenario,
                result.speed(),
                Replays.form(),
                figures,
                result.report().resolve("index.html"));
    }

    private static Summary.PhaseFigures healthy(Summary.ModeSummary s) {
        return s.phases().stream()
                .filter(p -> p.kind().equals("baseline"))
                .findFirst()
                .orElseThrow();
    }

    private static Summary.PhaseFigures firstFault(Summary.ModeSummary s) {
        return s.phases().stream()
                .filter(p -> p.kind().equals("fault"))
                .findFirst()
                .orElseThrow();
    }

    private static Summary.PhaseFigures worstFaultOrFix(Summary.ModeSummary s) {
        return s.phases().stream()
                .filter(p -> !p.kind().equals("baseline"))
                .max(Comparator.comparingDouble(Summary.PhaseFigures::productP50Millis))
                .orElseThrow();
    }

    /** Product pages of one mode's fault phases, and how many showed a notice or the stock banner. */
    record Seen(long productPages, long notices, long stockBanners) {}

    /**
     * What product pages showed while a fault was on. A row is stamped at the end of its second, so
     * the first row of a phase holds what came back before the phase's chaos was applied: it is left
     * out.
     */
    static Seen seenInFaults(Replay.Result result, String mode) {
        var phases = result.scenario().phases();
        long pages = 0;
        long notices = 0;
        long stock = 0;
        int previous = -1;
        for (Row row : result.rows().get(mode)) {
            boolean first = row.phase() != previous;
            previous = row.phase();
            if (first || !phases.get(row.phase()).fault()) {
                continue;
            }
            var product = row.load().kind("product");
            pages += product.count();
            notices += product.banners();
            stock += product.stockBanners();
        }
        return new Seen(pages, notices, stock);
    }

    private static long sum(Map<String, Long> bySource) {
        return bySource.values().stream().mapToLong(Long::longValue).sum();
    }
}
