package dev.resilientshop.order.checkout;

import java.util.UUID;

/**
 * An order as its idempotency record: what the next request with the key, or the recovery job,
 * needs to decide between replaying, answering 409, resuming or compensating.
 *
 * @param responseStatus the stored final answer, null while the checkout may still go on
 * @param lockLeftMs how long the attempt holding the key may still work (0: nobody holds it)
 */
record Checkout(
        UUID id,
        String fingerprint,
        OrderStatus status,
        RecoveryPoint point,
        UUID reservationId,
        UUID chargeId,
        int reservationAttempt,
        long totalCents,
        String currency,
        String email,
        Integer responseStatus,
        String responseBody,
        long lockLeftMs) {

    /** The schema's cap on reservation keys per order ({@code reservation_attempt between 1 and 99}). */
    static final int MAX_RESERVATION_ATTEMPTS = 99;

    /** Inventory's idempotency key for this order's current reservation. */
    String reservationKey() {
        return reservationAttempt == 1 ? id.toString() : id + "-" + reservationAttempt;
    }
}
