package dev.resilientshop.order.checkout;

import dev.resilientshop.order.inventory.InventoryClient;
import dev.resilientshop.order.inventory.Reserved;
import dev.resilientshop.order.payment.PaymentClient;
import dev.resilientshop.resilience.core.Clock;
import dev.resilientshop.resilience.deadline.Deadline;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Settles what nobody will come back for: a checkout whose attempt stopped half-way (a 503, a
 * crash) and whose key has not been retried for {@code order.recovery.abandon-after} (default
 * 60 s, far longer than any request may live, so no charge can still be on its way). The customer's
 * card is not stored, so it never charges; it completes what is paid and undoes what is not:
 * <ul>
 * <li>{@code payment_charged}: commit the reservation (a refused commit takes a fresh one, or
 *     refunds and closes FAILED when no stock is left: {@link StockCommit}); the order is (or becomes) CONFIRMED;</li>
 * <li>{@code stock_reserved}: a captured charge for the order → commit and confirm; a declined
 *     order → release; no charge → release and close FAILED;</li>
 * <li>{@code started}: release whatever the current reservation key holds, refund any captured
 *     charge of an earlier attempt, close FAILED;</li>
 * <li>{@code release_pending}: send the lost release again, then as {@code stock_released} (a
 *     DECLINED order just finishes);</li>
 * <li>{@code stock_released}: refund any captured charge, close FAILED.</li>
 * </ul>
 * Each order is handled under its key's lock, as a request would be, and on its own (issue 12,
 * hole 2): whatever one order throws is counted against that order alone
 * ({@code recovery_attempts}, next try after an exponential backoff from {@code interval}, at most
 * 30 min), and after {@code order.recovery.max-attempts} (default 10) it becomes NEEDS_ATTENTION and
 * is left to a person; the round goes on with the next order. {@link UnsettledOrders} counts what
 * is left for the alert. The job also reaps keys
 * older than {@code order.idempotency.key-ttl} (24 h, as Stripe) every {@code order.recovery.interval}.
 */
@ApplicationScoped
class Recovery {

