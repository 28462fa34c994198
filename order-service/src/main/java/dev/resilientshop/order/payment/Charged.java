package dev.resilientshop.order.payment;

import java.util.UUID;

/**
 * What payment answered to a charge ({@link PaymentClient#charge}): the money is taken
 * ({@link Captured}), or the card was refused ({@link Declined}).
 *
 * <p>Why a value and not an exception: a declined card is one of the answers a checkout exists to
 * give. The saga must act on it every time (give the stock back, store a 402 with the reason), so
 * it belongs in the return type, where every caller sees it, and not in an unchecked exception that
 * no compiler asks anyone to catch. What stays an exception is {@link PaymentUnavailableException}:
 * no answer at all, after which nobody knows whether the card was charged.
 */
public sealed interface Charged {

    /** Captured: {@code chargeId} is what a refund names. */
    record Captured(UUID chargeId) implements Charged {}

    /**
     * payment refused the charge (402); nothing was taken. {@code reason} is payment's:
     * {@code card_declined}, {@code insufficient_funds}, {@code fraud_suspected}, {@code expired_card}, ...
     * ({@code declined} when it gave none).
     */
    record Declined(String reason) implements Charged {}
}
