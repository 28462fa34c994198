package dev.resilientshop.order.checkout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The gauge {@code orders_unsettled{recovery_point}}: orders that are not finished and that no
 * checkout is working on (idle longer than {@code order.recovery.abandon-after}), by the recovery
 * point they stopped at; NEEDS_ATTENTION orders as {@code recovery_point="needs_attention"}.
 *
 * <p>Failure it makes visible: money or stock left dangling while recovery cannot settle it (a
 * dependency down for long, an order it cannot handle). The OrdersUnsettled alert fires when the
 * gauge stays above zero (docs/operations.md#ordersunsettled). The counts are refreshed by every
 * recovery round, never at scrape time, so a slow database cannot slow the scrape. The bean is
 * {@link Startup}: every series exists, at 0, from boot, not from the first recovery round.
 */
@Startup
@ApplicationScoped
class UnsettledOrders {

    static final String NEEDS_ATTENTION = "needs_attention";
    private static final Logger LOG = Logger.getLogger(UnsettledOrders.class);

    private final OrderRepository orders;
    private final AtomicReference<Map<String, Long>> counts = new AtomicReference<>(Map.of());

    UnsettledOrders(OrderRepository orders, MeterRegistry registry) {
        this.orders = orders;
        var labels = Arrays.stream(RecoveryPoint.values())
                .filter(p -> p != RecoveryPoint.FINISHED)
                .map(RecoveryPoint::column)
                .toList();
        for (var label : labels) {
            gauge(registry, label);
        }
        gauge(registry, NEEDS_ATTENTION);
    }

    private void gauge(MeterRegistry registry, String label) {
        Gauge.builder("orders_unsettled", counts, c -> c.get().getOrDefault(label, 0L))
                .description("Unfinished orders idle past order.recovery.abandon-after, by recovery point")
                .tag("recovery_point", label)
                .register(registry);
    }

    void refresh(Duration idle) {
        try {
            counts.set(Map.copyOf(orders.unsettled(idle)));
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("orders_unsettled not refreshed: %s", e.toString());
        }
    }
}
