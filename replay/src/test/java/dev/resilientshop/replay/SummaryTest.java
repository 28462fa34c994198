package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    /** Seed 000 at 10×: 6 s healthy, 30 s recommendations down, 12 s back. */
    private final Scenario scenario;

    private final Timeline timeline;

    SummaryTest() throws Exception {
        scenario = Scenario.load("seed-000-recs-down");
        timeline = new Timeline(scenario, 10);
    }

    private Row row(int second, int pages, int failures, int banners, String breaker, int limit, long fallbacks) {
        var load = new Interval();
        for (int i = 0; i < pages; i++) {
            load.record("product", 20_000 + i, i < failures ? 500 : 200, i < banners, false);
        }
        var dep =
                new Row.Dep(breaker, "bulkhead", 1, limit, second * 10L, 0, 0, fallbacks, Map.of("popular", fallbacks));
        long wall = second * 1000L;
        return new Row(
                "resilient",
                second,
                timeline.seedSeconds(wall),
                timeline.phaseIndexAt(wall),
                load,
                Map.of("product-page/recommendations", dep));
    }

    @Test
    void bannerSecondsBecomeSeedMinutesAndTheBreakersFirstOpeningIsOnTheSeedsClock() {
        var rows = new ArrayList<Row>();
        long fallbacks = 0;
        for (int s = 0; s < 48; s++) {
            boolean down = s >= 6 && s < 36;
            boolean open = s >= 8 && s < 37;
            fallbacks += down ? 20 : 0;
            rows.add(row(s, 20, s == 7 ? 2 : 0, down ? 20 : 0, open ? "OPEN" : "CLOSED", down ? 10 : 20, fallbacks));
        }
        var summary = Summary.of("resilient", scenario, 10, rows);

        assertThat(summary.pages()).isEqualTo(48 * 20);
        assertThat(summary.page5xx()).isEqualTo(2);
        assertThat(summary.bannerSeconds()).isEqualTo(30);
        assertThat(summary.bannerMinutes()).isEqualTo(5.0); // 30 wall seconds at 10× = 300 seed seconds
        var recs = summary.deps().get("product-page/recommendations");
        assertThat(recs.firstOpenAt()).isEqualTo("T+00:20"); // wall second 8 = 2 s after T+0, × 10
        assertThat(recs.openSeconds()).isEqualTo(29);
        assertThat(recs.limitBaseline()).isEqualTo(20);
        assertThat(recs.limitLowest()).isEqualTo(10);
        assertThat(recs.limitLast()).isEqualTo(20);
        assertThat(recs.fallbacksBySource()).containsEntry("popular", 600L);
        assertThat(summary.phases())
                .extracting(Summary.PhaseFigures::phase)
                .containsExactly("healthy", "recommendations down", "recommendations back");
        assertThat(summary.phases().get(1).page5xx()).isEqualTo(2);
        assertThat(summary.phases().get(1).bannerPages()).isEqualTo(600);
    }

    @Test
    void aBreakerThatNeverOpenedSaysSoAndClaimsReadBothModes() {
        var rows = List.of(row(0, 10, 0, 0, "CLOSED", 20, 0), row(10, 10, 0, 0, "CLOSED", 20, 0));
        var resilient = Summary.of("resilient", scenario, 10, rows);
        var naiveRows = List.of(row(0, 10, 0, 0, "CLOSED", 20, 0), row(10, 10, 5, 0, "CLOSED", 20, 0));
        var naive = Summary.of("naive", scenario, 10, naiveRows);
        assertThat(resilient.deps().get("product-page/recommendations").firstOpenAt())
                .isEqualTo("never");
        assertThat(Summary.measured("recommendationsBreakerFirstOpen", resilient, naive))
                .isEqualTo("resilient: first open at never, open 0 s of wall time; "
                        + "naive: no breaker in the call path (naive mode bypasses the pipelines)");
        assertThat(Summary.measured("productPage5xx", resilient, naive))
                .isEqualTo("resilient: 0 5xx/no answer of 20 product pages; category and search pages: {}; "
                        + "naive: 5 5xx/no answer of 20 product pages; category and search pages: {}");
    }

    /**
     * Seed 000's "without the patterns, the page fails with its dependency" reads naive mode's
     * product pages in the fault phases against its healthy phase: a share of the whole run would
     * hide how many failed while the dependency was down.
     */
    @Test
    void naive5xxShareComparesTheProductPagesOfTheFaultPhasesWithTheHealthyPhase() {
        var rows = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            boolean down = s >= 6 && s < 36;
            for (int i = 0; i < 10; i++) {
                // while recommendations are down 8 of 10 product pages fail; healthy, 1 page in 60 does
                int status = down ? (i < 8 ? 503 : 200) : (s == 2 && i == 0 ? 503 : 200);
                load.record("product", 30_000, status, false, false);
            }
            long wall = s * 1000L;
            rows.add(new Row("naive", s, timeline.seedSeconds(wall), timeline.phaseIndexAt(wall), load, Map.of()));
        }
        var naive = Summary.of("naive", scenario, 10, rows);

        assertThat(Summary.measuredIn("naive5xxShare", naive))
                .endsWith("; product pages failed: 240 of 300 (80.0 %) "
                        + "in the fault phases, 1 of 60 (1.7 %) in the healthy phase");
    }

    @Test
    void productLatencyIsGivenPerPhaseSoAFaultCanBeComparedWithTheHealthyPhaseOfTheSameRun() {
        var rows = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            long micros = s >= 6 && s < 36 ? 900_000 : 40_000; // 900 ms while recommendations are down
            for (int i = 0; i < 10; i++) {
                load.record("product", micros, 200, false, false);
            }
            long wall = s * 1000L;
            rows.add(new Row("naive", s, timeline.seedSeconds(wall), timeline.phaseIndexAt(wall), load, Map.of()));
        }
        var naive = Summary.of("naive", scenario, 10, rows);

        var text = Summary.measuredIn("productLatencyByPhase", naive);
        // HdrHistogram keeps three significant digits: 900 ms may read 901
        assertThat(text)
                .matches("product pages p50/p99: healthy 40/40 ms, recommendations down 90\\d/90\\d ms, "
                        + "recommendations back 40/40 ms");
    }

    @Test
    void pricingsBreakerIsReadFromItsOwnPipeline() {
        var dep = new Row.Dep("OPEN", "bulkhead", 0, 20, 10, 0, 0, 5, Map.of("last-known", 5L));
        var rows = List.of(new Row(
                "resilient",
                10,
                timeline.seedSeconds(10_000),
                timeline.phaseIndexAt(10_000),
                new Interval(),
                Map.of("product-page/pricing", dep)));
        var s = Summary.of("resilient", scenario, 10, rows);
        assertThat(Summary.measuredIn("pricingBreakerFirstOpen", s))
                .isEqualTo("first open at T+00:40, open 1 s of wall time");
        assertThat(Summary.measuredIn("recommendationsBreakerFirstOpen", s)).startsWith("(no pipeline");
    }

    /**
     * Seed 003's headline is "checkout answers 503 fast": a phase's checkout p99 alone cannot say it,
     * because the first few checkouts of the fault wait for the fraud timeout before the breaker
     * opens. The phase's checkout p50 says what most checkouts answered in.
     */
    @Test
    void aPhaseSaysHowFastMostOfItsCheckoutsAnswered() throws Exception {
        var seed003 = Scenario.load("seed-003-fraud-cascade");
        var clock = new Timeline(seed003, 10);
        var rows = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            boolean fault = s >= 6 && s < 36;
            for (int i = 0; i < 10; i++) {
                // in the fault: one checkout in ten waits for the 2 s fraud timeout, the others meet an open breaker
                long micros = !fault ? 300_000 : i == 0 ? 2_000_000 : 15_000;
                load.record("checkout", micros, fault ? 503 : 201, false, false);
            }
            long wall = s * 1000L;
            rows.add(new Row("resilient", s, clock.seedSeconds(wall), clock.phaseIndexAt(wall), load, Map.of()));
        }
        var summary = Summary.of("resilient", seed003, 10, rows);

        var healthy = summary.phases().get(0);
        var fault = summary.phases().get(1);
        // the histograms keep two significant digits
        assertThat(healthy.checkoutP50Millis()).isCloseTo(300, withinPercentage(2));
        assertThat(fault.checkoutStatuses()).containsExactly(Map.entry("503", 300L));
        assertThat(fault.checkoutP50Millis()).isCloseTo(15, withinPercentage(2));
        assertThat(fault.checkoutP99Millis()).isCloseTo(2000, withinPercentage(2));
    }

    @Test
    void aPhaseCountsThePagesServedFromAFallbackApartFromThoseThatOnlyShowANotice() {
        var rows = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            boolean down = s >= 6 && s < 36;
            for (int i = 0; i < 10; i++) {
                // while recommendations are down: 6 pages with popular items, 4 saying they are unavailable
                load.record("product", 20_000, 200, down, false, down && i < 6);
            }
            long wall = s * 1000L;
            rows.add(new Row("naive", s, timeline.seedSeconds(wall), timeline.phaseIndexAt(wall), load, Map.of()));
        }
        var down = Summary.of("naive", scenario, 10, rows).phases().get(1);

        assertThat(down.bannerPages()).isEqualTo(300);
        assertThat(down.fallbackPages()).isEqualTo(180);
    }

    /**
     * Seed 002 names alerts and when they fire; the report says, per mode, when each fired on the
     * seed's clock, which did not fire, and why RetryStormDetected cannot fire here (the retry
     * budget). Without Prometheus watching, it says that instead of "did not fire".
     */
    @Test
    void anAlertClaimSaysWhenEachNamedAlertFiredAndWhyTheRetryStormAlertDidNot() {
        var events = Map.of(
                "resilient",
                        List.of(
                                new Replay.Event(
                                        "resilient", 8.4, 214.7, "alert", "AdaptiveLimitCollapsed (inventory)"),
                                new Replay.Event("resilient", 9.0, 230.0, "alert", "AdaptiveLimitCollapsed (pricing)"),
                                new Replay.Event(
                                        "resilient", 17.4, 574.7, "alert", "CircuitBreakerOpenRateHigh (inventory)"),
                                new Replay.Event("resilient", 3.0, 0.0, "phase", "degradation")),
                "naive", List.<Replay.Event>of());
        var measure = "alerts:RetryStormDetected,CircuitBreakerOpenRateHigh,AdaptiveLimitCollapsed";
        var text = Summary.measured(measure, null, null, events);
        assertThat(text)
                .startsWith("resilient: RetryStormDetected did not fire")
                .contains("retry budget")
                .contains("CircuitBreakerOpenRateHigh first firing at T+09:35 (inventory)")
                .contains("AdaptiveLimitCollapsed first firing at T+03:35 (inventory)")
                .contains("naive: RetryStormDetected did not fire, CircuitBreakerOpenRateHigh did not fire, "
                        + "AdaptiveLimitCollapsed did not fire");
        assertThat(Summary.measured(measure, null, null, null))
                .isEqualTo(
                        "no alert times: Prometheus did not watch this replay (./shop replay --prometheus auto, with Prometheus installed)");
        assertThat(Summary.measuredIn(
                        measure, Summary.of("resilient", scenario, 10, List.of(row(0, 1, 0, 0, "CLOSED", 20, 0)))))
                .doesNotStartWith("(no figure named");
    }
}
