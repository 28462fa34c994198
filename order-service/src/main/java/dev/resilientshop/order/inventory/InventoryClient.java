package dev.resilientshop.order.inventory;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one way order-service reaches inventory's reservations. Every call is idempotent at
 * inventory: {@code POST /reservations} is keyed by the reservation key the order derives
 * ({@code <orderId>}, then {@code <orderId>-2}, ... after a release), release and commit by the
 * reservation id, so the pipeline may retry them and a resumed saga may repeat them. A 409 on
 * reserve is a business answer ({@link OutOfStockException}). A 4xx to commit or release is a
 * definite answer too, never an outage: a commit of a reservation that is no longer HELD is
 * {@link ReservationGoneException}; a release of one that is gone (404) or already RELEASED is done;
 * a release refused because the reservation is COMMITTED is an {@link IllegalStateException} (the
 * saga never does that: a person must look). Only 5xx, timeouts and an open breaker are
 * {@link InventoryUnavailableException}: the outcome is then unknown.
 */
@ApplicationScoped
public class InventoryClient {

    public record Line(String sku, int quantity) {
    }

    private final Outbound outbound;
    private final ObjectMapper json;

    InventoryClient(Outbound outbound, ObjectMapper json) {
        this.outbound = outbound;
        this.json = json;
    }

    /** Holds the stock under {@code reservationKey}; returns the reservation id (the same one for a repeat). */
    public UUID reserve(String reservationKey, List<Line> lines, Deadline deadline) {
        try {
            var body = json.writeValueAsString(Map.of("orderId", reservationKey, "items", lines));
            return idOf(guarded(() -> outbound.post("inventory", "/reservations", body, null, deadline)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (DownstreamException e) {
            if (e.status() == 409) {
                throw outOfStock(e);
            }
            throw new InventoryUnavailableException("inventory answered " + e.status(), e);
        }
    }

    /** Gives the stock back (the compensation of {@link #reserve}); a reservation that is gone needs no release. */
    public void release(UUID reservationId, Deadline deadline) {
        try {
            transition(reservationId, "release", deadline);
        } catch (ReservationGoneException nothingHeld) {
            // 404: nothing to give back
        }
    }

    /** Makes the hold final once the order is paid; {@link ReservationGoneException} if it is no longer HELD. */
    public void commit(UUID reservationId, Deadline deadline) {
        transition(reservationId, "commit", deadline);
    }

    /** The reservation's status as inventory sees it now: HELD, COMMITTED, RELEASED, or MISSING (404). */
    public String status(UUID reservationId, Deadline deadline) {
        try {
            var reply = guarded(() -> outbound.get("inventory", "/reservations/" + reservationId, deadline));
            var status = json.readTree(reply.body()).path("status").asText("");
            if (status.isEmpty()) {
                throw new InventoryUnavailableException("inventory answered a reservation without a status", null);
            }
            return status;
        } catch (JsonProcessingException e) {
            throw new InventoryUnavailableException("inventory answered an unreadable reservation", e);
        } catch (DownstreamException e) {
            if (e.status() == 404) {
                return "MISSING";
            }
            throw new InventoryUnavailableException("inventory answered " + e.status() + " to a status read", e);
        }
    }

    private void transition(UUID reservationId, String action, Deadline deadline) {
        try {
            guarded(() -> outbound.post("inventory", "/reservations/" + reservationId + "/" + action, null, null, deadline));
        } catch (DownstreamException e) {
            if (e.status() == 404) {
                throw new ReservationGoneException("reservation " + reservationId + " does not exist");
            }
            if (e.status() == 409 && action.equals("commit")) {
                throw new ReservationGoneException("reservation " + reservationId + " is no longer held: " + e.body());
            }
            if (e.status() == 409) {
                throw new IllegalStateException("reservation " + reservationId + " cannot be released: " + e.body());
            }
            throw new InventoryUnavailableException("inventory answered " + e.status() + " to " + action, e);
        }
    }

    private static Outbound.Reply guarded(Supplier<Outbound.Reply> call) {
        try {
            return call.get();
        } catch (DownstreamException e) {
            if (e.transientFailure()) {
                throw new InventoryUnavailableException(e.getMessage(), e);
            }
            throw e;
        } catch (DeadlineExceededException | CallNotPermittedException | BulkheadFullException e) {
            throw new InventoryUnavailableException("inventory unavailable: " + e.getMessage(), e);
        }
    }

    private UUID idOf(Outbound.Reply reply) {
        try {
            var id = json.readTree(reply.body()).path("id").asText(null);
            if (id == null) {
                throw new InventoryUnavailableException("inventory answered without a reservation id", null);
            }
            return UUID.fromString(id);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InventoryUnavailableException("inventory answered an unreadable reservation", e);
        }
    }

    private OutOfStockException outOfStock(DownstreamException e) {
        try {
            JsonNode problem = json.readTree(e.body());
            var available = problem.path("available");
            return new OutOfStockException(problem.path("sku").asText(null), available.isNumber() ? available.asInt() : null);
        } catch (Exception unreadable) {
            return new OutOfStockException(null, null);
        }
    }
}
