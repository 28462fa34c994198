package dev.resilientshop.productpage.catalog;

import io.quarkus.qute.TemplateData;

/** One tile in a listing: what the grid shows; price fields are null when pricing did not answer. */
@TemplateData
record ProductCard(
        String sku,
        String name,
        String categoryName,
        String imageUrl,
        String priceText,
        String listPriceText,
        String promotionLabel,
        String stockText,
        String stockLevel) {}
