package dev.resilientshop.productpage.inventory;

public record Stock(String sku, int available, String servedBy) {}
