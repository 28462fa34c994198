package dev.resilientshop.productpage.order;

import java.util.List;

/**
 * order-service's order (docs/api.md). {@code viewToken} is what the confirmation page's link
 * carries: order-service shows an order by it, never by its id.
 */
@io.quarkus.qute.TemplateData
public record Order(
        String id,
        String status,
        List<Item> items,
        long totalCents,
        String currency,
        Customer customer,
        String declineReason,
        String createdAt,
        String viewToken) {

    public Order {
        items = items == null ? List.of() : items;
    }

    public record Item(String sku, int quantity, Integer unitPriceCents) {}

    @io.quarkus.qute.TemplateData
    public record Customer(String name, String email) {}
}
