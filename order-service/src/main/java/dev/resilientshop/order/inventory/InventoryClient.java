package dev.resilientshop.order.inventory;

import dev.resilientshop.kit.client.DownstreamException;
import dev.resilientshop.order.outbound.Outbound;
import dev.resilientshop.resilience.bulkhead.BulkheadFullException;
import dev.resilientshop.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilientshop.resilience.deadline.Deadline;
import dev.resilientshop.resilience.deadline.DeadlineExceededException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way order-service reaches inventory's reservations ({@link InventoryApi}). Every call is
 * idempotent at inventory: {@code POST /reservations} is keyed by the reservation key the order
 * derives ({@code <orderId>}, then {@code <orderId>-2}, ... after a release), release and commit by
 * the reservation id, so the pipeline may retry them and a resumed saga may repeat them. What
 * inventory answers is returned as a value: a 409 on reserve is {@link Reserved.OutOfStock}, and a
 * commit of a reservation that is no longer HELD (409, or 404) is {@link Committed.Gone}. A 4xx to
 * a release is a definite answer too, never an outage: a release of one that is gone (404) or
 * already RELEASED is done; a release refused because the reservation is COMMITTED is an
 * {@link IllegalStateException} (the saga never does that: a person must look). Only 5xx, timeouts
 * and an open breaker are thrown as {@link InventoryUnavailableException}: the outcome is then unknown.
 */
@ApplicationScoped
public class InventoryClient {

    public record Line(String sku, int quantity) {}

    private final Outbound outbound;
    private final InventoryApi api;

    InventoryClient(Outbound outbound, InventoryApi api) {
        this.outbound = outbound;
        this.api = api;
    }

    /**
     * Holds the stock under {@code reservationKey}: {@link Reserved.Held} with the reservation id (the
     * same one for a repeat), or {@link Reserved.OutOfStock} with the sku inventory is short of.
     */
    public Reserved reserve(String reservationKey, List<Line> lines, Deadline deadline) {
        var request = new InventoryApi.ReserveRequest(reservationKey, lines);
        try {
            var reservation = guarded(deadline, budget -> api.reserve(request, budget));
            if (reservation == null || reservation.id() == null) {
                throw new InventoryUnavailableException("inventory answered without a reservation id", null);
            }
            return new Reserved.Held(reservation.id());
        } catch (DownstreamException e) {
            if (e.status() == 409) {
                return new Reserved.OutOfStock(e.member("sku"), e.intMember("available"));
            }
            throw new InventoryUnavailableException("inventory answered " + e.status(), e);
        }
    }

    /** Gives the stock back (the compensation of {@link #reserve}); a reservation that is gone needs no release. */
    public void release(UUID reservationId, Deadline deadline) {
        try {
            guarded(deadline, budget -> api.release(reservationId, budget));
        } catch (DownstreamException e) {
            if (e.status() == 404) {
                return; // nothing to give back
            }
            if (e.status() == 409) {
                throw new IllegalStateException("reservation " + reservationId + " cannot be released: " + e.detail());
            }
            throw new InventoryUnavailableException("inventory answered " + e.status() + " to release", e);
        }
    }

    /** Makes the hold final once the order is paid: {@link Committed.Done}, or {@link Committed.Gone} if it is no longer HELD. */
    public Committed commit(UUID reservationId, Deadline deadline) {
        try {
            guarded(deadline, budget -> api.commit(reservationId, budget));
            return new Committed.Done();
        } catch (DownstreamException e) {
            if (e.status() == 404) {
                return new Committed.Gone("reservation " + reservationId + " does not exist");
            }
            if (e.status() == 409) {
                return new Committed.Gone("reservation " + reservationId + " is no longer held: " + e.detail());
            }
            throw new InventoryUnavailableException("inventory answered " + e.status() + " to commit", e);
        }
    }

    /** The reservation's status as inventory sees it now: HELD, COMMITTED, RELEASED, or MISSING (404). */
    public String status(UUID reservationId, Deadline deadline) {
        try {
            var reservation = guarded(deadline, budget -> api.get(reservationId, budget));
            if (reservation == null
                    || reservation.status() == null
                    || reservation.status().isEmpty()) {
                throw new InventoryUnavailableException("inventory answered a reservation without a status", null);
            }
            return reservation.status();
        } catch (DownstreamException e) {
            if (e.status() == 404) {
                return "MISSING";
            }
            throw new InventoryUnavailableException("inventory answered " + e.status() + " to a status read", e);
        }
    }

    /** The call through the pipeline; a definite 4xx answer comes out as it is, anything else as "unavailable". */
    private InventoryApi.Reservation guarded(Deadline deadline, Function<String, Uni<InventoryApi.Reservation>> call) {
        try {
            return outbound.call("inventory", deadline, call);
        } catch (DownstreamException e) {
            if (e.transientFailure()) {
                throw new InventoryUnavailableException(e.getMessage(), e);
            }
            throw e;
        } catch (DeadlineExceededException | CallNotPermittedException | BulkheadFullException e) {
            throw new InventoryUnavailableException("inventory unavailable: " + e.getMessage(), e);
        }
    }
}
