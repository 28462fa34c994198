package dev.resilientshop.inventory.catalog;

/** A catalog entry with its current stock, as the API returns it. */
public record Product(
        String sku,
        String name,
        String description,
        String category,
        String categoryName,
        String imageUrl,
        int available,
        String servedBy) {}
