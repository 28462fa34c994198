package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay whose healthy phase is not healthy says so: the anomaly of issue 14 (seed 003,
 * resilient mode, every checkout answered 503 after the 8 s checkout budget, already before the
 * fraud API was slowed) was visible only as a whole-run status count next to the fault's own
 * 503s, which is exactly what the seed expects while fraud is slow.
 */
class HealthyBaselineTest {

    @TempDir
    Path reports;

    /** Seed 003 at 10×: 6 s healthy, 30 s fraud slow, 12 s back; one checkout and ten product pages a second. */
    private static List<Row> rows(
            Scenario scenario, String mode, int healthyCheckoutStatus, long healthyCheckoutMicros) {
        var timeline = new Timeline(scenario, 10);
        var list = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            int phase = timeline.phaseIndexAt(s * 1000L);
            for (int i = 0; i < 10; i++) {
                load.record("product", 15_000 + i, 200, false, false);
            }
            switch (phase) {
                case 0 -> load.record("checkout", healthyCheckoutMicros, healthyCheckoutStatus, false, false);
                case 1 -> load.record("checkout", 30_000, 503, false, false); // the fault: 503 "try again", fast
                default -> load.record("checkout", 90_000, 201, false, false);
            }
            list.add(new Row(mode, s, timeline.seedSeconds(s * 1000L), phase, load, Map.of()));
        }
        return list;
    }

    private static Replay.Result replay(Path dir, Scenario scenario, Map<String, List<Row>> rows) {
        var summaries = new LinkedHashMap<String, Summary.ModeSummary>();
        rows.forEach((mode, list) -> summaries.put(mode, Summary.of(mode, scenario, 10, list)));
        var events = new LinkedHashMap<String, List<Replay.Event>>();
        rows.keySet().forEach(mode -> events.put(mode, List.of()));
        return new Replay.Result(scenario, 10, rows, summaries, events, dir);
    }

    @Test
    void healthyPhaseCheckoutsThatAllAnswer503AfterTheBudgetAreReportedAsAnUnhealthyBaseline() throws Exception {
        var scenario = Scenario.load("seed-003-fraud-cascade");
        var rows = new LinkedHashMap<String, List<Row>>();
        rows.put("resilient", rows(scenario, "resilient", 503, 8_100_000));
        rows.put("naive", rows(scenario, "naive", 201, 90_000));
        var started = Instant.parse("2026-11-30T12:00:00Z");
        var dir = Report.dir(reports, scenario, started);
        Report.write(dir, replay(dir, scenario, rows), started, null);

        var summary = Report.JSON.readTree(dir.resolve("summary.json").toFile());
        var resilient = summary.path("modes").path("resilient");
        // the healthy phase's checkout outcome is stated, by status
        assertThat(resilient
                        .path("phases")
                        .path(0)
                        .path("checkoutStatuses")
                        .path("503")
                        .asLong())
                .isEqualTo(6);
        assertThat(resilient.path("healthyBaseline").asBoolean(true)).isFalse();
        assertThat(resilient.path("baselineProblems").toString())
                .contains("checkout")
                .contains("503");
        var naive = summary.path("modes").path("naive");
        assertThat(naive.path("phases")
                        .path(0)
                        .path("checkoutStatuses")
                        .path("201")
                        .asLong())
                .isEqualTo(6);
        assertThat(naive.path("healthyBaseline").asBoolean(false)).isTrue();
        assertThat(naive.path("baselineProblems")).isEmpty();

        var html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("class=\"warning\"").contains("healthy phase of resilient mode was not healthy");
        assertThat(html).doesNotContain("healthy phase of naive mode was not healthy");
    }

    @Test
    void aReplayWithAnUnhealthyBaselineExitsNonZeroAndAHealthyOneZero() throws Exception {
        var scenario = Scenario.load("seed-003-fraud-cascade");
        var bad = new LinkedHashMap<String, List<Row>>();
        bad.put("resilient", rows(scenario, "resilient", 503, 8_100_000));
        var good = new LinkedHashMap<String, List<Row>>();
        good.put("resilient", rows(scenario, "resilient", 201, 90_000));
        // a healthy checkout path that answered 429 is not healthy either: the replay measured the rate limit
        var limited = new LinkedHashMap<String, List<Row>>();
        limited.put("resilient", rows(scenario, "resilient", 429, 5_000));

        assertThat(Replay.exitCode(replay(reports, scenario, bad))).isEqualTo(Replay.EXIT_UNHEALTHY_BASELINE);
        assertThat(Replay.exitCode(replay(reports, scenario, limited))).isEqualTo(Replay.EXIT_UNHEALTHY_BASELINE);
        assertThat(Replay.exitCode(replay(reports, scenario, good))).isZero();
    }

    @Test
    void requestsTheRateLimitRefusedAreCalledOutEvenOutsideTheHealthyPhase() throws Exception {
        // Against ./shop up the replay's load is one client (X-Forwarded-For is trusted only where
        // SHOP_RATE_LIMIT_TRUSTED_PROXIES says so): 15 requests/s drain the 100-token bucket refilled at
        // 10/s in about 20 s, and from then on a third of the requests answer 429. In one run: 149 of
        // 648 pages and 17 of 72 checkouts, resilient mode only (naive mode bypasses the limit).
        var scenario = Scenario.load("seed-003-fraud-cascade");
        var timeline = new Timeline(scenario, 10);
        var list = new ArrayList<Row>();
        for (int s = 0; s < 48; s++) {
            var load = new Interval();
            for (int i = 0; i < 15; i++) {
                load.record("product", 15_000, s >= 20 && i % 3 == 0 ? 429 : 200, false, false);
            }
            list.add(new Row(
                    "resilient", s, timeline.seedSeconds(s * 1000L), timeline.phaseIndexAt(s * 1000L), load, Map.of()));
        }
        var rows = new LinkedHashMap<String, List<Row>>();
        rows.put("resilient", list);
        var started = Instant.parse("2026-11-30T12:00:00Z");
        var dir = Report.dir(reports, scenario, started);
        Report.write(dir, replay(dir, scenario, rows), started, null);

        var summary = Report.JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("modes").path("resilient").path("rateLimited").asLong())
                .isEqualTo(28 * 5);
        assertThat(Files.readString(dir.resolve("index.html")))
                .contains("140 requests of resilient mode answered 429")
                .contains("SHOP_RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1/32");
    }
}
