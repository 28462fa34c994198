package dev.resilientshop.recommendations.recommendation;

import dev.resilientshop.recommendations.item.Recommendation;
import java.util.List;

/**
 * {@code personalised} is true when the user's purchase history took part (a known user);
 * {@code userId} is echoed as given, {@code null} for an anonymous request.
 */
record RecommendationAnswer(
        String sku, String userId, String source, boolean personalised, List<Recommendation> items) {

    static final String SOURCE = "co-purchase";
}
