package dev.resilientshop.order.checkout;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An order as the API shows it (docs/api.md). No reservation or charge id: those are other
 * services' internal handles, of no use to a customer and a help to anyone probing those services.
 * {@code viewToken} is what the confirmation page shows the order by ({@code GET /orders/{viewToken}}).
 */
record Order(
        UUID id,
        OrderStatus status,
        List<Line> items,
        long totalCents,
        String currency,
        Customer customer,
        String declineReason,
        OffsetDateTime createdAt,
        String viewToken) {

    record Line(String sku, int quantity, long unitPriceCents) {}

    record Customer(String name, String email) {}
}
