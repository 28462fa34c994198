package dev.resilientshop.order.checkout;

import dev.resilientshop.order.inventory.InventoryClient;
import dev.resilientshop.order.inventory.InventoryUnavailableException;
import dev.resilientshop.order.payment.PaymentClient;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.UUID;

/**
 * What a resumed checkout settles before it goes on (issue 12, holes 1 and 4), so that stock that
 * went back is never charged for and a retry never takes stock it cannot pay for:
 * <ul>
 * <li>a release whose answer was lost ({@code release_pending}) is sent again;</li>
 * <li>a hold from an earlier attempt ({@code stock_reserved}) is checked still HELD: a lost release
 *     or the expiry sweep may have ended it;</li>
 * <li>a new reservation after a release is taken only while payment's breaker is closed and the
 *     order has reservation keys left (the schema allows 99).</li>
 * </ul>
 * Each returns a {@link Step}: go on, or stop with a 503 "try again" after the order was paused
 * where it stands (nothing stored, so the same key comes back to this check). The caller holds the
 * key's lock.
 */
@ApplicationScoped
class ResumeChecks {

    private final OrderRepository orders;
    private final InventoryClient inventory;
    private final PaymentClient payment;
    private final Answers answers;

    ResumeChecks(OrderRepository orders, InventoryClient inventory, PaymentClient payment, Answers answers) {
        this.orders = orders;
        this.inventory = inventory;
        this.payment = payment;
        this.answers = answers;
    }

    /** Sends a lost release again (a no-op at inventory if it was done); the order goes on from {@code stock_released}. */
    Step<Void> releaseAgain(Checkout order, UUID token, Deadline deadline) throws SQLException {
        try {
            inventory.release(order.reservationId(), deadline);
        } catch (InventoryUnavailableException e) {
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.RELEASE_PENDING);
            return paused(order, "inventory unavailable, try again", 0);
        }
        orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.STOCK_RELEASED, null, null, null);
        return Step.next(null);
    }

    /** Whether the earlier attempt's hold is still the order's (HELD, or COMMITTED by an earlier commit). */
    Step<Boolean> stillHeld(Checkout order, UUID token, Deadline deadline) throws SQLException {
        try {
            var status = inventory.status(order.reservationId(), deadline);
            return Step.next(status.equals("HELD") || status.equals("COMMITTED"));
        } catch (InventoryUnavailableException e) {
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STOCK_RESERVED);
            return paused(order, "inventory unavailable, try again", 0);
        }
    }

    /**
     * A new reservation only when it can be paid for and the order has keys left (the 100th
     * "payment unavailable" retry was a 500): otherwise 503, the stock stays on sale, and recovery
     * settles the order if the customer does not come back.
     */
    Step<Void> mayReserveAgain(Checkout order, UUID token) throws SQLException {
        String detail = null;
        if (order.reservationAttempt() >= Checkout.MAX_RESERVATION_ATTEMPTS) {
            detail = "this checkout was tried too often; it will be closed and any charge refunded";
        } else if (payment.unavailableNow()) {
            detail = "payment unavailable, try again";
        }
        if (detail != null) {
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STOCK_RELEASED);
            return paused(order, detail, 10);
        }
        return Step.next(null);
    }

    private <T> Step<T> paused(Checkout order, String detail, long retryAfterSeconds) {
        return Step.stop(answers.unavailable(detail, order.id(), retryAfterSeconds));
    }
}
