package dev.resilientshop.productpage.product;

import dev.resilientshop.kit.catalog.Category;
import dev.resilientshop.productpage.cart.Cart;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** {@code /img/{sku}.svg}: generated product pictures, cacheable for a day, no dependency involved. */
@Path("/img")
class ProductImageResource {

    static final String SVG = "image/svg+xml";
    private static final String VERSION = "v1";

    @GET
    @Path("{sku}.svg")
    public Response image(@PathParam("sku") String sku, Request request) {
        if (!Cart.isValidSku(sku)) {
            return Response.status(404)
                    .type(dev.resilientshop.kit.problem.Problem.MEDIA_TYPE)
                    .entity(dev.resilientshop.kit.problem.Problem.of(404, "Not found", "No such product image", "/img"))
                    .build();
        }
        var etag = new EntityTag(sku + "-" + VERSION);
        var cache = new CacheControl();
        cache.setMaxAge(86_400);
        var notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cache).build();
        }
        return Response.ok(ProductImage.svg(sku, Category.bySku(sku)), SVG)
                .tag(etag)
                .cacheControl(cache)
                .build();
    }
}
