package dev.resilientshop.productpage.recommendations;

import java.util.List;

/** recommendations-service's answer, for a product (co-purchase) or the popular list. */
public record Recommendations(String sku, String userId, String source, List<Recommendation> items) {

    public Recommendations {
        items = items == null ? List.of() : items;
    }
}
