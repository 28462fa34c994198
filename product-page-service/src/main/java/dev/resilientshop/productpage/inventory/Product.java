package dev.resilientshop.productpage.inventory;

import io.quarkus.qute.TemplateData;

/** Inventory's product, as documented in docs/api.md. */
@TemplateData
public record Product(
        String sku,
        String name,
        String description,
        String category,
        String categoryName,
        String imageUrl,
        int available,
        String servedBy) {}
