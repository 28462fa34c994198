package dev.resilientshop.productpage.product;

import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.inventory.Stock;
import dev.resilientshop.productpage.pricing.Price;
import dev.resilientshop.productpage.recommendations.Recommendations;
import java.util.List;
import java.util.Map;

/**
 * Everything the product page shows, as gathered from four calls, plus what is degraded. This
 * is also the JSON of {@code GET /api/products/{sku}}.
 *
 * @param degraded the dependencies that failed: their part is missing (price null,
 *     recommendations empty) or came from a fallback
 * @param fallbacks dependency → the fallback that served its part ({@code inventory: snapshot},
 *     {@code pricing: last-known}, {@code recommendations: cache | popular | built-in}); empty
 *     when nothing failed
 * @param snapshotAgeSeconds how old the Redis stock snapshot is, when stock came from it (else null)
 * @param priceAgeSeconds how old the last known price is, when the price came from Redis (else null)
 */
public record ProductDetails(
        Product product,
        Stock stock,
        Price price,
        Recommendations recommendations,
        List<String> degraded,
        Map<String, String> fallbacks,
        Long snapshotAgeSeconds,
        Long priceAgeSeconds) {

    public ProductDetails(
            Product product, Stock stock, Price price, Recommendations recommendations, List<String> degraded) {
        this(product, stock, price, recommendations, degraded, Map.of(), null, null);
    }

    public int available() {
        return stock != null ? stock.available() : product.available();
    }

    public boolean isDegraded(String dependency) {
        return degraded.contains(dependency);
    }

    public String fallback(String dependency) {
        return fallbacks.get(dependency);
    }
}
