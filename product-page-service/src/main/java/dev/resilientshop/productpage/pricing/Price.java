package dev.resilientshop.productpage.pricing;

/** pricing-service's price of one SKU; {@code promotion} is null when none is active. */
public record Price(String sku, String currency, int listCents, int priceCents, Promotion promotion) {

    public record Promotion(int percentOff, String label) {}
}
