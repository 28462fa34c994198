package dev.resilientshop.recommendations.item;

/** A product as recommendations knows it. */
public record Item(String sku, String name, String category, int popularity) {

    public Recommendation withScore(double score) {
        return new Recommendation(sku, name, category, score);
    }
}
