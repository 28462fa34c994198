package dev.resilientshop.productpage.inventory;

import java.util.List;

/** One page of inventory's {@code GET /products}. */
public record ProductListing(List<Product> items, int total, int page, int size, String servedBy) {

    /** How many products the shop asks for a page: the HTML listings and the JSON API alike. */
    public static final int PAGE_SIZE = 24;

    public ProductListing {
        items = items == null ? List.of() : items;
    }
}
