package dev.resilientshop.inventory.reservation;

import dev.resilientshop.inventory.Replica;
import dev.resilientshop.kit.ops.ServiceOnly;
import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Reservations for the checkout saga (order-service): take stock for an order, then commit it
 * when the order is confirmed or release it when the charge is declined. Every call is
 * idempotent, so the order service may retry any of them after a timeout.
 */
@Path("/reservations")
@ServiceOnly // moves money/stock: only order-service, with the service credential (issue 13)
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    private final ReservationRepository reservations;
    private final Replica replica;

    ReservationResource(ReservationRepository reservations, Replica replica) {
        this.reservations = reservations;
        this.replica = replica;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reserve(ReservationRequest request) throws SQLException {
        if (request == null) {
            throw ApiException.badRequest("A JSON body with orderId and items is required");
        }
        var lines = request.validated();
        var outcome = reservations.reserve(request.orderId(), lines);
        var body = outcome.reservation().servedBy(replica.name());
        return outcome.created()
                ? Response.created(URI.create("/reservations/" + body.id()))
                        .entity(body)
                        .build()
                : Response.ok(body).build();
    }

    @GET
    @Path("{id}")
    public Reservation get(@PathParam("id") String id) throws SQLException {
        return found(id, reservations.find(parse(id)));
    }

    @POST
    @Path("{id}/release")
    public Reservation release(@PathParam("id") String id) throws SQLException {
        return found(id, reservations.release(parse(id)));
    }

    @POST
    @Path("{id}/commit")
    public Reservation commit(@PathParam("id") String id) throws SQLException {
        return found(id, reservations.commit(parse(id)));
    }

    private Reservation found(String id, Optional<Reservation> reservation) {
        return reservation
                .map(r -> r.servedBy(replica.name()))
                .orElseThrow(() -> ApiException.notFound("Reservation", id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Reservation", id);
        }
    }
}
