package dev.resilientshop.order.pricing;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way order-service reaches pricing ({@link PricingApi}, {@code GET /prices?skus=}, an
 * idempotent read, so it is retried). Checkout always prices on the server, never trusting a price
 * the page showed (the page may show a last-known price from Redis when pricing is down). Every
 * failure comes out as {@link PricingUnavailableException}.
 */
@ApplicationScoped
public class PricingClient {

    private final Outbound outbound;
    private final PricingApi api;

    PricingClient(Outbound outbound, PricingApi api) {
        this.outbound = outbound;
        this.api = api;
    }

    /** The prices of the SKUs pricing knows, by SKU; unknown SKUs are simply absent. */
    public Map<String, Price> prices(Collection<String> skus, Deadline deadline) {
        PricingApi.PriceList list;
        try {
            list = outbound.call("pricing", deadline, budget -> api.prices(String.join(",", skus), budget));
        } catch (DownstreamException
                | DeadlineExceededException
                | CallNotPermittedException
                | BulkheadFullException e) {
            throw new PricingUnavailableException("pricing unavailable: " + e.getMessage(), e);
        }
        var bySku = new LinkedHashMap<String, Price>();
        if (list != null && list.items() != null) {
            list.items().stream()
                    .filter(p -> p != null && p.sku() != null && p.priceCents() != null && p.currency() != null)
                    .forEach(p -> bySku.put(p.sku(), p));
        }
        return bySku;
    }
}
