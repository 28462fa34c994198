package dev.resilientshop.pricing.price;

import dev.resilientshop.kit.problem.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/** Prices for the product page (one SKU) and for the cart and the order saga (a batch). */
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PriceResource {

    private final PriceRepository prices;
    private final Clock clock;

    PriceResource(PriceRepository prices, Clock clock) {
        this.prices = prices;
        this.clock = clock;
    }

    @GET
    @Path("{sku}")
    public Price one(@PathParam("sku") String sku) {
        return prices.find(SkuQuery.single(sku), clock.instant()).orElseThrow(() -> ApiException.notFound("Sku", sku));
    }

    @GET
    public PriceList many(@QueryParam("skus") String skus) {
        return new PriceList(prices.findAll(SkuQuery.list(skus), clock.instant()));
    }
}
