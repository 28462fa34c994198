package dev.resilientshop.pricing.price;

/**
 * What a SKU costs right now. {@code priceCents} is what the customer pays: the list price less
 * the active promotion, if any ({@code promotion} is then {@code null} and the two are equal).
 */
public record Price(String sku, String currency, int listCents, int priceCents, Promotion promotion) {

    public record Promotion(int percentOff, String label) {}

    static Price of(String sku, String currency, int listCents, Promotion promotion) {
        int price = promotion == null ? listCents : Discount.apply(listCents, promotion.percentOff());
        return new Price(sku, currency, listCents, price, promotion);
    }
}
