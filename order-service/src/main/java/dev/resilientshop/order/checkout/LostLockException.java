package dev.resilientshop.order.checkout;

import java.util.UUID;

/**
 * An attempt tried to record a step after its lease on the key ran out and another attempt (a
 * retry, the recovery job) took the key over. Its write was refused; it stops and answers 409.
 *
 * <p>Why an exception, when the saga's answers are {@link Step} values: no step chooses this. Any
 * fenced write of {@link OrderRepository} may meet it, in the middle of any step, and whatever the
 * step was doing is no longer this attempt's business; the only thing left is to stop. Passing it
 * back by hand through every write would bury the steps under checks that all do the same, so it
 * unwinds to the one place that turns it into the answer ({@link CheckoutSaga#resume}, or
 * {@link Recovery}, which skips the order).
 */
class LostLockException extends RuntimeException {

    LostLockException(UUID orderId) {
        super("lost the lock on order " + orderId, null, false, false);
    }
}
