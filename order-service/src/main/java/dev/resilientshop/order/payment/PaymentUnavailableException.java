package dev.resilientshop.order.payment;

/**
 * payment gave no usable answer (refused, slow, error). After a timeout the charge may have been
 * captured anyway; the order keeps its recovery point so the exactly-once issue can find out (by
 * retrying with the same Idempotency-Key, {@code charge-<orderId>}) instead of guessing.
 */
public class PaymentUnavailableException extends RuntimeException {

    PaymentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
