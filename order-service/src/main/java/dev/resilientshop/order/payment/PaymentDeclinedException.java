package dev.resilientshop.order.payment;

/** payment declined the charge (402): a business outcome with a reason, not a failure. */
public class PaymentDeclinedException extends RuntimeException {

    private final String reason;

    PaymentDeclinedException(String reason) {
        super("Payment declined: " + reason);
        this.reason = reason;
    }

    /** {@code card_declined}, {@code insufficient_funds}, {@code fraud_suspected}, {@code expired_card}, ... */
    public String reason() {
        return reason;
    }
}
