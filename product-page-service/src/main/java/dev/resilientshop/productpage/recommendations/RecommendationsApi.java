package dev.resilientshop.productpage.recommendations;

import dev.resilientshop.resilience.deadline.Deadline;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** recommendations-service; {@code budget} travels as {@value Deadline#HEADER} (null: no header). */
@RegisterRestClient(configKey = "recommendations")
@Path("/recommendations")
interface RecommendationsApi {

    @GET
    @Path("popular")
    Uni<Recommendations> popular(@QueryParam("limit") int limit, @HeaderParam(Deadline.HEADER) String budget);

    @GET
    @Path("{sku}")
    Uni<Recommendations> forProduct(
            @PathParam("sku") String sku,
            @QueryParam("userId") String userId,
            @QueryParam("limit") int limit,
            @HeaderParam(Deadline.HEADER) String budget);
}
