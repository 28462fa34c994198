package dev.resilientshop.order.payment;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * payment-service's charges, as order-service uses them ({@code quarkus.rest-client.payment.url});
 * built by {@code outbound/RestClients}, which adds the service credential. A charge carries its
 * {@code Idempotency-Key}; {@code budget} travels as {@value Deadline#HEADER} (null: no header).
 */
@RegisterRestClient(configKey = "payment")
@Path("/charges")
public interface PaymentApi {

    record ChargeRequest(UUID orderId, long amountCents, String currency, String email, PaymentClient.Card card) {}

    /** A charge as payment reports it; only what order-service reads. */
    record Charge(UUID id, String status, Long amountCents) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Charge> charge(
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            ChargeRequest request,
            @HeaderParam(Deadline.HEADER) String budget);

    @GET
    Uni<List<Charge>> charges(@QueryParam("orderId") UUID orderId, @HeaderParam(Deadline.HEADER) String budget);

    @POST
    @Path("{id}/refund")
    Uni<Charge> refund(@PathParam("id") UUID chargeId, @HeaderParam(Deadline.HEADER) String budget);

    @ClientExceptionMapper
    static RuntimeException toException(Response answer) {
        return ProblemAnswers.of("payment", answer);
    }
}
