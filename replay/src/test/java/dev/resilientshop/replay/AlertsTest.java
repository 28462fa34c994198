package dev.resilientshop.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertsTest {

    @Test
    void forAndRangeWindowsAreDividedByTheSpeedWithAFloorOnWindows() {
        var rule = """
                      - alert: RetryStormDetected
                        expr: |
                          sum by (service) (rate(retry_attempts_total{outcome="retry"}[5m]))
                            / sum by (service) (rate(retry_attempts_total[5m])) > 0.3
                        for: 3m
                      - alert: ProductPageErrorBudgetBurn
                        expr: rate(x[1h]) > 0 and rate(x[30s]) > 0
                        for: 2m
                """;
        var scaled = Alerts.scaleRules(rule, 10, 4);
        assertThat(scaled).contains("[30s]))\n").doesNotContain("[5m]");
        assertThat(scaled).contains("for: 18s").contains("for: 12s").doesNotContain("for: 3m");
        assertThat(scaled).contains("rate(x[360s])").contains("rate(x[4s])"); // 30 s / 10 = 3 s, under the floor
        assertThat(scaled).contains("- alert: RetryStormDetected"); // the rest is untouched
    }

    /**
     * A rule group's own {@code interval:} overrides the global evaluation interval. The shop's
     * groups say 30 s, so in a seed 002 replay at 40x (45 s of wall time in the fault) the rules
     * were evaluated about once in the fault and no alert fired, although {@code for:} was 3 s.
     */
    @Test
    void aGroupsEvaluationIntervalIsDividedByTheSpeedToo() {
        var group = """
                groups:
                  - name: resilience
                    interval: 30s
                    rules:
                      - alert: X
                        expr: up > 0
                        for: 2m
                """;
        assertThat(Alerts.scaleRules(group, 10, 4))
                .contains("    interval: 3s\n")
                .doesNotContain("interval: 30s");
        // never under the replay's 1 s scrape and evaluation cadence
        assertThat(Alerts.scaleRules(group, 40, 4)).contains("    interval: 1s\n");
    }

    @Test
    void theRepositorysRulesAllScale() throws Exception {
        var dir = Path.of("..", "prometheus", "alerts");
        try (var files = Files.list(dir)) {
            for (var f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                var scaled = Alerts.scaleRules(Files.readString(f), 10, 4);
                assertThat(scaled)
                        .as(f.toString())
                        .doesNotContainPattern("for:\\s*\\d+[mhd]\\s*$")
                        .doesNotContainPattern("\\[\\d+[mhd]\\]")
                        .doesNotContain("interval: 30s");
            }
        }
    }

    @Test
    void theScrapeConfigLabelsEachTargetWithItsService() {
        var config = Alerts.config(Map.of("product-page", 28080), Path.of("/r"));
        assertThat(config)
                .contains("scrape_interval: 1s")
                .contains("evaluation_interval: 1s")
                .contains("- /r/*.yml")
                .contains("targets: [\"127.0.0.1:28080\"]\n        labels: { service: product-page }");
    }

    @Test
    void durationsInSeconds() {
        assertThat(Alerts.seconds("90s")).isEqualTo(90);
        assertThat(Alerts.seconds("5m")).isEqualTo(300);
        assertThat(Alerts.seconds("1h")).isEqualTo(3600);
    }
}
