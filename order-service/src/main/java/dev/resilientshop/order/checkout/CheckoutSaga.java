package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.ops.CrashPoints;
import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.order.inventory.InventoryClient;
import dev.resilientshop.order.inventory.InventoryUnavailableException;
import dev.resilientshop.order.inventory.Reserved;
import dev.resilientshop.order.payment.Charged;
import dev.resilientshop.order.payment.PaymentClient;
import dev.resilientshop.order.payment.PaymentUnavailableException;
import dev.resilientshop.resilience.deadline.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The checkout saga: reserve stock → charge → commit the reservation → CONFIRMED, for one order
 * whose key {@link IdempotencyGate} let through, from wherever that order last stopped
 * ({@link RecoveryPoint}).
 *
 * <p>Why a saga: the order, the stock and the money live in three services with three databases,
 * so no transaction can make a checkout all or nothing. Instead every step is recorded as soon as
 * its outcome is known, and a step that can be undone is undone when a later one fails:
 * <ul>
 * <li>a declined charge releases the reservation (402; the stock goes back on sale);</li>
 * <li>a charge whose answer never came releases it too and pauses the order (503). Whether the card
 *     was charged is unknown, so the same key takes a new reservation and charges again with the
 *     same {@code charge-<orderId>} key: payment hands back a charge made meanwhile, never a second one;</li>
 * <li>stock that went back after payment (a lost release, the expiry sweep) is reserved afresh
 *     ({@link StockCommit}); with none left the charge is refunded and the answer is 409;</li>
 * <li>a compensation whose own answer is lost is recorded ({@code release_pending}) and sent again
 *     before the order goes on; what no request comes back for, {@link Recovery} settles.</li>
 * </ul>
 * So no second charge, no charge without an order and no stock held for an order that is not paid.
 *
 * <p>Each step returns a {@link Step}: go on, or stop with the answer. What a step hears back comes
 * as a value too ({@link Reserved}, {@link Charged}, and {@link StockCommit}'s result): only "no
 * answer" from a dependency is caught, at the call that met it. A final answer (201, 402,
 * 409) is stored with the key before it is returned; a 503 "try again" never is. No database
 * connection is held while a dependency is called, and every write is fenced by the attempt's lock
 * token: a write refused because another attempt took the key over is a {@link LostLockException},
 * the one way out that stays an exception (any write may meet it, and nothing is to be done but stop).
 */
@ApplicationScoped
class CheckoutSaga {

    private static final Logger LOG = Logger.getLogger(CheckoutSaga.class);

    private final OrderRepository orders;
    private final InventoryClient inventory;
    private final PaymentClient payment;
    private final StockCommit stock;
    private final ResumeChecks checks;
    private final CrashPoints crash;
    private final Answers answers;

    CheckoutSaga(
            OrderRepository orders,
            InventoryClient inventory,
            PaymentClient payment,
            StockCommit stock,
            ResumeChecks checks,
            CrashPoints crash,
            Answers answers) {
        this.orders = orders;
        this.inventory = inventory;
        this.payment = payment;
        this.stock = stock;
        this.checks = checks;
        this.crash = crash;
        this.answers = answers;
    }

    /**
     * Runs the saga from the order's recovery point to an answer. The caller holds the key's lock
     * ({@code token}). An attempt that lost it answers 409, like any request that finds the key busy.
     */
    Reply resume(UUID id, UUID token, OrderRequest request, Deadline deadline) throws SQLException {
        try {
            return run(id, token, request, deadline);
        } catch (LostLockException e) {
            LOG.warnf("Order %s: another attempt took the key over; this one stops", id);
            return answers.inFlight(id, 1000);
        }
    }

