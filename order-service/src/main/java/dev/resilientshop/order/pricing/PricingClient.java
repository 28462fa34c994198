package dev.resilientshop.order.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.order.outbound.DownstreamException;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way order-service reaches pricing ({@code GET /prices?skus=}, an idempotent read, so it
 * is retried). Checkout always prices on the server, never trusting a price the page showed (the
 * page may show a last-known price from Redis when pricing is down). Every failure comes out as
 * {@link PricingUnavailableException}.
 */
@ApplicationScoped
public class PricingClient {

    record PriceList(List<Price> items) {
    }

    private final Outbound outbound;
    private final ObjectMapper json;

    PricingClient(Outbound outbound, ObjectMapper json) {
        this.outbound = outbound;
        this.json = json;
    }

    /** The prices of the SKUs pricing knows, by SKU; unknown SKUs are simply absent. */
    public Map<String, Price> prices(Collection<String> skus, Deadline deadline) {
        PriceList list;
        try {
            var reply = outbound.get("pricing", "/prices?skus=" + URLEncoder.encode(String.join(",", skus),
                    StandardCharsets.UTF_8), deadline);
            list = json.readValue(reply.body(), PriceList.class);
        } catch (DownstreamException | DeadlineExceededException | CallNotPermittedException | BulkheadFullException e) {
            throw new PricingUnavailableException("pricing unavailable: " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new PricingUnavailableException("pricing answered unreadable JSON", e);
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
