package dev.resilientshop.systemtests.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Playwright;
import dev.resilientshop.replay.Replay;
import dev.resilientshop.replay.ShopOps;
import dev.resilientshop.replay.Summary;
import dev.resilientshop.systemtests.Chromium;
import dev.resilientshop.systemtests.Screenshots;
import dev.resilientshop.systemtests.Shop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CI-sized incident replay: seed 002's outage timeline (an inventory replica slow, then past
 * its timeout, fixed at T+12:00) at 40x, in resilient and then naive mode against the system
 * tests' shop, through the same runner as {@code ./shop replay}. Resilient: not one product page
 * fails and the stock banner shows while the replica is slow. Naive: the slow replica shows
 * through to the product pages, measured against the same run's healthy phase; the shop's alert
 * rules, scaled to the replay's clock, fire in resilient mode. The report it writes is then opened
 * in Chromium: its charts must draw (docs/img/replay-report.png is that page, with
 * {@code -Dscreenshots.update=true}). About 2 minutes.
 */
@ExtendWith(Shop.class)
@Order(460)
class ReplayTest {

    @Test
    void seed002ReplayedResilientShowsABannerAndNoErrorsNaiveShowsTheSlowReplica() throws Exception {
        var shop = Shop.get();
        var root = Shop.root();
        var ops = ShopOps.of(root, shop.state(), shop.offset());
        var reports = Files.createDirectories(shop.artifacts().resolve("replays"));
        var printed = new ByteArrayOutputStream();
        var out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        var options = new Replay.Options(
                "seed-002-timeline",
                40,
                List.of("resilient", "naive"),
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(4),
                reports,
                "auto");

        var result = new Replay(root, ops, shop.offset(), Replay.generator(ops), out).run(options);
        System.out.println(printed.toString(StandardCharsets.UTF_8));

        var resilient = result.summaries().get("resilient");
        var naive = result.summaries().get("naive");
        long resilientBanners = resilient.phases().stream()
                .filter(p -> p.kind().equals("fault"))
                .mapToLong(Summary.PhaseFigures::stockBannerPages)
                .sum();
        var naiveHealthy = phase(naive, "healthy");
        // outcomes count when they come back: at 40x a page that waited for the slow replica lands in a
        // later phase, so the fault's worst phase is the one to compare with the healthy one
        var naiveSaturated = naive.phases().stream()
                .filter(p -> p.kind().equals("fault"))
                .max(java.util.Comparator.comparingDouble(Summary.PhaseFigures::productP50Millis))
                .orElseThrow();
        System.out.printf(
                "REPLAY seed-002 at 40x: resilient %d product pages, %d failed, stock banner on %d pages while "
                        + "the replica was slow; naive product pages p50 %.0f ms healthy, %.0f ms in the worst fault phase (%s), "
                        + "%d of %d failed then; report %s%n",
                resilient.productPages(),
                resilient.product5xx(),
                resilientBanners,
                naiveHealthy.productP50Millis(),
                naiveSaturated.productP50Millis(),
                naiveSaturated.phase(),
                naiveSaturated.product5xx(),
                naiveSaturated.productPages(),
                result.report().resolve("index.html"));

        assertThat(resilient.productPages())
                .as("product pages replayed in resilient mode")
                .isGreaterThan(500);
        assertThat(resilient.product5xx())
                .as("failed product pages in resilient mode")
                .isZero();
        assertThat(resilientBanners)
                .as("pages with the stock banner while the replica was slow")
                .isPositive();

        // naive: no timeout, no fallback: the replica's 2.5 s shows on the product pages (or fails them),
        // compared with the healthy phase of the same run
        double failedShare = (double) naiveSaturated.product5xx() / Math.max(1, naiveSaturated.productPages());
        assertThat(naiveSaturated.productP50Millis() >= naiveHealthy.productP50Millis() + 1_000 || failedShare > 0.25)
                .as("naive: product pages in the fault's worst phase are 1 s slower than healthy ones, or fail")
                .isTrue();

        // the shop's own alert rules, their for: and windows divided by the speed, in a Prometheus the
        // replay starts (Debian's package: .ci/run installs it, as AlertRulesTest needs its promtool)
        var alerts = result.events().get("resilient").stream()
                .filter(e -> e.kind().equals("alert"))
                .map(e -> e.text() + " at " + dev.resilientshop.replay.Timeline.format(e.seedSeconds()))
                .toList();
        System.out.println("REPLAY seed-002 at 40x: alerts fired in resilient mode: " + alerts);
        assertThat(alerts)
                .as("alerts that fired in resilient mode while the replica was slow (is prometheus installed?)")
                .anySatisfy(a -> assertThat(a)
                        .containsAnyOf("CircuitBreakerOpenRateHigh", "FallbackRateHigh", "AdaptiveLimitCollapsed"));

        assertThat(Files.readString(result.report().resolve("summary.json"))).contains("\"seedSaysWeMeasured\"");
        assertThat(Files.readString(result.report().resolve("index.html"))).contains("const DATA = ");
        reportDrawsItsCharts(result.report().resolve("index.html"));
    }

    /**
     * The report is one HTML file that draws its charts itself (uPlot and the data inlined): open
     * it from disk in Chromium, with no server and no network, and check that every chart box got
     * its canvas and no script failed. The report's picture in the docs is this page.
     */
    private static void reportDrawsItsCharts(Path index) throws Exception {
        try (var playwright = Playwright.create();
                var browser = Chromium.launch(playwright)) {
            var page = Screenshots.page(browser);
            var errors = new ArrayList<String>();
            page.onPageError(errors::add);
            page.navigate(index.toUri().toString());
            int pageCharts = page.locator("#charts .chart").count();
            int depCharts = page.locator("#deps .chart").count();
            System.out.printf(
                    "REPLAY report %s: %d page charts, %d dependency charts, %d canvases%n",
                    index.getFileName(),
                    pageCharts,
                    depCharts,
                    page.locator(".chart canvas").count());
            assertThat(errors).as("script errors in the report").isEmpty();
            // latency, failed pages, requests and notices; a breaker chart per mode
            assertThat(pageCharts).as("page charts").isGreaterThanOrEqualTo(3);
            assertThat(depCharts).as("dependency charts").isGreaterThanOrEqualTo(2);
            assertThat(page.locator("#charts .chart canvas").count())
                    .as("page charts drawn")
                    .isEqualTo(pageCharts);
            assertThat(page.locator("#deps .chart canvas").count())
                    .as("dependency charts drawn")
                    .isEqualTo(depCharts);
            page.locator("h2:has-text('Page latency')").evaluate("h => h.scrollIntoView()");
            Screenshots.forDocs(page, "replay-report", false);
        }
    }

    private static Summary.PhaseFigures phase(Summary.ModeSummary s, String name) {
        return s.phases().stream()
                .filter(p -> p.phase().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