    /**
     * Before anything else {@link ResumeChecks} sends a lost release again and checks that a hold
     * from an earlier attempt is still HELD: stock that went back is never charged for.
     */
    private Reply run(UUID id, UUID token, OrderRequest request, Deadline deadline) throws SQLException {
        var order = orders.checkout(null, id).orElseThrow();
        var point = order.point();
        if (point == RecoveryPoint.RELEASE_PENDING) {
            if (checks.releaseAgain(order, token, deadline) instanceof Step.Stop<Void> paused) {
                return paused.reply();
            }
            point = RecoveryPoint.STOCK_RELEASED;
        }
        if (point == RecoveryPoint.STOCK_RESERVED) {
            var hold = checks.stillHeld(order, token, deadline);
            if (hold instanceof Step.Stop<Boolean> paused) {
                return paused.reply();
            }
            if (hold instanceof Step.Next<Boolean> held && !held.value()) {
                point = RecoveryPoint.STOCK_RELEASED;
            }
        }
        if (point == RecoveryPoint.STOCK_RELEASED) {
            if (checks.mayReserveAgain(order, token) instanceof Step.Stop<Void> paused) {
                return paused.reply();
            }
            orders.nextReservation(id, token);
            order = orders.checkout(null, id).orElseThrow();
            point = RecoveryPoint.STARTED;
        }
        UUID reservationId = order.reservationId();
        if (point == RecoveryPoint.STARTED) {
            var reserved = reserve(order, token, request, deadline);
            if (reserved instanceof Step.Stop<UUID> stopped) {
                return stopped.reply();
            }
            reservationId = ((Step.Next<UUID>) reserved).value();
            point = RecoveryPoint.STOCK_RESERVED;
        }
        if (point == RecoveryPoint.STOCK_RESERVED) {
            if (charge(order, reservationId, token, request, deadline) instanceof Step.Stop<Void> stopped) {
                return stopped.reply();
            }
        }
        return confirm(id, reservationId, token, deadline);
    }

