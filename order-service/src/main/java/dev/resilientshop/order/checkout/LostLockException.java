package dev.resilientshop.order.checkout;

import java.util.UUID;

/**
 * An attempt tried to record a step after its lease on the key ran out and another attempt (a
 * retry, the recovery job) took the key over. Its write was refused; it stops and answers 409.
 */
class LostLockException extends RuntimeException {

    LostLockException(UUID orderId) {
        super("lost the lock on order " + orderId, null, false, false);
    }
}
