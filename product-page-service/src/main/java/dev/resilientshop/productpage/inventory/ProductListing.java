package dev.resilientshop.productpage.inventory;

import java.util.List;

/** One page of inventory's {@code GET /products}. */
public record ProductListing(List<Product> items, int total, int page, int size, String servedBy) {

    public ProductListing {
        items = items == null ? List.of() : items;
    }
}
