package dev.resilientshop.order.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.order.outbound.DownstreamException;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one way order-service charges a customer. The charge carries the Idempotency-Key
 * {@code charge-<orderId>}, so however often it is repeated (a pipeline retry after a timeout, a
 * resumed saga after a crash) one order is charged at most once: payment answers a repeat with the
 * charge it already made. That key is also what makes the retry in the payment pipeline legal.
 * Bounded by seed 003's payment timeout (3 s per attempt, less if the request's budget is shorter).
 * A 402 is a business answer ({@link PaymentDeclinedException}); anything else that is not a
 * capture is {@link PaymentUnavailableException} (the charge's outcome is then unknown).
 */
@ApplicationScoped
public class PaymentClient {

    public record Card(String number, String holder, String expiry, String cvc) {
    }

    /** A charge as payment reports it. */
    public record Charge(UUID id, String status, long amountCents) {
    }

    private final Outbound outbound;
    private final ObjectMapper json;

    PaymentClient(Outbound outbound, ObjectMapper json) {
        this.outbound = outbound;
        this.json = json;
    }

    /** The key under which an order's charge is made: stable, so a repeat can never charge twice. */
    public static String idempotencyKey(UUID orderId) {
        return "charge-" + orderId;
    }

    /** Captures the amount; returns the charge id. */
    public UUID charge(UUID orderId, long amountCents, String currency, String email, Card card, Deadline deadline) {
        var body = new LinkedHashMap<String, Object>();
        body.put("orderId", orderId.toString());
        body.put("amountCents", amountCents);
        body.put("currency", currency);
        body.put("email", email);
        body.put("card", card);
        JsonNode charge;
        try {
            var text = json.writeValueAsString(body);
            charge = json.readTree(guarded(() -> outbound.post("payment", "/charges", text, idempotencyKey(orderId), deadline)).body());
        } catch (JsonProcessingException e) {
            throw new PaymentUnavailableException("payment answered unreadable JSON", e);
        } catch (DownstreamException e) {
            if (e.status() == 402) {
                throw new PaymentDeclinedException(member(e.body(), "reason", "declined"));
            }
            throw new PaymentUnavailableException("payment answered " + e.status(), e);
        }
        if (!"CAPTURED".equals(charge.path("status").asText()) || charge.path("id").isMissingNode()) {
            throw new PaymentUnavailableException("payment answered without a captured charge", null);
        }
        return UUID.fromString(charge.path("id").asText());
    }

    /** Every charge payment holds for the order (to find out what an unanswered charge did). */
    public List<Charge> charges(UUID orderId, Deadline deadline) {
        try {
            var list = json.readTree(guarded(() -> outbound.get("payment", "/charges?orderId=" + orderId, deadline)).body());
            var charges = new ArrayList<Charge>();
            list.forEach(c -> charges.add(new Charge(UUID.fromString(c.path("id").asText()), c.path("status").asText(),
                    c.path("amountCents").asLong())));
            return charges;
        } catch (JsonProcessingException | DownstreamException e) {
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
            guarded(() -> outbound.post("payment", "/charges/" + chargeId + "/refund", null, null, deadline));
        } catch (DownstreamException e) {
            throw new PaymentUnavailableException("payment answered " + e.status() + " to a refund", e);
        }
    }

    private static Outbound.Reply guarded(Supplier<Outbound.Reply> call) {
        try {
            return call.get();
        } catch (DownstreamException e) {
            if (e.transientFailure()) {
                throw new PaymentUnavailableException(e.getMessage() + detail(e), e);
            }
            throw e;
        } catch (DeadlineExceededException | CallNotPermittedException | BulkheadFullException e) {
            throw new PaymentUnavailableException("payment unavailable: " + e.getMessage(), e);
        }
    }

    private static String detail(DownstreamException e) {
        return e.body() == null ? "" : " (" + e.body().replaceAll("\\s+", " ").substring(0, Math.min(200, e.body().length())) + ")";
    }

    private String member(String body, String name, String otherwise) {
        try {
            return json.readTree(body).path(name).asText(otherwise);
        } catch (Exception unreadable) {
            return otherwise;
        }
    }
}
