package dev.resilientshop.recommendations.popular;

import dev.resilientshop.recommendations.item.Recommendation;
import dev.resilientshop.recommendations.web.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The best-sellers across the shop: the home page's list and anyone's last-resort suggestions. */
@Path("/recommendations/popular")
@Produces(MediaType.APPLICATION_JSON)
public class PopularResource {

    static final int DEFAULT_LIMIT = 12;
    static final int MAX_LIMIT = 50;

    private final PopularItems popular;

    PopularResource(PopularItems popular) {
        this.popular = popular;
    }

    record PopularAnswer(String source, List<Recommendation> items) {}

    @GET
    public PopularAnswer top(@QueryParam("limit") String limit) {
        return new PopularAnswer("popular", popular.top(QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT)));
    }
}
