package dev.resilientshop.pricing.promotion;

/** A promotion running right now, as listed by {@code GET /promotions}. */
record ActivePromotion(String sku, int percentOff, String label) {}
