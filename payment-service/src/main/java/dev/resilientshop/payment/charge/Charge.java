package dev.resilientshop.payment.charge;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A recorded charge, as the API shows it (docs/api.md). */
record Charge(
        UUID id,
        UUID orderId,
        long amountCents,
        String currency,
        String status,
        String declineReason,
        String cardLast4,
        OffsetDateTime createdAt) {

    static final String CAPTURED = "CAPTURED";
    static final String DECLINED = "DECLINED";
    static final String REFUNDED = "REFUNDED";
}
