package dev.resilientshop.systemtests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.replay.Replay;
import dev.resilientshop.replay.Scenario;
import dev.resilientshop.replay.ShopOps;
import dev.resilientshop.replay.Summary;
import dev.resilientshop.replay.Timeline;
import dev.resilientshop.systemtests.Shop;
import dev.resilientshop.systemtests.StockLedger;
import dev.resilientshop.testsupport.load.ShopRequests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CI-sized replays of the two other bundled scenarios (issue 14), next to {@link ReplayTest}'s
 * seed 002: seed 000 (recommendations answering 500) and seed 003 (the fraud API slow), both 8
 * seed minutes, at {@link #SPEED} in resilient and then naive mode against the system tests' shop, through
 * the same runner as {@code ./shop replay} (seed 003's naive half in the full form only, see its
 * test). Each mode is about 30 s (50 s in the full form). The headline numbers are
 * compared with the same run's healthy phase, and a replay whose healthy phase was not healthy
 * fails (its fault phases would not show the fault alone). Each test prints a {@code REPLAY} line
 * with its figures and the replay's wall time.
 *
 * <p>No alert is asserted: the replays run with Prometheus off ({@link ReplayTest} runs the shop's alert
 * rules for seed 002).
 */
@ExtendWith(Shop.class)
@Order(461)
class ScenarioReplaysTest {

    /**
     * The short form ({@link Replays}, for CI): 8 seed minutes in 24 s per mode at 20x, about 65 s for
     * both modes with the warm-ups and the pause. Still above the counts asserted below: seed 000's
     * resilient mode about 400 product pages (20 a second, 85 % of them product pages), seed 003's
     * fault 15 s of wall time with about 150 checkouts sent (10 a second). The full form
     * ({@code -Dreplays.full=true}): 12x, 8 seed minutes in 40 s per mode.
     */
    static final double SPEED = Replays.speed(20, 12);

    static final Duration WARM_UP = Duration.ofSeconds(6);
    static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * The SKUs the load's checkouts buy ({@link ShopRequests#sku}): about 5 % of the demo catalog is
     * sold out and 10 % nearly gone, and a checkout of one answers 409, which the healthy-phase
     * check rightly counts against the baseline. Topped up for seed 003 and put back afterwards.
     */
    @RegisterExtension
    static final StockLedger stock =
            StockLedger.of(IntStream.range(0, 100).mapToObj(ShopRequests::sku).toArray(String[]::new));

    /**
     * Seed 000 says a page without the patterns "fails with its dependency", and naive mode is that
     * picture: no fallback, and no leaving the failed part out either (ProductDetailsLoader), so a
     * naive product page answers 503 while recommendations answer 500. Asserted against the same
     * run's healthy phase: naive product pages fail in the fault phase and did not in the healthy
     * one, while resilient product pages never fail and show the fallback's recommendations.
     */
    @Test
    @Order(1)
    void seed000RecommendationsDownResilientShowsPopularItemsAndOpensTheBreakerNaiveProductPagesFail()
            throws Exception {
        var run = replay("seed-000-recs-down", "resilient", "naive");
        var resilient = run.result().summaries().get("resilient");
        var naive = run.result().summaries().get("naive");
        var down = phase(resilient, "recommendations down");
        var recs = resilient.deps().get("product-page/recommendations");
        long fallbacks = recs == null
                ? 0
                : recs.fallbacksBySource().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
        var naiveHealthy = phase(naive, "healthy");
        var naiveDown = phase(naive, "recommendations down");
        System.out.printf(
                "REPLAY seed-000 at %.0fx (%.0f s): resilient %d product pages, %d failed; while recommendations "
                        + "were down %d product pages, %d failed, %d with fallback recommendations, %d with a notice; recommendations "
                        + "breaker first open at %s (open %d s), fallbacks by source %s; naive while recommendations were down %d "
                        + "product pages, %d failed (%.1f %%; healthy phase %d of %d), p50 %.0f ms (healthy %.0f ms); naive5xxShare: %s; "
                        + "healthy baselines: resilient %s, naive %s; report %s%n",
                SPEED,
                run.seconds(),
                resilient.productPages(),
                resilient.product5xx(),
                down.productPages(),
                down.product5xx(),
                down.fallbackPages(),
                down.bannerPages(),
                recs == null ? "(no pipeline)" : recs.firstOpenAt(),
                recs == null ? 0 : recs.openSeconds(),
                recs == null ? "{}" : recs.fallbacksBySource(),
                naiveDown.productPages(),
                naiveDown.product5xx(),
                100.0 * naiveDown.product5xx() / Math.max(1, naiveDown.productPages()),
                naiveHealthy.product5xx(),
                naiveHealthy.productPages(),
                naiveDown.productP50Millis(),
                naiveHealthy.productP50Millis(),
                Summary.measured("naive5xxShare", null, naive),
                resilient.healthyBaseline(),
                naive.healthyBaseline(),
                run.result().report().resolve("index.html"));

        assertHealthyBaselines(run.result());
        assertThat(resilient.productPages())
                .as("product pages replayed in resilient mode")
                .isGreaterThan(300);
        assertThat(resilient.product5xx())
                .as("failed product pages in resilient mode")
                .isZero();
        assertThat(down.fallbackPages())
                .as("resilient: pages with fallback recommendations while recommendations were down")
                .isGreaterThan(down.productPages() / 2);
        assertThat(recs)
                .as("resilient: the product page's recommendations pipeline in /ops/state")
                .isNotNull();
        assertThat(recs.firstOpenAt())
                .as("resilient: the recommendations breaker opened after the fault began")
                .startsWith("T+");
        assertThat(fallbacks)
                .as("resilient: recommendations fallbacks (cache, popular items, built-in)")
                .isPositive();

        // naive: the page fails with its dependency, against the same run's healthy phase (all 2xx:
        // assertHealthyBaselines)
        assertThat(naiveHealthy.product5xx())
                .as("naive: failed product pages in the healthy phase")
                .isZero();
        assertThat(naiveDown.productPages())
                .as("naive: product pages while recommendations were down")
                .isGreaterThan(100);
        assertThat(naiveDown.product5xx())
                .as("naive: failed product pages of %d while recommendations were down", naiveDown.productPages())
                .isGreaterThan(naiveDown.productPages() * 8 / 10);
        assertThat(naive.product5xxShareIn("fault"))
                .as("naive: failed share of the fault phases' product pages")
                .isGreaterThan(naive.product5xxShareIn("baseline") + 0.5);
        assertThat(naiveDown.fallbackPages())
                .as("naive: pages with a fallback's content (naive mode has none)")
                .isZero();
    }

    /**
     * Seed 003's naive "before" picture is a cascade: payment's pool fills with calls waiting on
     * fraud, order's pool fills with calls waiting on payment, and the product page's shared pool with
     * checkouts, so product pages that never call payment wait too. The scenario's load makes that
     * happen (30 requests/s, a third of them checkouts: 10 a second against payment's 20 connections
     * held 3 s each). Asserted against the same run's healthy phase: naive checkouts wait on the
     * fraud API, and naive product pages are a second slower or fail. In one full-form run: naive
     * checkouts p50 6,160 ms, product pages p99 10,551 ms against 41 ms healthy.
     * Naive mode runs in the full form only: in the short form {@code FraudCascadeDrillTest} makes
     * the stronger claim (pools full, checkouts failing after 10 s, product pages following) at a
     * load that causes it, and this replay's naive half would add about 35 s to every CI run.
     */
    @Test
    @Order(2)
    void seed003FraudSlowResilientCheckoutAnswers503FastNaiveCheckoutWaitsOnTheFraudApi() throws Exception {
        for (int i = 0; i < 100; i++) {
            var sku = ShopRequests.sku(i);
            if (stock.found(sku) < 20) {
                stock.topUp(sku, 20);
            }
        }
        var run = Replays.FULL
                ? replay("seed-003-fraud-cascade", "resilient", "naive")
                : replay("seed-003-fraud-cascade", "resilient");
        var resilient = run.result().summaries().get("resilient");
        var naive = Replays.FULL ? run.result().summaries().get("naive") : resilient;
        var healthy = phase(resilient, "healthy");
        var slow = phase(resilient, "fraud API slow");
        var fraud = resilient.deps().get("payment/fraud");
        var naiveHealthy = phase(naive, "healthy");
        var naiveSlow = phase(naive, "fraud API slow");
        System.out.printf(
                "REPLAY seed-003 at %.0fx (%.0f s, %s): resilient checkouts while fraud was slow %s, p50 %.0f ms, "
                        + "p99 %.0f ms (healthy %s, p50 %.0f ms); product pages %d failed of %d, p99 %.0f ms while fraud was slow, "
                        + "%.0f ms healthy; payment's fraud breaker first open at %s (open %d s); healthy baseline %s; report %s%n",
                SPEED,
                run.seconds(),
                Replays.form(),
                slow.checkoutStatuses(),
                slow.checkoutP50Millis(),
                slow.checkoutP99Millis(),
                healthy.checkoutStatuses(),
                healthy.checkoutP50Millis(),
                resilient.product5xx(),
                resilient.productPages(),
                slow.productP99Millis(),
                healthy.productP99Millis(),
                fraud == null ? "(no pipeline)" : fraud.firstOpenAt(),
                fraud == null ? 0 : fraud.openSeconds(),
                resilient.healthyBaseline(),
                run.result().report().resolve("index.html"));
        if (Replays.FULL) {
            System.out.printf(
                    "REPLAY seed-003 naive: checkouts while fraud was slow %s, p50 %.0f ms, p99 %.0f ms (healthy %s, "
                            + "p50 %.0f ms); product pages %d failed of %d; healthy baseline %s%n",
                    naiveSlow.checkoutStatuses(),
                    naiveSlow.checkoutP50Millis(),
                    naiveSlow.checkoutP99Millis(),
                    naiveHealthy.checkoutStatuses(),
                    naiveHealthy.checkoutP50Millis(),
                    naive.product5xx(),
                    naive.productPages(),
                    naive.healthyBaseline());
        }

        assertHealthyBaselines(run.result());
        assertThat(slow.checkouts())
                .as("resilient: checkouts while fraud was slow")
                .isGreaterThan(10);
        assertThat(slow.checkoutStatuses().getOrDefault("503", 0L))
                .as("resilient: checkouts answered 503 'try again'")
                .isGreaterThan(slow.checkouts() / 2);
        assertThat(slow.checkoutP50Millis())
                .as("resilient: most checkouts answer well before the fraud API's 3 s")
                .isLessThan(1_000);
        assertThat(fraud)
                .as("resilient: payment's fraud pipeline in /ops/state")
                .isNotNull();
        assertThat(fraud.firstOpenAt())
                .as("resilient: payment's fraud breaker opened after the fault began")
                .startsWith("T+");
        assertThat(resilient.product5xx()).as("resilient: failed product pages").isZero();
        assertThat(slow.productP99Millis())
                .as("resilient: product page p99 while fraud was slow, near the healthy phase's")
                .isLessThan(Math.max(2 * healthy.productP99Millis(), healthy.productP99Millis() + 500));

        if (!Replays.FULL) {
            return; // the short form: FraudCascadeDrillTest asserts naive mode's cascade, at a load that makes one
        }
        // naive: no timeout, no breaker: every checkout waits on the 3 s fraud API (or fails after it),
        // against the same run's healthy checkouts, which all answered 2xx (assertHealthyBaselines)
        assertThat(naiveSlow.checkouts())
                .as("naive: checkouts while fraud was slow")
                .isGreaterThan(10);
        assertThat(naiveSlow.checkoutP50Millis())
                .as("naive: checkouts wait on the slow fraud API")
                .isGreaterThanOrEqualTo(Math.max(3_000, naiveHealthy.checkoutP50Millis() + 2_000));
        // and the cascade reaches the product pages, which never call payment: the product page's shared
        // pool is full of checkouts waiting on order, which waits on payment, which waits on fraud
        assertThat(naiveSlow.productP99Millis() >= naiveHealthy.productP99Millis() + 1_000
                        || naiveSlow.product5xx() > 0)
                .as(
                        "naive: product pages while fraud was slow (p99 %.0f ms, %d failed) slower by 1 s than healthy ones "
                                + "(p99 %.0f ms), or failing",
                        naiveSlow.productP99Millis(), naiveSlow.product5xx(), naiveHealthy.productP99Millis())
                .isTrue();
    }

    private record Run(Replay.Result result, double seconds) {}

    private static Run replay(String scenario, String... modes) throws Exception {
        var timeline = new Timeline(Scenario.load(scenario), SPEED);
        long planned = modes.length * (WARM_UP.toMillis() + timeline.durationMillis()) + SETTLE.toMillis();
        assertThat(planned)
                .as("planned wall time of " + String.join(" and ", modes) + " mode of " + scenario + ", ms")
                .isLessThanOrEqualTo(110_000);
        var shop = Shop.get();
        var root = Shop.root();
        int offset = shop.offset();
        var ops = ShopOps.of(root, shop.state(), offset);
        var reports = Files.createDirectories(shop.artifacts().resolve("replays"));
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        var options = new Replay.Options(scenario, SPEED, List.of(modes), null, SETTLE, WARM_UP, reports, "off");
        long start = System.nanoTime();
        var result = new Replay(root, ops, offset, Replay.generator(ops), out).run(options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(printed.toString(StandardCharsets.UTF_8));
        assertThat(Files.readString(result.report().resolve("summary.json"))).contains("\"seedSaysWeMeasured\"");
        return new Run(result, seconds);
    }

    /** Both modes' healthy phases answered every page and checkout 2xx: otherwise {@code ./shop replay} exits 3. */
    private static void assertHealthyBaselines(Replay.Result result) {
        result.summaries()
                .values()
                .forEach(s -> assertThat(s.baselineProblems())
                        .as(s.mode() + " mode's healthy phase")
                        .isEmpty());
        assertThat(Replay.exitCode(result)).as("the replay's exit code").isZero();
    }

    private static Summary.PhaseFigures phase(Summary.ModeSummary s, String name) {
        return s.phases().stream()
                .filter(p -> p.phase().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
