package dev.resilientshop.order.inventory;

import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.resilience.deadline.Deadline;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * inventory-service's reservations, as order-service uses them ({@code quarkus.rest-client.inventory.url});
 * built by {@code outbound/RestClients}, which adds the service credential.
 * {@code budget} travels as {@value Deadline#HEADER} (null: no header).
 */
@RegisterRestClient(configKey = "inventory")
@Path("/reservations")
public interface InventoryApi {

    /** What a reservation is asked for: the reservation key travels as {@code orderId}. */
    record ReserveRequest(String orderId, List<InventoryClient.Line> items) {}

    /** A reservation as inventory reports it; only what order-service reads. */
    record Reservation(UUID id, String status) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Reservation> reserve(ReserveRequest request, @HeaderParam(Deadline.HEADER) String budget);

    @GET
    @Path("{id}")
    Uni<Reservation> get(@PathParam("id") UUID id, @HeaderParam(Deadline.HEADER) String budget);

    @POST
    @Path("{id}/release")
    Uni<Reservation> release(@PathParam("id") UUID id, @HeaderParam(Deadline.HEADER) String budget);

    @POST
    @Path("{id}/commit")
    Uni<Reservation> commit(@PathParam("id") UUID id, @HeaderParam(Deadline.HEADER) String budget);

    @ClientExceptionMapper
    static RuntimeException toException(Response answer) {
        return ProblemAnswers.of("inventory", answer);
    }
}
