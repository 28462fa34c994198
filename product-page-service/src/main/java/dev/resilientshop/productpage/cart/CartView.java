package dev.resilientshop.productpage.cart;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * The cart with names and prices filled in. {@code pricesUnavailable}/{@code namesUnavailable}
 * say a dependency did not answer; the cart still shows (it lives in a cookie) but cannot be
 * checked out without prices. Also the JSON of {@code GET /api/cart}.
 */
@TemplateData
public record CartView(
        List<Line> lines,
        int itemCount,
        Long subtotalCents,
        String subtotalText,
        boolean pricesUnavailable,
        boolean namesUnavailable,
        List<String> degraded) {

    @TemplateData
    public record Line(
            String sku,
            String name,
            String imageUrl,
            int quantity,
            Integer unitPriceCents,
            String unitPriceText,
            Long lineTotalCents,
            String lineTotalText,
            boolean unknown) {}

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public boolean canCheckout() {
        return !lines.isEmpty()
                && !pricesUnavailable
                && lines.stream().noneMatch(l -> l.unknown() || l.unitPriceCents() == null);
    }
}
