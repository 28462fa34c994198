package dev.resilientshop.kit.catalog;

/**
 * One product of the seed catalog with every service's slice of it: inventory owns name,
 * description, category and stock; pricing owns the prices; recommendations keeps name and
 * category so it can answer without calling inventory.
 *
 * @param popularity orders per month in the seed history, used to rank "popular items"
 * @param promotionPercent 0 when the product has no promotion
 */
public record SeedProduct(
        String sku,
        String name,
        String description,
        String category,
        int stock,
        int listPriceCents,
        int promotionPercent,
        int popularity) {

    public String imagePath() {
        return "/img/" + sku + ".svg";
    }
}
