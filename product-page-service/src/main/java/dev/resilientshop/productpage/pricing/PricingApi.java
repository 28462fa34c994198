package dev.resilientshop.productpage.pricing;

import dev.resilientshop.resilience.deadline.Deadline;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** pricing-service; {@code budget} travels as {@value Deadline#HEADER} (null: no header). */
@RegisterRestClient(configKey = "pricing")
@Path("/prices")
interface PricingApi {

    @GET
    @Path("{sku}")
    Uni<Price> price(@PathParam("sku") String sku, @HeaderParam(Deadline.HEADER) String budget);

    @GET
    Uni<PriceList> prices(@QueryParam("skus") String skus, @HeaderParam(Deadline.HEADER) String budget);
}
