package dev.resilientshop.productpage.catalog;

import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.inventory.ProductListing;
import dev.resilientshop.productpage.inventory.StockSnapshot;
import dev.resilientshop.productpage.page.Age;
import dev.resilientshop.productpage.page.Money;
import dev.resilientshop.productpage.pricing.Price;
import dev.resilientshop.productpage.pricing.PriceList;
import io.quarkus.qute.TemplateData;
import java.util.HashMap;
import java.util.List;

/**
 * A page of product cards with its pager, ready for the listing template. {@code stockBanner} and
 * {@code snapshotAgeText} are set when the cards come from the Redis stock snapshot (inventory
 * failing), as on the product page; null otherwise.
 */
@TemplateData
record Listing(
        List<ProductCard> cards,
        int total,
        int page,
        int pages,
        boolean pricesUnavailable,
        String baseUrl,
        String stockBanner,
        String snapshotAgeText) {

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    public String pageUrl(int n) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "page=" + n;
    }

    public String previousUrl() {
        return pageUrl(page - 1);
    }

    public String nextUrl() {
        return pageUrl(page + 1);
    }

    /** {@code snapshotAgeSeconds}: null when inventory answered, the snapshot's age (if known) otherwise. */
    static Listing of(
            ProductListing listing,
            PriceList prices,
            int pageSize,
            String baseUrl,
            boolean fromSnapshot,
            Long snapshotAgeSeconds) {
        var bySku = new HashMap<String, Price>();
        if (prices != null) {
            prices.items().forEach(p -> bySku.put(p.sku(), p));
        }
        var cards =
                listing.items().stream().map(p -> card(p, bySku.get(p.sku()))).toList();
        int pages = Math.max(1, (listing.total() + pageSize - 1) / pageSize);
        return new Listing(
                cards,
                listing.total(),
                listing.page() + 1,
                pages,
                prices == null,
                baseUrl,
                fromSnapshot ? StockSnapshot.banner(snapshotAgeSeconds) : null,
                fromSnapshot && snapshotAgeSeconds != null
                        ? "snapshot taken " + Age.of(snapshotAgeSeconds) + " ago"
                        : null);
    }

    private static ProductCard card(Product p, Price price) {
        boolean promoted = price != null && price.promotion() != null && price.listCents() > price.priceCents();
        String stockText =
                p.available() <= 0 ? "Sold out" : p.available() <= 5 ? "Only " + p.available() + " left" : null;
        String level = p.available() <= 0 ? "out" : p.available() <= 5 ? "low" : "in";
        return new ProductCard(
                p.sku(),
                p.name(),
                p.categoryName(),
                "/img/" + p.sku() + ".svg",
                price == null ? null : Money.format(price.priceCents(), price.currency()),
                promoted ? Money.format(price.listCents(), price.currency()) : null,
                promoted ? price.promotion().label() : null,
                stockText,
                level);
    }
}
