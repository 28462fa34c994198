package dev.resilientshop.recommendations.recommendation;

import dev.resilientshop.kit.problem.ApiException;
import dev.resilientshop.recommendations.item.Item;
import dev.resilientshop.recommendations.item.ItemRepository;
import dev.resilientshop.recommendations.item.Recommendation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * "Customers who bought this also bought": the product's co-purchases, blended for a known user
 * with the co-purchases of what they bought before, never suggesting what they already own or
 * the product itself. Thin co-purchase data is topped up with the category's popular items (then
 * the shop's), so the page always gets {@code limit} items to lay out.
 */
@ApplicationScoped
class Recommender {

    /** A user's history counts half as much as the product in front of them. */
    static final double HISTORY_WEIGHT = 0.5;

    static final double FILL_SCORE = 0.0;

    private final ItemRepository items;
    private final PurchaseRepository purchases;

    Recommender(ItemRepository items, PurchaseRepository purchases) {
        this.items = items;
        this.purchases = purchases;
    }

    RecommendationAnswer recommend(String sku, String userId, int limit) {
        Item item = items.find(sku).orElseThrow(() -> ApiException.notFound("Sku", sku));
        List<String> history = userId == null ? List.of() : purchases.boughtBy(userId);

        var result = new ArrayList<>(purchases.boughtTogether(sku, history, HISTORY_WEIGHT, limit));
        if (result.size() < limit) {
            var excluded = new HashSet<>(history);
            excluded.add(sku);
            result.forEach(r -> excluded.add(r.sku()));
            fill(result, items.popularIn(item.category(), excluded, limit - result.size()), excluded);
            if (result.size() < limit) {
                fill(result, items.popularExcept(excluded, limit - result.size()), excluded);
            }
        }
        return new RecommendationAnswer(
                sku, userId, RecommendationAnswer.SOURCE, !history.isEmpty(), List.copyOf(result));
    }

    private static void fill(List<Recommendation> result, List<Item> popular, Set<String> excluded) {
        for (var p : popular) {
            result.add(p.withScore(FILL_SCORE));
            excluded.add(p.sku());
        }
    }
}
