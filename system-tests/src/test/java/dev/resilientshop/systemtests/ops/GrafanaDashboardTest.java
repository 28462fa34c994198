package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.systemtests.Shop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The provisioned Grafana dashboard (deploy/grafana/dashboards/resilience.json) queries only
 * metrics the shop exports ({@link ExportedMetrics}), in valid PromQL, shows every pattern, and
 * has the panels the alert descriptions send the on-call to; the provisioning points at the
 * compose Prometheus.
 */
class GrafanaDashboardTest {

    static Path root;
    static JsonNode dashboard;
    /** panel title → its PromQL expressions (rows excluded). */
    static Map<String, List<String>> panels;

    @BeforeAll
    static void load() throws Exception {
        root = Shop.root();
        dashboard = new ObjectMapper()
                .readTree(root.resolve("deploy/grafana/dashboards/resilience.json")
                        .toFile());
        panels = new LinkedHashMap<>();
        for (JsonNode panel : allPanels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            var exprs = new ArrayList<String>();
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
            panels.put(panel.path("title").asText(), exprs);
        }
    }

    @Test
    void everyPanelQueriesOnlyExportedMetrics() {
        assertThat(panels).isNotEmpty();
        panels.forEach((title, exprs) -> {
            assertThat(exprs).as("panel %s has queries", title).isNotEmpty();
            for (var expr : exprs) {
                assertThat(PromQl.metricNames(expr))
                        .as("panel %s: %s", title, expr)
                        .isNotEmpty()
                        .allSatisfy(m -> assertThat(ExportedMetrics.exported(m))
                                .as("panel %s queries %s, which is not in ExportedMetrics", title, m)
                                .isTrue());
                for (var ml : PromQl.matcherLabels(expr)) {
                    assertThat(ExportedMetrics.hasLabel(ml[0], ml[1]))
                            .as("panel %s: %s has no label %s", title, ml[0], ml[1])
                            .isTrue();
                }
            }
        });
    }

    @Test
    void variablesAndAnnotationsQueryOnlyKnownSeries() {
        var labelValues = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            var m = labelValues.matcher(variable.path("query")
                    .path("query")
                    .asText(variable.path("query").asText()));
            assertThat(m.matches())
                    .as(
                            "variable %s is a label_values query",
                            variable.path("name").asText())
                    .isTrue();
            assertThat(PromQl.metricNames(m.group(1)))
                    .allSatisfy(name ->
                            assertThat(ExportedMetrics.exported(name)).as(name).isTrue());
            assertThat(ExportedMetrics.hasLabel(
                            PromQl.metricNames(m.group(1)).iterator().next(), m.group(2)))
                    .isTrue();
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            assertThat(PromQl.metricNames(annotation.path("expr").asText()))
                    .allSatisfy(name -> assertThat(ExportedMetrics.exported(name)
                                    || ExportedMetrics.PROMETHEUS_GENERATED.contains(name))
                            .as("annotation queries %s", name)
                            .isTrue());
        }
    }

    @Test
    void dashboardShowsEveryPatternAndTheProductPage() {
        Set<String> queried = new HashSet<>();
        panels.values().forEach(exprs -> exprs.forEach(e -> queried.addAll(PromQl.metricNames(e))));
        assertThat(queried)
                .contains(
                        "circuit_breaker_state",
                        "circuit_breaker_state_changes_total",
                        "bulkhead_active_calls",
                        "bulkhead_max_concurrent",
                        "bulkhead_rejected_total",
                        "adaptive_limit",
                        "retry_attempts_total",
                        "timeouts_total",
                        "fallbacks_total",
                        "hedges_total",
                        "rate_limit_rejected_total",
                        "http_server_requests_seconds_bucket",
                        "http_server_requests_seconds_count");
        var latency = String.join("\n", panels.get("Product page latency p50 / p99"));
        assertThat(latency).contains("histogram_quantile(0.5,", "histogram_quantile(0.99,", "service=\"product-page\"");
        assertThat(String.join("\n", panels.get("Product page 5xx rate"))).contains("status=~\"5..\"");
        assertThat(allPanels(dashboard))
                .filteredOn(p -> p.path("title").asText().equals("Circuit breaker state"))
                .singleElement()
                .satisfies(p -> assertThat(p.path("type").asText()).isEqualTo("state-timeline"));
    }

    @Test
    void panelsTheAlertDescriptionsNameExist() throws Exception {
        // e.g. First look: Grafana "Resilience" → "Retry ratio" and "Circuit breaker state"
        var reference = Pattern.compile("\"Resilience\" → \"([^\"]+)\"(?:\\s+and\\s+\"([^\"]+)\")?");
        var rules = Files.readString(root.resolve("prometheus/alerts/resilience.yml"));
        var descriptions = new ArrayList<String>();
        for (var line : rules.split("\n")) {
            descriptions.add(line.strip().startsWith("#") ? "" : line.strip());
        }
        var m = reference.matcher(String.join(" ", descriptions));
        int found = 0;
        while (m.find()) {
            for (int g = 1; g <= 2; g++) {
                if (m.group(g) != null) {
                    var title = m.group(g).replaceAll("\\s+", " ");
                    found++;
                    assertThat(panels.keySet())
                            .as("panel named by an alert: %s", title)
                            .anySatisfy(t -> assertThat(t).startsWith(title));
                }
            }
        }
        assertThat(found).as("panel references in the alert descriptions").isGreaterThanOrEqualTo(6);
    }

    @Test
    void everyPanelQueryIsValidPromQl(@TempDir Path tmp) throws Exception {
        // promtool checks PromQL in rule files: one recording rule per panel query, Grafana's
        // variables replaced by what they expand to.
        var rules = new ArrayList<Map<String, Object>>();
        int i = 0;
        for (var exprs : panels.values()) {
            for (var expr : exprs) {
                var promql = expr.replace("$__rate_interval", "1m").replaceAll("\\$\\{?\\w+}?", ".*");
                rules.add(Map.of("record", "dashboard:query_" + (i++), "expr", promql));
            }
        }
        var file = tmp.resolve("dashboard-queries.yml");
        Files.writeString(
                file, new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        var result = Promtool.run(tmp, "check", "rules", file.toString());
        assertThat(result.exitCode())
                .as("promtool check rules on the dashboard's queries:\n%s", result.output())
                .isZero();
    }

    @Test
    void panelsUseTheProvisionedPrometheusDatasource() throws Exception {
        Map<String, Object> ds = new Yaml()
                .load(Files.readString(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")));
        @SuppressWarnings("unchecked")
        var source = ((List<Map<String, Object>>) ds.get("datasources")).get(0);
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : allPanels(dashboard)) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique panel id %s", panel.path("id"))
                    .isTrue();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText())
                        .as(panel.path("title").asText())
                        .isEqualTo(source.get("uid"));
            }
        }
        Map<String, Object> provider = new Yaml()
                .load(Files.readString(root.resolve("deploy/grafana/provisioning/dashboards/dashboards.yml")));
        assertThat(provider.toString()).contains("path=/var/lib/grafana/dashboards");
        assertThat(Files.readString(root.resolve("docker-compose.yml")))
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro")
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    static List<JsonNode> allPanels(JsonNode dashboard) {
        var out = new ArrayList<JsonNode>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add); // panels inside collapsed rows
        }
        return out;
    }
}
