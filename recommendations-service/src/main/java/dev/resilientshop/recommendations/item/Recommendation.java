package dev.resilientshop.recommendations.item;

/**
 * One recommended product. The name is kept here so the product page can show it without an
 * extra inventory call. {@code score} ranks items within one answer: weighted co-purchase counts
 * for "bought together", 0 for popular fill-ins, orders per month for popular items.
 */
public record Recommendation(String sku, String name, String category, double score) {}
