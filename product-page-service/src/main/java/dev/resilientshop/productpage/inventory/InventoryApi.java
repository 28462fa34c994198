package dev.resilientshop.productpage.inventory;

import dev.resilientshop.resilience.deadline.Deadline;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * inventory-service's read endpoints (docs/api.md), one client per replica
 * ({@link InventoryReplicas}). {@code Uni} so that cancelling a call (a timeout, a hedge that
 * lost) closes its connection instead of leaving it busy until the read timeout. {@code budget}
 * is the attempt's remaining milliseconds ({@value Deadline#HEADER}); null sends no header.
 */
@Path("/")
interface InventoryApi {

    @GET
    @Path("categories")
    Uni<List<CategoryCount>> categories(@HeaderParam(Deadline.HEADER) String budget);

    @GET
    @Path("products")
    Uni<ProductListing> products(
            @QueryParam("category") String category,
            @QueryParam("q") String q,
            @QueryParam("page") int page,
            @QueryParam("size") int size,
            @HeaderParam(Deadline.HEADER) String budget);

    /** The named products in one read (unknown SKUs left out; at most 100). */
    @GET
    @Path("products")
    Uni<ProductListing> productsBySku(@QueryParam("skus") String skus, @HeaderParam(Deadline.HEADER) String budget);

    @GET
    @Path("products/{sku}")
    Uni<Product> product(@PathParam("sku") String sku, @HeaderParam(Deadline.HEADER) String budget);

    @GET
    @Path("stock/{sku}")
    Uni<Stock> stock(@PathParam("sku") String sku, @HeaderParam(Deadline.HEADER) String budget);
}
