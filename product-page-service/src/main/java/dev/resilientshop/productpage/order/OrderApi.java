package dev.resilientshop.productpage.order;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resilientshop.kit.resilience.HealthSignal;
import dev.resilientshop.productpage.dependency.DependencyUnavailableException;
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
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

@RegisterRestClient(configKey = "order")
@Path("/orders")
interface OrderApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<Order>> place(
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Budget-Ms") String budgetMillis,
            OrderRequest request);

    @GET
    @Path("{id}")
    Uni<Order> get(@PathParam("id") String id, @HeaderParam("X-Request-Budget-Ms") String budgetMillis);

    /**
     * Keeps the problem body of a 4xx that is the caller's fault (the decline reason, the SKU out
     * of stock); a 5xx, 408 or 429 is just "unavailable" (shop-kit's {@code HealthSignal}).
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (!HealthSignal.isCallersFault(status)) {
            return new DependencyUnavailableException("order", status, "HTTP " + status, null);
        }
        Map<String, Object> problem;
        try {
            problem = new ObjectMapper()
                    .readValue(response.readEntity(String.class), new TypeReference<Map<String, Object>>() {});
        } catch (Exception e) {
            problem = Map.of("detail", "HTTP " + status);
        }
        return new OrderRejectedException(status, problem);
    }
}
