package dev.resilientshop.order.payment;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way order-service charges a customer ({@link PaymentApi}). The charge carries the
 * Idempotency-Key {@code charge-<orderId>}, so however often it is repeated (a pipeline retry after
 * a timeout, a resumed saga after a crash) one order is charged at most once: payment answers a
 * repeat with the charge it already made. That key is also what makes the retry in the payment
 * pipeline legal. Bounded by seed 003's payment timeout (3 s per attempt, less if the request's
 * budget is shorter). A charge returns payment's answer as a value ({@link Charged}): captured, or
 * declined (402) with payment's reason. Anything else that is not a capture is thrown as
 * {@link PaymentUnavailableException}: the charge's outcome is then unknown.
 */
@ApplicationScoped
public class PaymentClient {

    public record Card(String number, String holder, String expiry, String cvc) {}

    /** A charge as payment reports it. */
    public record Charge(UUID id, String status, long amountCents) {}

    private final Outbound outbound;
    private final PaymentApi api;

    PaymentClient(Outbound outbound, PaymentApi api) {
        this.outbound = outbound;
        this.api = api;
    }

    /** The key under which an order's charge is made: stable, so a repeat can never charge twice. */
    public static String idempotencyKey(UUID orderId) {
        return "charge-" + orderId;
    }

    /** Captures the amount: {@link Charged.Captured} with the charge id, or {@link Charged.Declined} with payment's reason. */
    public Charged charge(UUID orderId, long amountCents, String currency, String email, Card card, Deadline deadline) {
        var request = new PaymentApi.ChargeRequest(orderId, amountCents, currency, email, card);
        PaymentApi.Charge charge;
        try {
            charge = guarded(deadline, budget -> api.charge(idempotencyKey(orderId), request, budget));
        } catch (DownstreamException e) {
            if (e.status() == 402) {
                var reason = e.member("reason");
                return new Charged.Declined(reason == null ? "declined" : reason);
            }
            throw new PaymentUnavailableException("payment answered " + e.status(), e);
        }
        if (charge == null || !"CAPTURED".equals(charge.status()) || charge.id() == null) {
            throw new PaymentUnavailableException("payment answered without a captured charge", null);
        }
        return new Charged.Captured(charge.id());
    }

    /** Every charge payment holds for the order (to find out what an unanswered charge did). */
    public List<Charge> charges(UUID orderId, Deadline deadline) {
        try {
            var list = guarded(deadline, budget -> api.charges(orderId, budget));
            var charges = new ArrayList<Charge>();
            if (list != null) {
                list.forEach(c ->
                        charges.add(new Charge(c.id(), c.status(), c.amountCents() == null ? 0 : c.amountCents())));
            }
            return charges;
        } catch (DownstreamException e) {
            throw new PaymentUnavailableException("payment could not list the order's charges: " + e.getMessage(), e);
        }
    }

    /** Whether payment's breaker is open: a checkout then stops before taking stock it could not pay for. */
    public boolean unavailableNow() {
        return outbound.breakerOpen("payment");
    }

    /** Gives the money back (idempotent at payment). */
    public void refund(UUID chargeId, Deadline deadline) {
        try {
            guarded(deadline, budget -> api.refund(chargeId, budget));
        } catch (DownstreamException e) {
            throw new PaymentUnavailableException("payment answered " + e.status() + " to a refund", e);
        }
    }

    /** The call through the pipeline; a definite 4xx answer comes out as it is, anything else as "unavailable". */
    private <T> T guarded(Deadline deadline, Function<String, Uni<T>> call) {
        try {
            return outbound.call("payment", deadline, call);
        } catch (DownstreamException e) {
            if (e.transientFailure()) {
                throw new PaymentUnavailableException(e.getMessage(), e);
            }
            throw e;
        } catch (DeadlineExceededException | CallNotPermittedException | BulkheadFullException e) {
            throw new PaymentUnavailableException("payment unavailable: " + e.getMessage(), e);
        }
    }
}
