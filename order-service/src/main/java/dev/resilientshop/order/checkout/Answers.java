package dev.resilientshop.order.checkout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the bodies of checkout answers, the same way for the gate, the saga and {@link Recovery}:
 * a stored answer must be byte for byte what its first request got, so there is one place that
 * renders an order or a problem.
 */
@ApplicationScoped
class Answers {

    private final OrderRepository orders;
    private final ObjectMapper json;

    Answers(OrderRepository orders, ObjectMapper json) {
        this.orders = orders;
        this.json = json;
    }

    /** The order as the API shows it. */
    String orderJson(UUID id) throws SQLException {
        try {
            return json.writeValueAsString(orders.find(id).orElseThrow());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A problem answer (application/problem+json) for POST /orders. */
    String problemJson(ApiException problem) {
        try {
            return json.writeValueAsString(problem.toProblem("/orders"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply problem(ApiException problem, UUID orderId, long retryAfterSeconds) {
        return new Reply(problem.status(), problemJson(problem), orderId, false, retryAfterSeconds);
    }

    /** 503 "try again": never stored, so the same key goes on from where this attempt stopped. */
    Reply unavailable(String detail, UUID orderId, long retryAfterSeconds) {
        var problem = new ApiException(
                503,
                "Service unavailable",
                detail + " (the same Idempotency-Key continues this checkout; nothing is charged twice)",
                orderId == null ? Map.of() : Map.of("orderId", orderId.toString()));
        return problem(problem, orderId, retryAfterSeconds);
    }

    /** 409 + Retry-After: another attempt holds the key; its body names no order. */
    Reply inFlight(UUID orderId, long lockLeftMs) {
        var problem = new ApiException(
                409,
                "Request in flight",
                "A request with this Idempotency-Key is still being processed; try again shortly");
        return problem(problem, orderId, Math.max(1, (lockLeftMs + 999) / 1000));
    }
}
