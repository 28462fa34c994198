package dev.resilientshop.recommendations.recommendation;

import dev.resilientshop.recommendations.web.QueryParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Recommendations for one product page, personalised when the page knows the user. */
@Path("/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationResource {

    static final int DEFAULT_LIMIT = 6;
    static final int MAX_LIMIT = 20;

    private final Recommender recommender;
    private final LastAnswers lastAnswers;

    RecommendationResource(Recommender recommender, LastAnswers lastAnswers) {
        this.recommender = recommender;
        this.lastAnswers = lastAnswers;
    }

    @GET
    @Path("{sku}")
    public RecommendationAnswer forProduct(
            @PathParam("sku") String sku, @QueryParam("userId") String userId, @QueryParam("limit") String limit) {
        int n = QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        var user = QueryParams.userId(userId);
        var answer = recommender.recommend(QueryParams.sku(sku), user, n);
        if (user != null) {
            lastAnswers.remember(user, answer);
        }
        return answer;
    }
}
