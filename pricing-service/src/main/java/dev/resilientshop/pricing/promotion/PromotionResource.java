package dev.resilientshop.pricing.promotion;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;

/** The promotions running now, in SKU order, one per SKU (the one its price applies). */
@Path("/promotions")
@Produces(MediaType.APPLICATION_JSON)
public class PromotionResource {

    private final PromotionRepository promotions;
    private final Clock clock;

    PromotionResource(PromotionRepository promotions, Clock clock) {
        this.promotions = promotions;
        this.clock = clock;
    }

    @GET
    public List<ActivePromotion> active() {
        return promotions.active(clock.instant());
    }
}
