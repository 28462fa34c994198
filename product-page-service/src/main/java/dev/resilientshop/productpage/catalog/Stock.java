package dev.resilientshop.productpage.catalog;

public record Stock(String sku, int available, String servedBy) {
}
