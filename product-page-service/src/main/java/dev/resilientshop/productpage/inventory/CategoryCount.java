package dev.resilientshop.productpage.inventory;

import dev.resilientshop.kit.catalog.Category;
import io.quarkus.qute.TemplateData;

/** Inventory's category with its product count (null when inventory did not answer). */
@TemplateData
public record CategoryCount(String slug, String name, Integer productCount) {

    /** The category's first product picture stands in as its tile image. */
    public String imageUrl() {
        var category = Category.bySlug(slug);
        return category == null ? null : "/img/" + category.skuPrefix() + "-0001.svg";
    }
}
