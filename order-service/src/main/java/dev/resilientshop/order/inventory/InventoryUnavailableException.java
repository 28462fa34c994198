package dev.resilientshop.order.inventory;

/**
 * inventory gave no usable answer (refused, slow, error). After a timeout the reservation may or
 * may not exist, which is why the order keeps its recovery point.
 *
 * <p>Why this stays an exception while "out of stock" and "no longer held" are values
 * ({@link Reserved}, {@link Committed}): it is no answer, just the pipeline's "no outcome" (deadline
 * spent, breaker open, bulkhead full, a 5xx), and every call to inventory may end in it. Most callers
 * can do nothing with it but stop where the order stands: recovery lets it fly to its one per-order
 * catch, which counts the attempt and tries later. Returned, every call would have to hand it up by hand.
 */
public class InventoryUnavailableException extends RuntimeException {

    InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
