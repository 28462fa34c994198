package dev.resilientshop.systemtests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.systemtests.Shop;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert rules and the dashboard are checked offline against {@link ExportedMetrics}; this
 * closes the loop: scrape the running callers and require that every name on that list is really
 * exported, with its labels, and that no resilience metric is exported under a name the list (and
 * so the rules) does not know. A fallback is provoked first, since {@code fallbacks_total}
 * appears on the first fallback served.
 */
@ExtendWith(Shop.class)
@Order(850)
class ExportedMetricsLiveTest {

    static final List<String> CALLERS = List.of("product-page", "order", "payment");
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s.*$");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    static final List<String> RESILIENCE_FAMILIES = List.of(
            "circuit_breaker_",
            "bulkhead_",
            "retry_attempts",
            "timeouts",
            "fallbacks",
            "hedges",
            "adaptive_limit",
            "rate_limit_");

    private final Shop shop = Shop.get();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyMetricTheRulesAndDashboardUseIsExportedAndNoOtherResilienceNameIs() throws Exception {
        provokeTraffic();
        Map<String, Set<String>> exported = new HashMap<>();
        for (var service : CALLERS) {
            for (var line : shop.get(service, "/q/metrics").body().split("\n")) {
                var m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                var labels = exported.computeIfAbsent(m.group(1), k -> new HashSet<>());
                if (m.group(3) != null) {
                    var l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.add(l.group(1));
                    }
                }
            }
        }
        for (var metric : ExportedMetrics.METRICS.entrySet()) {
            assertThat(exported)
                    .as("exported by product-page, order or payment")
                    .containsKey(metric.getKey());
            for (var label : metric.getValue()) {
                assertThat(exported.get(metric.getKey()))
                        .as("labels of %s", metric.getKey())
                        .contains(label);
            }
        }
        var unknown = exported.keySet().stream()
                .filter(name -> RESILIENCE_FAMILIES.stream().anyMatch(name::startsWith))
                .filter(name -> !ExportedMetrics.exported(name))
                .toList();
        assertThat(unknown)
                .as("resilience metrics the rules and the dashboard do not know")
                .isEmpty();
    }

    /** Pages (pipelines), a recommendations failure (a fallback), one checkout call (order and payment pipelines). */
    private void provokeTraffic() throws Exception {
        var token = shop.opsToken();
        send(HttpRequest.newBuilder(shop.url("recommendations", "/ops/chaos"))
                .header("X-Ops-Token", token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"errorRate\":1.0}")));
        try {
            for (int i = 1; i <= 5; i++) {
                send(HttpRequest.newBuilder(shop.url("product-page", "/p/AUD-000" + i))
                        .header("X-Forwarded-For", "10.99.0." + i));
            }
        } finally {
            send(HttpRequest.newBuilder(shop.url("recommendations", "/ops/chaos"))
                    .header("X-Ops-Token", token)
                    .DELETE());
        }
        // an order for an unknown SKU: prices it (pricing pipeline), answers 422, writes nothing
        send(HttpRequest.newBuilder(shop.url("order", "/orders"))
                .header("Idempotency-Key", "metrics-" + System.nanoTime())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"sku\":\"ZZZ-0001\",\"quantity\":1}],"
                        + "\"customer\":{\"name\":\"M\",\"email\":\"m@example.com\"},"
                        + "\"payment\":{\"cardNumber\":\"4242424242424242\",\"cardHolder\":\"M\","
                        + "\"expiry\":\"12/30\",\"cvc\":\"123\"}}")));
    }

    private void send(HttpRequest.Builder request) throws Exception {
        http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
