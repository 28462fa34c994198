package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules Prometheus loads (prometheus/alerts/*.yml) are valid, pass their promtool unit
 * tests (prometheus/tests/*.yml, boundaries included), keep seed 002's three rules as written,
 * query only exported metrics, and point at a runbook section that exists. Needs promtool
 * (Debian package {@code prometheus}); without it every promtool test fails saying so.
 */
class AlertRulesTest {

    static Path root;
    static List<Map<String, Object>> rules;

    @BeforeAll
    static void load() throws IOException {
        root = Shop.root();
        rules = new ArrayList<>();
        for (Path file : yamlFiles(root.resolve("prometheus/alerts"))) {
            Map<String, Object> doc = new Yaml().load(Files.readString(file));
            for (Map<String, Object> group : list(doc.get("groups"))) {
                rules.addAll(list(group.get("rules")));
            }
        }
    }

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        var args = new ArrayList<String>(List.of("check", "rules"));
        yamlFiles(root.resolve("prometheus/alerts"))
                .forEach(f -> args.add(root.relativize(f).toString()));
        var result = Promtool.run(root, args.toArray(String[]::new));
        assertThat(result.exitCode())
                .as("promtool check rules:\n%s", result.output())
                .isZero();
    }

    @Test
    void promtoolUnitTestsOfEveryRulePass() throws Exception {
        var args = new ArrayList<String>(List.of("test", "rules"));
        yamlFiles(root.resolve("prometheus/tests"))
                .forEach(f -> args.add(root.relativize(f).toString()));
        var result = Promtool.run(root, args.toArray(String[]::new));
        assertThat(result.exitCode())
                .as("promtool test rules:\n%s", result.output())
                .isZero();
    }

    @Test
    void everyAlertHasUnitTestsWhereItFiresAndWhereItStaysQuiet() throws IOException {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        var alertsSeries = Pattern.compile("ALERTS\\{[^}]*alertname=\"(\\w+)\"");
        for (Path file : yamlFiles(root.resolve("prometheus/tests"))) {
            Map<String, Object> doc = new Yaml().load(Files.readString(file));
            for (Map<String, Object> test : list(doc.get("tests"))) {
                for (Map<String, Object> t : list(test.get("alert_rule_test"))) {
                    (list(t.get("exp_alerts")).isEmpty() ? quiet : fires).add((String) t.get("alertname"));
                }
                for (Map<String, Object> t : list(test.get("promql_expr_test"))) {
                    for (Map<String, Object> sample : list(t.get("exp_samples"))) {
                        var m = alertsSeries.matcher(String.valueOf(sample.get("labels")));
                        if (m.find()) {
                            fires.add(m.group(1)); // pending or firing: the condition holds
                        }
                    }
                }
            }
        }
        for (var rule : rules) {
            var alert = (String) rule.get("alert");
            assertThat(fires).as("a promtool test where %s fires", alert).contains(alert);
            assertThat(quiet).as("a promtool test where %s stays quiet", alert).contains(alert);
        }
    }

    @Test
    void seed002RulesAreThereWithItsThresholdsDurationsAndSeverities() {
        var byName = new LinkedHashMap<String, Map<String, Object>>();
        rules.forEach(r -> byName.put((String) r.get("alert"), r));
        assertThat(byName)
                .containsKeys(
                        "CircuitBreakerOpenRateHigh",
                        "BulkheadSaturated",
                        "RetryStormDetected",
                        "AdaptiveLimitCollapsed",
                        "FallbackRateHigh",
                        "TimeoutRateHigh",
                        "ProductPageErrorBudgetBurn");
        expect(
                byName.get("CircuitBreakerOpenRateHigh"),
                "2m",
                "warning",
                "rate(circuit_breaker_state_changes_total{to_state=\"open\"}[5m])",
                ") > 0.1");
        expect(
                byName.get("BulkheadSaturated"),
                "5m",
                "warning",
                "bulkhead_active_calls{service=~\".+\"} / bulkhead_max_concurrent",
                ") > 0.85");
        expect(
                byName.get("RetryStormDetected"),
                "3m",
                "critical",
                "rate(retry_attempts_total{outcome=\"retry\"}[5m])) / sum by (service, dependency) (rate(retry_attempts_total[5m]))",
                ") > 0.3");
    }

    @Test
    void everyAlertTellsTheOnCallWhatToLookAtAndLinksItsRunbook() throws IOException {
        var operations = Files.readString(root.resolve("docs/operations.md"));
        for (var rule : rules) {
            var alert = (String) rule.get("alert");
            Map<String, Object> labels = map(rule.get("labels"));
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat(labels.get("severity")).as("%s severity", alert).isIn("warning", "critical");
            assertThat(annotations).as("%s annotations", alert).containsKeys("summary", "description", "runbook");
            assertThat((String) annotations.get("description"))
                    .as("%s description", alert)
                    .contains("First look");
            var runbook = (String) annotations.get("runbook");
            assertThat(runbook).as("%s runbook", alert).isEqualTo("docs/operations.md#" + alert.toLowerCase());
            assertThat(operations)
                    .as("docs/operations.md has the runbook section of %s", alert)
                    .containsPattern("(?m)^#+ .*\\b" + alert + "\\b|id=\"" + alert.toLowerCase() + "\"");
        }
    }

    @Test
    void alertRulesQueryOnlyExportedMetricsAndTheirLabels() {
        for (var rule : rules) {
            var alert = (String) rule.get("alert");
            var expr = (String) rule.get("expr");
            assertThat(PromQl.metricNames(expr))
                    .as("%s queries", alert)
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(ExportedMetrics.exported(m))
                            .as("%s queries %s, which is not in ExportedMetrics", alert, m)
                            .isTrue());
            for (var ml : PromQl.matcherLabels(expr)) {
                assertThat(ExportedMetrics.hasLabel(ml[0], ml[1]))
                        .as("%s: %s has no label %s", alert, ml[0], ml[1])
                        .isTrue();
            }
        }
    }

    @Test
    void promQlReaderFindsMetricNamesNotFunctionsLabelsOrDurations() {
        assertThat(
                        PromQl.metricNames(
                                "(sum by (service, le) (rate(foo_total{a=\"x{y}\", b=~\"$v\"}[$__rate_interval])) "
                                        + "/ ignoring(outcome) bar) > 0.1 and on (service) max_over_time(baz[30m]) > 1/60 or vector(1e3)"))
                .containsExactly("foo_total", "bar", "baz");
        assertThat(PromQl.matcherLabels("rate(foo_total{to_state=\"open\",service=~\".+\"}[5m])"))
                .extracting(ml -> ml[0] + "." + ml[1])
                .containsExactly("foo_total.to_state", "foo_total.service");
    }

    private static void expect(Map<String, Object> rule, String forDuration, String severity, String... exprParts) {
        var alert = rule.get("alert");
        var expr = ((String) rule.get("expr"))
                .replaceAll("\\s+", " ")
                .replace("( ", "(")
                .replace(" )", ")");
        assertThat(rule.get("for")).as("%s for", alert).isEqualTo(forDuration);
        assertThat(map(rule.get("labels")).get("severity"))
                .as("%s severity", alert)
                .isEqualTo(severity);
        for (var part : exprParts) {
            assertThat(expr)
                    .as("%s expr", alert)
                    .contains(part.replace("( ", "(").replace(" )", ")"));
        }
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            var list = files.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
            assertThat(list).as("YAML files in %s", dir).isNotEmpty();
            return list;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return o == null ? List.of() : (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }
}
