package dev.resilientshop.order.checkout;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it (docs/api.md). */
record Order(UUID id, OrderStatus status, List<Line> items, long totalCents, String currency, Customer customer,
        UUID reservationId, UUID chargeId, String declineReason, OffsetDateTime createdAt) {

    record Line(String sku, int quantity, long unitPriceCents) {
    }

    record Customer(String name, String email) {
    }
}
