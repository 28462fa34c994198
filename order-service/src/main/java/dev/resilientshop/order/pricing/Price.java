package dev.resilientshop.order.pricing;

/** One SKU's current price from pricing-service; {@code priceCents} already has any promotion applied. */
public record Price(String sku, String currency, Long listCents, Long priceCents) {}
