package dev.resilientshop.order.checkout;

import dev.resilientshop.order.inventory.Committed;
import dev.resilientshop.order.inventory.InventoryClient;
import dev.resilientshop.order.inventory.InventoryUnavailableException;
import dev.resilientshop.order.inventory.Reserved;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes a paid order's stock final, for the saga and for {@link Recovery} alike.
 *
 * <p>Failure it prevents (issue 12, hole 1): a paid order CONFIRMED while its reservation is
 * RELEASED and the stock back on sale. That happens when a release's answer was lost (the saga
 * went on as if the stock were still held) or the expiry sweep gave an abandoned hold back. A
 * commit then gets 409: a definite "no", not an outage, so it is not retried forever. Instead the
 * order takes a fresh reservation under its next key ({@code <id>-<n>}) and commits that; if the
 * stock is gone, the caller refunds and rejects. Every step is written first ({@code started}
 * with the charge recorded, then {@code payment_charged} with the new reservation), so a crash in
 * between leaves a point that a retry or recovery knows how to finish.
 */
@ApplicationScoped
class StockCommit {

    enum Outcome {
        /** The reservation (the order's, or a fresh one) is COMMITTED: confirm. */
        COMMITTED,
        /** inventory did not answer the commit: confirm, recovery commits later (the hold is still ours). */
        COMMIT_UNANSWERED,
        /** the fresh reservation got no answer: the order is back at {@code started} (it may exist). */
        RESERVE_UNANSWERED,
        /** no stock for a fresh reservation: the charge must be refunded. */
        SOLD_OUT
    }

    /** {@code soldOut}: inventory's "out of stock" for {@link Outcome#SOLD_OUT} (the saga's 409 names its sku), else null. */
    record Result(Outcome outcome, Reserved.OutOfStock soldOut) {}

    private static final Logger LOG = Logger.getLogger(StockCommit.class);

    private final OrderRepository orders;
    private final InventoryClient inventory;

    StockCommit(OrderRepository orders, InventoryClient inventory) {
        this.orders = orders;
        this.inventory = inventory;
    }

    /** Commits {@code reservationId} of the paid order {@code order}; the caller holds the key's lock. */
    Result commit(Checkout order, UUID reservationId, UUID token, Deadline deadline) throws SQLException {
        Committed committed;
        try {
            committed = inventory.commit(reservationId, deadline);
        } catch (InventoryUnavailableException e) {
            LOG.warnf("Order %s: commit of reservation %s not answered: %s", order.id(), reservationId, e.getMessage());
            return new Result(Outcome.COMMIT_UNANSWERED, null);
        }
        if (committed instanceof Committed.Done) {
            return new Result(Outcome.COMMITTED, null);
        }
        LOG.warnf(
                "Order %s is paid but its stock went back (%s): taking a fresh reservation",
                order.id(), ((Committed.Gone) committed).why());
        if (order.reservationAttempt() >= Checkout.MAX_RESERVATION_ATTEMPTS) {
            return new Result(Outcome.SOLD_OUT, new Reserved.OutOfStock(null, null));
        }
        int attempt = orders.nextReservation(order.id(), token);
        try {
            var fresh = inventory.reserve(order.id() + "-" + attempt, lines(order.id()), deadline);
            if (fresh instanceof Reserved.OutOfStock none) {
                return new Result(Outcome.SOLD_OUT, none);
            }
            var freshId = ((Reserved.Held) fresh).reservationId();
            orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.PAYMENT_CHARGED, freshId, null, null);
            if (inventory.commit(freshId, deadline) instanceof Committed.Done) {
                return new Result(Outcome.COMMITTED, null);
            }
            // gone at once: taken as a commit nobody answered (the order is at payment_charged, where a commit is tried
            // again)
        } catch (InventoryUnavailableException unanswered) {
            // the fresh reservation or its commit not answered: the point written so far says which
        }
        return new Result(
                orders.checkout(null, order.id()).orElseThrow().point() == RecoveryPoint.PAYMENT_CHARGED
                        ? Outcome.COMMIT_UNANSWERED
                        : Outcome.RESERVE_UNANSWERED,
                null);
    }

    private List<InventoryClient.Line> lines(UUID orderId) throws SQLException {
        return orders.find(orderId).orElseThrow().items().stream()
                .map(l -> new InventoryClient.Line(l.sku(), l.quantity()))
                .toList();
    }
}
