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

class ReportTest {

    @TempDir
    Path reports;

    @Test
    void theReportIsOneSelfContainedPageWithTheDataAndASummaryJson() throws Exception {
        var scenario = Scenario.load("seed-000-recs-down");
        var timeline = new Timeline(scenario, 10);
        var rows = new LinkedHashMap<String, List<Row>>();
        var summaries = new LinkedHashMap<String, Summary.ModeSummary>();
        for (var mode : List.of("resilient", "naive")) {
            var list = new ArrayList<Row>();
            for (int s = 0; s < 48; s++) {
                var load = new Interval();
                boolean down = s >= 6 && s < 36;
                load.record(
                        "product",
                        15_000,
                        mode.equals("naive") && down ? 500 : 200,
                        down && mode.equals("resilient"),
                        false);
                var dep = new Row.Dep(
                        down && mode.equals("resilient") ? "OPEN" : "CLOSED",
                        "bulkhead",
                        0,
                        20,
                        s,
                        0,
                        0,
                        s,
                        Map.of("popular", (long) s));
                list.add(new Row(
                        mode,
                        s,
                        timeline.seedSeconds(s * 1000L),
                        timeline.phaseIndexAt(s * 1000L),
                        load,
                        Map.of("product-page/recommendations", dep)));
            }
            rows.put(mode, list);
            summaries.put(mode, Summary.of(mode, scenario, 10, list));
        }
        var events = Map.of(
                "resilient",
                List.of(new Replay.Event("resilient", 8, 20, "alert", "CircuitBreakerOpenRateHigh </script>")),
                "naive",
                List.<Replay.Event>of());
        var started = Instant.parse("2026-11-30T12:00:00Z");
        var dir = Report.dir(reports, scenario, started);
        var result = new Replay.Result(scenario, 10, rows, summaries, events, dir);
        Report.write(dir, result, started, Alerts.note(10));

        assertThat(dir.getFileName().toString()).isEqualTo("seed-000-recs-down-20261130-120000");
        var html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("uPlot").contains(".uplot {font-family").contains("const DATA = ");
        assertThat(html)
                .doesNotContainPattern("<script[^>]+src=")
                .doesNotContainPattern("<link[^>]+href=")
                .doesNotContain("https://cdn");
        // the alert's text is data, never markup: no early end of the script
        assertThat(html).doesNotContain("CircuitBreakerOpenRateHigh </script>");
        assertThat(html).contains("A fallback for recommendations while it is down");

        var summary = Report.JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.path("modes").path("resilient").path("page5xx").asLong())
                .isZero();
        assertThat(summary.path("modes").path("naive").path("page5xx").asLong()).isEqualTo(30);
        assertThat(summary.path("modes").path("resilient").path("bannerMinutes").asDouble())
                .isEqualTo(5.0);
        assertThat(summary.path("seedSaysWeMeasured")).hasSize(scenario.claims().size());
        assertThat(summary.path("prometheus").asText()).contains("divided by 10");
    }
}