    /** Holds the stock. Out of stock is the final 409; inventory not answering, a 503 at {@code started}. */
    private Step<UUID> reserve(Checkout order, UUID token, OrderRequest request, Deadline deadline)
            throws SQLException {
        var lines = request.items().stream()
                .map(i -> new InventoryClient.Line(i.sku(), i.quantity()))
                .toList();
        Reserved reserved;
        try {
            reserved = inventory.reserve(order.reservationKey(), lines, deadline);
        } catch (InventoryUnavailableException e) {
            LOG.warnf("Order %s paused, inventory unavailable: %s", order.id(), e.getMessage());
            // Stays STARTED: after a timeout the reservation may exist; the same key resumes and reserves idempotently.
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STARTED);
            return Step.stop(answers.unavailable("inventory unavailable, try again", order.id(), 0));
        }
        if (reserved instanceof Reserved.OutOfStock none) {
            return outOfStock(order, token, none, deadline);
        }
        var reservationId = ((Reserved.Held) reserved).reservationId();
        crash.reached("reserve_called");
        orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.STOCK_RESERVED, reservationId, null, null);
        crash.reached("stock_reserved");
        return Step.next(reservationId);
    }

    /** No stock: REJECTED, after refunding a charge that an earlier attempt made while we waited for its answer. */
    private Step<UUID> outOfStock(Checkout order, UUID token, Reserved.OutOfStock none, Deadline deadline)
            throws SQLException {
        if (order.reservationAttempt() > 1) {
            try {
                refundAny(order.id(), deadline);
            } catch (PaymentUnavailableException unknown) {
                orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STARTED);
                return Step.stop(answers.unavailable("payment unavailable, try again", order.id(), 0));
            }
        }
        return Step.stop(finish(
                order.id(), token, OrderStatus.REJECTED, RecoveryPoint.FINISHED, null, outOfStock(none, order.id())));
    }

    /** Takes the money; a declined card and a charge that got no answer both give the stock back. */
    private Step<Void> charge(Checkout order, UUID reservationId, UUID token, OrderRequest request, Deadline deadline)
            throws SQLException {
        var card = request.payment();
        Charged charged;
        try {
            charged = payment.charge(
                    order.id(),
                    order.totalCents(),
                    order.currency(),
                    order.email(),
                    new PaymentClient.Card(card.digits(), card.cardHolder(), card.expiry(), card.cvc()),
                    deadline);
        } catch (PaymentUnavailableException e) {
            LOG.warnf("Order %s paused, payment unavailable: %s", order.id(), e.getMessage());
            // The charge's outcome is unknown; the stock goes back. The same key tries again with a new
            // reservation and the same charge key, so a charge made meanwhile is found, not repeated.
            // A release whose answer is lost is recorded as such and sent again before anything else.
            var released = release(order.id(), reservationId, deadline);
            orders.pause(
                    order.id(),
                    token,
                    OrderStatus.FAILED,
                    released ? RecoveryPoint.STOCK_RELEASED : RecoveryPoint.RELEASE_PENDING);
            return Step.stop(answers.unavailable("payment unavailable, try again", order.id(), 0));
        }
        if (charged instanceof Charged.Declined declined) {
            var released = release(order.id(), reservationId, deadline);
            var problem = new ApiException(
                    402,
                    "Payment declined",
                    "The payment was declined: " + declined.reason(),
                    Map.of("reason", declined.reason(), "orderId", order.id().toString()));
            return Step.stop(finish(
                    order.id(),
                    token,
                    OrderStatus.DECLINED,
                    released ? RecoveryPoint.FINISHED : RecoveryPoint.RELEASE_PENDING,
                    declined.reason(),
                    problem));
        }
        var chargeId = ((Charged.Captured) charged).chargeId();
        crash.reached("charge_called");
        orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.PAYMENT_CHARGED, null, chargeId, null);
        crash.reached("payment_charged");
        return Step.next(null);
    }

    /**
     * Paid and held: confirmed once the reservation is committed, or while inventory does not
     * answer the commit (Recovery commits later). A commit refused because the stock went back
     * takes a fresh reservation; with no stock left the charge is refunded and the order REJECTED.
     * The last step: whatever happens, the checkout ends here for this request.
     */
    private Reply confirm(UUID id, UUID reservationId, UUID token, Deadline deadline) throws SQLException {
        var order = orders.checkout(null, id).orElseThrow();
        var result = stock.commit(order, reservationId, token, deadline);
        crash.reached("commit_called");
        var point = RecoveryPoint.FINISHED;
        switch (result.outcome()) {
            case COMMITTED -> point = RecoveryPoint.FINISHED;
            case COMMIT_UNANSWERED -> point = RecoveryPoint.PAYMENT_CHARGED;
            case RESERVE_UNANSWERED -> {
                orders.pause(id, token, OrderStatus.FAILED, RecoveryPoint.STARTED);
                return answers.unavailable("inventory unavailable, try again", id, 0);
            }
            case SOLD_OUT -> {
                return soldOutAfterPayment(order, token, result.soldOut(), deadline);
            }
        }
        orders.advance(id, token, OrderStatus.CONFIRMED, point, null, null, null);
        var body = answers.orderJson(id);
        orders.finish(id, token, OrderStatus.CONFIRMED, point, null, 201, body);
        return new Reply(201, body, id, false, 0);
    }

    /** The stock went back and none is left: the money goes back too, and the answer is "out of stock". */
    private Reply soldOutAfterPayment(Checkout order, UUID token, Reserved.OutOfStock none, Deadline deadline)
            throws SQLException {
        try {
            payment.refund(order.chargeId(), Deadline.after(Duration.ofSeconds(3), deadline.clock()));
        } catch (PaymentUnavailableException unknown) {
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STOCK_RELEASED); // recovery refunds
            return answers.unavailable("payment unavailable, try again", order.id(), 0);
        }
        LOG.warnf("Order %s: stock gone after payment, charge %s refunded", order.id(), order.chargeId());
        return finish(
                order.id(), token, OrderStatus.REJECTED, RecoveryPoint.FINISHED, null, outOfStock(none, order.id()));
    }

    /** Stores a final problem answer for the key (every retry gets it replayed) and returns it. */
    private Reply finish(
            UUID id, UUID token, OrderStatus status, RecoveryPoint point, String reason, ApiException problem)
            throws SQLException {
        var body = answers.problemJson(problem);
        orders.finish(id, token, status, point, reason, problem.status(), body);
        return new Reply(problem.status(), body, id, false, 0);
    }

    private static ApiException outOfStock(Reserved.OutOfStock none, UUID orderId) {
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("orderId", orderId.toString());
        if (none.sku() != null) {
            extensions.put("sku", none.sku());
        }
        if (none.available() != null) {
            extensions.put("available", none.available());
        }
        return ApiException.conflict(
                none.sku() == null ? "Not enough stock" : "Not enough stock for " + none.sku(), extensions);
    }

    private boolean release(UUID orderId, UUID reservationId, Deadline deadline) {
        try {
            inventory.release(reservationId, Deadline.after(Duration.ofSeconds(2), deadline.clock()));
            return true;
        } catch (InventoryUnavailableException e) {
            LOG.warnf(
                    "Order %s: releasing reservation %s failed, left for recovery: %s",
                    orderId, reservationId, e.getMessage());
            return false;
        }
    }

    private void refundAny(UUID orderId, Deadline deadline) {
        var budget = Deadline.after(Duration.ofSeconds(3), deadline.clock());
        for (var charge : payment.charges(orderId, budget)) {
            if ("CAPTURED".equals(charge.status())) {
                LOG.infof("Order %s rejected after an unanswered charge: refunding %s", orderId, charge.id());
                payment.refund(charge.id(), budget);
            }
        }
    }
}
