package dev.resilientshop.productpage.product;

import dev.resilientshop.productpage.cart.Cart;
import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.inventory.StockSnapshot;
import dev.resilientshop.productpage.page.Age;
import dev.resilientshop.productpage.page.Money;
import dev.resilientshop.productpage.pricing.PricingClient;
import dev.resilientshop.productpage.recommendations.Recommendation;
import dev.resilientshop.productpage.recommendations.RecommendationsClient;
import io.quarkus.qute.TemplateData;
import java.util.List;

/** The product page's template data: every decision (what to say, what to disable) made here, testable. */
@TemplateData
record ProductView(
        Product product,
        String stockText,
        String stockLevel,
        boolean soldOut,
        String priceText,
        String listPriceText,
        String promotionLabel,
        boolean priceUnavailable,
        boolean canBuy,
        int maxQuantity,
        String recommendationsHeading,
        List<Recommendation> recommendations,
        boolean recommendationsUnavailable,
        String stockBanner,
        String snapshotAgeText,
        String lastKnownPriceText,
        String recommendationsNote) {

    static final int LOW_STOCK = 5;
    public static final String POPULAR_HEADING = "Popular items";
    public static final String LAST_KNOWN_PRICE = "Last known price";

    static ProductView of(ProductDetails d, String userId) {
        int available = d.available();
        String stockText;
        String stockLevel;
        if (available <= 0) {
            stockText = "Sold out";
            stockLevel = "out";
        } else if (available <= LOW_STOCK) {
            stockText = "Only " + available + " left";
            stockLevel = "low";
        } else {
            stockText = "In stock";
            stockLevel = "in";
        }
        var price = d.price();
        boolean promoted = price != null && price.promotion() != null && price.listCents() > price.priceCents();
        String priceText = price == null ? null : Money.format(price.priceCents(), price.currency());
        String listText = promoted ? Money.format(price.listCents(), price.currency()) : null;
        String label = promoted ? price.promotion().label() : null;
        boolean canBuy = available > 0 && price != null;
        var recs = d.recommendations();
        var recsSource = d.fallback("recommendations");
        boolean fromSnapshot = InventoryClient.SNAPSHOT.equals(d.fallback("inventory"));
        boolean lastKnown = PricingClient.LAST_KNOWN.equals(d.fallback("pricing"));
        return new ProductView(
                d.product(),
                stockText,
                stockLevel,
                available <= 0,
                priceText,
                listText,
                label,
                price == null,
                canBuy,
                Math.max(1, Math.min(available, Cart.MAX_QUANTITY)),
                recsSource != null ? POPULAR_HEADING : userId != null ? "Recommended for you" : "Customers also bought",
                recs.items(),
                d.isDegraded("recommendations") && recsSource == null,
                fromSnapshot ? StockSnapshot.banner(d.snapshotAgeSeconds()) : null,
                fromSnapshot && d.snapshotAgeSeconds() != null
                        ? "snapshot taken " + Age.of(d.snapshotAgeSeconds()) + " ago"
                        : null,
                lastKnown
                        ? LAST_KNOWN_PRICE
                                + (d.priceAgeSeconds() != null && d.priceAgeSeconds() >= 0
                                        ? ", published " + Age.of(d.priceAgeSeconds()) + " ago"
                                        : "")
                        : null,
                recommendationsNote(recsSource));
    }

    private static String recommendationsNote(String source) {
        if (source == null) {
            return null;
        }
        return switch (source) {
            case RecommendationsClient.CACHE ->
                "Personal recommendations are taking a break; these are from your recent visits.";
            case RecommendationsClient.POPULAR ->
                "Personal recommendations are taking a break; these are our best-sellers.";
            default -> "Personal recommendations are taking a break; here are a few favourites.";
        };
    }
}