    private static final Logger LOG = Logger.getLogger(Recovery.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

    private final OrderRepository orders;
    private final InventoryClient inventory;
    private final PaymentClient payment;
    private final Answers answers;
    private final Clock clock;
    private final Duration abandonAfter;
    private final Duration interval;
    private final Duration keyTtl;
    private final int maxAttempts;
    private final boolean enabled;
    private final StockCommit stock;
    private final UnsettledOrders unsettled;
    private ScheduledExecutorService timer;

    Recovery(
            OrderRepository orders,
            InventoryClient inventory,
            PaymentClient payment,
            Answers answers,
            StockCommit stock,
            UnsettledOrders unsettled,
            Clock clock,
            @ConfigProperty(name = "order.recovery.abandon-after", defaultValue = "60s") Duration abandonAfter,
            @ConfigProperty(name = "order.recovery.interval", defaultValue = "15s") Duration interval,
            @ConfigProperty(name = "order.idempotency.key-ttl", defaultValue = "24h") Duration keyTtl,
            @ConfigProperty(name = "order.recovery.max-attempts", defaultValue = "10") int maxAttempts,
            @ConfigProperty(name = "order.recovery.enabled", defaultValue = "true") boolean enabled) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("order.recovery.max-attempts must be >= 1, but was " + maxAttempts);
        }
        this.stock = stock;
        this.unsettled = unsettled;
        this.maxAttempts = maxAttempts;
        this.orders = orders;
        this.inventory = inventory;
        this.payment = payment;
        this.answers = answers;
        this.clock = clock;
        this.abandonAfter = abandonAfter;
        this.interval = interval;
        this.keyTtl = keyTtl;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "order-recovery");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void runQuietly() {
        try {
            reapKeys(OffsetDateTime.now());
            settleAbandoned(abandonAfter);
        } catch (Exception e) {
            LOG.warnf("recovery round failed, next in %s: %s", interval, e.toString());
        }
    }

    /** Forgets the keys created more than the TTL before {@code now}; returns how many. */
    int reapKeys(OffsetDateTime now) throws SQLException {
        int reaped = orders.reapKeys(now.minus(keyTtl));
        if (reaped > 0) {
            LOG.infof("reaped %d idempotency keys older than %s", reaped, keyTtl);
        }
        return reaped;
    }

    /** Settles every order idle for longer than {@code idle}; returns the ids it settled. */
    List<UUID> settleAbandoned(Duration idle) throws SQLException {
        var settled = new java.util.ArrayList<UUID>();
        for (var id : orders.abandoned(idle, 50)) {
            var token = UUID.randomUUID();
            if (!orders.lock(id, token, LEASE, true)) {
                continue;
            }
            try {
                settle(orders.checkout(null, id).orElseThrow(), token);
                settled.add(id);
            } catch (LostLockException e) {
                LOG.warnf("Order %s: a request took the key over while it was being settled", id);
            } catch (Exception e) { // one order's trouble, whatever it is, must not stop the round
                failed(id, token, e);
            }
        }
        unsettled.refresh(abandonAfter);
        return settled;
    }

    private void failed(UUID id, UUID token, Exception e) {
        try {
            int attempts = orders.recoveryFailed(id, token, maxAttempts, interval, MAX_BACKOFF);
            if (attempts >= maxAttempts) {
                LOG.errorf(
                        "Order %s NEEDS_ATTENTION: not settled after %d attempts, last: %s",
                        id, attempts, e.toString());
            } else {
                LOG.warnf("Order %s not settled (attempt %d of %d): %s", id, attempts, maxAttempts, e.toString());
            }
        } catch (SQLException | RuntimeException again) {
            LOG.warnf("Order %s not settled (%s), and its attempt not recorded: %s", id, e, again.toString());
        }
    }

    private void settle(Checkout order, UUID token) throws SQLException {
        var deadline = Deadline.after(Duration.ofSeconds(20), clock);
        LOG.infof(
                "Settling abandoned order %s (%s at %s)",
                order.id(), order.status(), order.point().column());
        switch (order.point()) {
            case PAYMENT_CHARGED -> confirm(order, token, deadline);
            case STOCK_RESERVED -> {
                if (order.status() == OrderStatus.DECLINED) {
                    inventory.release(order.reservationId(), deadline);
                    orders.pause(order.id(), token, OrderStatus.DECLINED, RecoveryPoint.FINISHED);
                } else if (!held(order, deadline)) { // a lost release or the expiry sweep gave it back
                    refundCaptured(order, deadline);
                    close(order, token);
                } else if (captured(order, deadline) != null) {
                    orders.advance(
                            order.id(),
                            token,
                            OrderStatus.PENDING,
                            RecoveryPoint.PAYMENT_CHARGED,
                            null,
                            captured(order, deadline),
                            null);
                    confirm(order, token, deadline);
                } else {
                    inventory.release(order.reservationId(), deadline);
                    close(order, token);
                }
            }
            case STARTED -> {
                releaseWhateverIsHeld(order, deadline);
                refundCaptured(order, deadline);
                close(order, token);
            }
            case RELEASE_PENDING -> {
                inventory.release(order.reservationId(), deadline);
                if (order.status() == OrderStatus.DECLINED) {
                    orders.pause(order.id(), token, OrderStatus.DECLINED, RecoveryPoint.FINISHED);
                } else {
                    refundCaptured(order, deadline);
                    close(order, token);
                }
            }
            case STOCK_RELEASED -> {
                refundCaptured(order, deadline);
                close(order, token);
            }
            case FINISHED -> orders.pause(order.id(), token, order.status(), RecoveryPoint.FINISHED);
        }
    }

    private void confirm(Checkout order, UUID token, Deadline deadline) throws SQLException {
        var current = orders.checkout(null, order.id()).orElseThrow();
        var result = stock.commit(current, current.reservationId(), token, deadline);
        switch (result.outcome()) {
            case COMMITTED -> {
                if (order.responseStatus() != null) {
                    orders.pause(order.id(), token, OrderStatus.CONFIRMED, RecoveryPoint.FINISHED);
                } else {
                    orders.advance(order.id(), token, OrderStatus.CONFIRMED, RecoveryPoint.FINISHED, null, null, null);
                    orders.finish(
                            order.id(),
                            token,
                            OrderStatus.CONFIRMED,
                            RecoveryPoint.FINISHED,
                            null,
                            201,
                            answers.orderJson(order.id()));
                }
            }
            case COMMIT_UNANSWERED, RESERVE_UNANSWERED ->
                throw new IllegalStateException("inventory did not answer the commit of order " + order.id());
            case SOLD_OUT -> {
                LOG.warnf("Order %s: paid, stock gone and none left; refunding and closing FAILED", order.id());
                refundCaptured(order, deadline);
                close(order, token);
            }
        }
    }

    private boolean held(Checkout order, Deadline deadline) {
        var status = inventory.status(order.reservationId(), deadline);
        return status.equals("HELD") || status.equals("COMMITTED");
    }

    /** Closed for good: the key now answers 200 with the FAILED order, so a new checkout takes a new key. */
    private void close(Checkout order, UUID token) throws SQLException {
        orders.advance(order.id(), token, OrderStatus.FAILED, RecoveryPoint.FINISHED, null, null, null);
        orders.finish(
                order.id(),
                token,
                OrderStatus.FAILED,
                RecoveryPoint.FINISHED,
                null,
                200,
                answers.orderJson(order.id()));
    }

    private UUID captured(Checkout order, Deadline deadline) {
        return payment.charges(order.id(), deadline).stream()
                .filter(c -> "CAPTURED".equals(c.status()))
                .map(PaymentClient.Charge::id)
                .findFirst()
                .orElse(null);
    }

    private void refundCaptured(Checkout order, Deadline deadline) {
        payment.charges(order.id(), deadline).stream()
                .filter(c -> "CAPTURED".equals(c.status()))
                .forEach(c -> payment.refund(c.id(), deadline));
    }

    /** Inventory is idempotent per key: asking again returns the reservation if one exists, which is then released. */
    private void releaseWhateverIsHeld(Checkout order, Deadline deadline) {
        // out of stock: no reservation under this key (an existing one would have been returned, whatever the stock)
        if (inventory.reserve(order.reservationKey(), orderLines(order), deadline) instanceof Reserved.Held held) {
            inventory.release(held.reservationId(), deadline);
        }
    }

    private List<InventoryClient.Line> orderLines(Checkout order) {
        try {
            return orders.find(order.id()).orElseThrow().items().stream()
                    .map(l -> new InventoryClient.Line(l.sku(), l.quantity()))
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
