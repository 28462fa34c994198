package dev.resilientshop.order.inventory;

/**
 * inventory answered, definitely, that the reservation is no longer held: a commit got 409 (it was
 * RELEASED: a release whose answer was lost, or the expiry sweep) or 404 (it never existed). Not an
 * outage, so it is never retried as one: the stock is back on sale, and a paid order needs a fresh
 * reservation (or its money back) before it may be confirmed.
 */
public class ReservationGoneException extends RuntimeException {

    ReservationGoneException(String message) {
        super(message, null, false, false);
    }
}
