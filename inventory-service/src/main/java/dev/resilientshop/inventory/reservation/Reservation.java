package dev.resilientshop.inventory.reservation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Stock held for one order: HELD when taken, COMMITTED when the order is confirmed, RELEASED when
 * given back, by the order or, once {@code expiresAt} has passed while still HELD, by the sweep.
 */
public record Reservation(
        UUID id,
        String orderId,
        String status,
        List<Line> items,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        String servedBy) {

    public record Line(String sku, Integer quantity) {}

    public Reservation servedBy(String replica) {
        return new Reservation(id, orderId, status, items, createdAt, expiresAt, replica);
    }
}
