package dev.resilientshop.order.checkout;

import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.order.inventory.InventoryClient;
import dev.resilientshop.order.inventory.InventoryUnavailableException;
import dev.resilientshop.order.inventory.OutOfStockException;
import dev.resilientshop.kit.ops.CrashPoints;
import dev.resilientshop.order.payment.PaymentClient;
import dev.resilientshop.order.payment.PaymentDeclinedException;
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
 * The checkout saga, exactly once per Idempotency-Key: reserve stock → charge → commit → CONFIRMED,
 * resumable from its last {@link RecoveryPoint}, with a compensation for each step that can be undone.
 *
 * <p>Failures it prevents (seed 002: "idempotency keys meant no duplicate orders during
 * retries"): a second order for one key (the key is UNIQUE; a request finding it answers from it),
 * a second charge (payment is called with {@code charge-<orderId>}, and a repeat gets the first
 * charge back), a charge without an order (a retry after a crash resumes and confirms; an
 * abandoned one is settled by {@link Recovery}), and stock lost (a declined or failed charge
 * releases the reservation; a confirmed order keeps it).
 *
 * <p>{@link IdempotencyGate} decides whether a request may run it, and for which order; then
 * {@link #resume} runs it. A 503 ("try again") is never stored: the same key,
 * tried again, goes on from where the last attempt stopped. No database connection is held while a
 * dependency is called; every write is fenced by the attempt's lock token.
 */
@ApplicationScoped
class CheckoutSaga {

    /** A final answer reached inside a step: stored already, carried out to {@link #resume}. */
    private static final class Answered extends RuntimeException {
        private final Reply reply;

        Answered(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    private static final Logger LOG = Logger.getLogger(CheckoutSaga.class);

    private final OrderRepository orders;
    private final InventoryClient inventory;
    private final PaymentClient payment;
    private final StockCommit stock;
    private final ResumeChecks checks;
    private final CrashPoints crash;
    private final Answers answers;

    CheckoutSaga(OrderRepository orders, InventoryClient inventory, PaymentClient payment,
            StockCommit stock, ResumeChecks checks, CrashPoints crash, Answers answers) {
        this.stock = stock;
        this.checks = checks;
        this.orders = orders;
        this.inventory = inventory;
        this.payment = payment;
        this.crash = crash;
        this.answers = answers;
    }

    /**
     * Runs the saga from the order's recovery point to an answer. The caller holds the key's lock.
     * Before anything else {@link ResumeChecks} sends a lost release again and checks that a hold
     * from an earlier attempt is still HELD: stock that went back is never charged for.
     */
    Reply resume(UUID id, UUID token, OrderRequest request, Deadline deadline) throws SQLException {
        try {
            var order = orders.checkout(null, id).orElseThrow();
            var point = order.point();
            if (point == RecoveryPoint.RELEASE_PENDING) {
                checks.releaseAgain(order, token, deadline);
                point = RecoveryPoint.STOCK_RELEASED;
            }
            if (point == RecoveryPoint.STOCK_RESERVED && !checks.stillHeld(order, token, deadline)) {
                point = RecoveryPoint.STOCK_RELEASED;
            }
            if (point == RecoveryPoint.STOCK_RELEASED) {
                checks.mayReserveAgain(order, token);
                orders.nextReservation(id, token);
                order = orders.checkout(null, id).orElseThrow();
                point = RecoveryPoint.STARTED;
            }
            UUID reservationId = order.reservationId();
            if (point == RecoveryPoint.STARTED) {
                reservationId = reserve(order, token, request, deadline);
                point = RecoveryPoint.STOCK_RESERVED;
            }
            if (point == RecoveryPoint.STOCK_RESERVED) {
                charge(order, reservationId, token, request, deadline);
                point = RecoveryPoint.PAYMENT_CHARGED;
            }
            return confirm(id, reservationId, token, deadline);
        } catch (Answered e) {
            return e.reply;
        } catch (ResumeChecks.Paused e) {
            return answers.problem(unavailable(e.getMessage(), id), id, e.retryAfterSeconds);
        } catch (LostLockException e) {
            LOG.warnf("Order %s: another attempt took the key over; this one stops", id);
            return answers.inFlight(id, 1000);
        }
    }

    private UUID reserve(Checkout order, UUID token, OrderRequest request, Deadline deadline) throws SQLException {
        var lines = request.items().stream().map(i -> new InventoryClient.Line(i.sku(), i.quantity())).toList();
        try {
            var reservationId = inventory.reserve(order.reservationKey(), lines, deadline);
            crash.reached("reserve_called");
            orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.STOCK_RESERVED, reservationId, null, null);
            crash.reached("stock_reserved");
            return reservationId;
        } catch (OutOfStockException e) {
            if (order.reservationAttempt() > 1) {
                try {
                    refundAny(order.id(), deadline); // an earlier attempt's charge, made while we waited for an answer
                } catch (PaymentUnavailableException unknown) {
                    orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STARTED);
                    throw unavailable("payment unavailable, try again", order.id());
                }
            }
            throw finish(order.id(), token, OrderStatus.REJECTED, RecoveryPoint.FINISHED, null, outOfStock(e, order.id()));
        } catch (InventoryUnavailableException e) {
            LOG.warnf("Order %s paused, inventory unavailable: %s", order.id(), e.getMessage());
            // Stays STARTED: after a timeout the reservation may exist; the same key resumes and reserves idempotently.
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STARTED);
            throw unavailable("inventory unavailable, try again", order.id());
        }
    }

    private void charge(Checkout order, UUID reservationId, UUID token, OrderRequest request, Deadline deadline)
            throws SQLException {
        var card = request.payment();
        try {
            var chargeId = payment.charge(order.id(), order.totalCents(), order.currency(), order.email(),
                    new PaymentClient.Card(card.digits(), card.cardHolder(), card.expiry(), card.cvc()), deadline);
            crash.reached("charge_called");
            orders.advance(order.id(), token, OrderStatus.PENDING, RecoveryPoint.PAYMENT_CHARGED, null, chargeId, null);
            crash.reached("payment_charged");
        } catch (PaymentDeclinedException e) {
            var released = release(order.id(), reservationId, deadline);
            var problem = new ApiException(402, "Payment declined", "The payment was declined: " + e.reason(),
                    Map.of("reason", e.reason(), "orderId", order.id().toString()));
            throw finish(order.id(), token, OrderStatus.DECLINED,
                    released ? RecoveryPoint.FINISHED : RecoveryPoint.RELEASE_PENDING, e.reason(), problem);
        } catch (PaymentUnavailableException e) {
            LOG.warnf("Order %s paused, payment unavailable: %s", order.id(), e.getMessage());
            // The charge's outcome is unknown; the stock goes back. The same key tries again with a new
            // reservation and the same charge key, so a charge made meanwhile is found, not repeated.
            // A release whose answer is lost is recorded as such and sent again before anything else.
            var released = release(order.id(), reservationId, deadline);
            orders.pause(order.id(), token, OrderStatus.FAILED,
                    released ? RecoveryPoint.STOCK_RELEASED : RecoveryPoint.RELEASE_PENDING);
            throw unavailable("payment unavailable, try again", order.id());
        }
    }

    /**
     * Paid and held: confirmed once the reservation is committed, or while inventory does not
     * answer the commit (Recovery commits later). A commit refused because the stock went back
     * takes a fresh reservation; with no stock left the charge is refunded and the order REJECTED.
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
                throw unavailable("inventory unavailable, try again", id);
            }
            case SOLD_OUT -> throw soldOutAfterPayment(order, token, result.soldOut(), deadline);
        }
        orders.advance(id, token, OrderStatus.CONFIRMED, point, null, null, null);
        var body = answers.orderJson(id);
        orders.finish(id, token, OrderStatus.CONFIRMED, point, null, 201, body);
        return new Reply(201, body, id, false, 0);
    }

    /** The stock went back and none is left: the money goes back too, and the answer is "out of stock". */
    private RuntimeException soldOutAfterPayment(Checkout order, UUID token, OutOfStockException e, Deadline deadline)
            throws SQLException {
        try {
            payment.refund(order.chargeId(), Deadline.after(Duration.ofSeconds(3), deadline.clock()));
        } catch (PaymentUnavailableException unknown) {
            orders.pause(order.id(), token, OrderStatus.FAILED, RecoveryPoint.STOCK_RELEASED); // recovery refunds
            return unavailable("payment unavailable, try again", order.id());
        }
        LOG.warnf("Order %s: stock gone after payment, charge %s refunded", order.id(), order.chargeId());
        return finish(order.id(), token, OrderStatus.REJECTED, RecoveryPoint.FINISHED, null, outOfStock(e, order.id()));
    }

    /** Stores a final problem answer for the key and returns it, to be thrown out to {@link #resume}. */
    private Answered finish(UUID id, UUID token, OrderStatus status, RecoveryPoint point, String reason,
            ApiException problem) throws SQLException {
        var body = answers.problemJson(problem);
        orders.finish(id, token, status, point, reason, problem.status(), body);
        return new Answered(new Reply(problem.status(), body, id, false, 0));
    }

    private static ApiException outOfStock(OutOfStockException e, UUID orderId) {
        var extensions = new LinkedHashMap<String, Object>();
        extensions.put("orderId", orderId.toString());
        if (e.sku() != null) {
            extensions.put("sku", e.sku());
        }
        if (e.available() != null) {
            extensions.put("available", e.available());
        }
        return ApiException.conflict(e.sku() == null ? "Not enough stock" : "Not enough stock for " + e.sku(), extensions);
    }

    private boolean release(UUID orderId, UUID reservationId, Deadline deadline) {
        try {
            inventory.release(reservationId, Deadline.after(Duration.ofSeconds(2), deadline.clock()));
            return true;
        } catch (InventoryUnavailableException e) {
            LOG.warnf("Order %s: releasing reservation %s failed, left for recovery: %s", orderId, reservationId, e.getMessage());
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

    private static ApiException unavailable(String detail, UUID orderId) {
        return new ApiException(503, "Service unavailable", detail
                + " (the same Idempotency-Key continues this checkout; nothing is charged twice)",
                orderId == null ? Map.of() : Map.of("orderId", orderId.toString()));
    }
}
