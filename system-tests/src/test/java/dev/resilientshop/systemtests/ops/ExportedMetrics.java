package dev.resilientshop.systemtests.ops;

import java.util.Map;
import java.util.Set;

/**
 * The ONE list of metric names the shop exports to Prometheus, with their labels: everything the
 * alert rules (prometheus/alerts/) and the Grafana dashboard (deploy/grafana/dashboards/) may
 * query. {@link AlertRulesTest} and {@link GrafanaDashboardTest} fail when a rule or a panel
 * names anything else, so a typo ({@code circuit_breaker_state_change_total}) or a metric nobody
 * exports cannot reach an on-call's screen.
 *
 * <p>Sources: the resilience library's Micrometer binding
 * (resilience/.../metrics/ResilienceMetrics.java; counters get {@code _total} from the
 * Prometheus registry) and Quarkus's Micrometer HTTP server binder. This list is written by
 * hand: a later system test will scrape {@code /q/metrics} of the running shop, after a drill
 * has exercised every pattern, and compare the names and labels it sees with this list.
 */
final class ExportedMetrics {

    private ExportedMetrics() {}

    /**
     * Labels every target gets from the scrape itself (prometheus.yml: {@code service} per
     * target; Prometheus adds {@code job} and {@code instance}). The library's own
     * {@code service} label collides with the target's and is kept as {@code exported_service}
     * (same value) unless the scrape sets honor_labels.
     */
    static final Set<String> SCRAPE_LABELS = Set.of("service", "job", "instance", "exported_service");

    private static final Set<String> RESILIENCE_LABELS = Set.of("service", "dependency");

    /** Metric name → its own labels (besides {@link #SCRAPE_LABELS}). */
    static final Map<String, Set<String>> METRICS = Map.ofEntries(
            // resilience library, every one labelled service + dependency
            Map.entry("circuit_breaker_state", RESILIENCE_LABELS), // gauge: 0 closed, 1 open, 2 half-open
            Map.entry("circuit_breaker_state_changes_total", with("from_state", "to_state")), // closed, open, half_open
            Map.entry("bulkhead_active_calls", RESILIENCE_LABELS),
            Map.entry("bulkhead_max_concurrent", RESILIENCE_LABELS), // for adaptive pipelines: the current limit
            Map.entry("bulkhead_rejected_total", RESILIENCE_LABELS),
            Map.entry("retry_attempts_total", with("outcome")), // outcome: first | retry
            Map.entry("timeouts_total", RESILIENCE_LABELS),
            Map.entry("fallbacks_total", with("source")), // registered on the first fallback served
            Map.entry("hedges_total", RESILIENCE_LABELS),
            Map.entry("adaptive_limit", RESILIENCE_LABELS), // adaptive pipelines only
            Map.entry("rate_limit_rejected_total", RESILIENCE_LABELS), // dependency = the limiter's name
            // Quarkus Micrometer HTTP server binder (http_server_requests_seconds). _bucket only with
            // quarkus.micrometer.distribution.percentiles-histogram.http.server.requests=true.
            Map.entry("http_server_requests_seconds_count", Set.of("method", "uri", "status", "outcome")),
            Map.entry("http_server_requests_seconds_sum", Set.of("method", "uri", "status", "outcome")),
            Map.entry("http_server_requests_seconds_max", Set.of("method", "uri", "status", "outcome")),
            Map.entry("http_server_requests_seconds_bucket", Set.of("method", "uri", "status", "outcome", "le")),
            // shop-kit SharedPool: naive mode's one outbound pool (issue 14), exported by every service
            Map.entry("shared_pool_connections_in_use", Set.of("service")),
            Map.entry("shared_pool_waiting_calls", Set.of("service")),
            Map.entry("shared_pool_connections_max", Set.of("service")),
            // order-service (checkout/UnsettledOrders.java): unfinished orders recovery has not settled
            Map.entry("orders_unsettled", Set.of("recovery_point")));

    /** Series Prometheus writes itself (not scraped): allowed in dashboard annotations only. */
    static final Set<String> PROMETHEUS_GENERATED = Set.of("ALERTS", "ALERTS_FOR_STATE", "up");

    static boolean exported(String metric) {
        return METRICS.containsKey(metric);
    }

    /** Whether {@code label} can appear on {@code metric} once scraped. */
    static boolean hasLabel(String metric, String label) {
        return SCRAPE_LABELS.contains(label)
                || METRICS.getOrDefault(metric, Set.of()).contains(label);
    }

    private static Set<String> with(String... more) {
        var labels = new java.util.HashSet<>(RESILIENCE_LABELS);
        labels.addAll(Set.of(more));
        return Set.copyOf(labels);
    }
}
