package dev.resilientshop.order.pricing;

import dev.resilientshop.kit.client.ProblemAnswers;
import dev.resilientshop.resilience.deadline.Deadline;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * pricing-service, as order-service reads it ({@code quarkus.rest-client.pricing.url}); built by
 * {@code outbound/RestClients}. {@code budget} travels as {@value Deadline#HEADER} (null: no header).
 */
@RegisterRestClient(configKey = "pricing")
@Path("/prices")
public interface PricingApi {

    record PriceList(List<Price> items) {}

    /** The prices of the comma-separated SKUs; unknown SKUs are absent. */
    @GET
    Uni<PriceList> prices(@QueryParam("skus") String skus, @HeaderParam(Deadline.HEADER) String budget);

    @ClientExceptionMapper
    static RuntimeException toException(Response answer) {
        return ProblemAnswers.of("pricing", answer);
    }
}
