package dev.resilientshop.order.payment;

/**
 * payment gave no usable answer (refused, slow, error). After a timeout the charge may have been
 * captured anyway; the order keeps its recovery point so the exactly-once issue can find out (by
 * retrying with the same Idempotency-Key, {@code charge-<orderId>}) instead of guessing.
 *
 * <p>Why this stays an exception while a decline is a value ({@link Charged}): it is no answer, just
 * the pipeline's "no outcome" (deadline spent, breaker open, bulkhead full, a 5xx), and any call to
 * payment may end in it: a charge, the list of an order's charges, a refund. Most callers can do
 * nothing with it but stop: recovery lets it fly to its one per-order catch, which counts the
 * attempt and tries later. Returned, every call would have to hand it up by hand.
 */
public class PaymentUnavailableException extends RuntimeException {

    PaymentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
