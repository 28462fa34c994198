package dev.resilientshop.productpage;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.SeedProduct;
import java.util.function.Predicate;

/** Seed products with the properties a test needs, found rather than hard-coded. */
public final class Seeds {

    private Seeds() {}

    public static SeedProduct find(Predicate<SeedProduct> p) {
        return CatalogSeed.products().stream().filter(p).findFirst().orElseThrow();
    }

    public static SeedProduct plain() {
        return find(p -> p.promotionPercent() == 0 && p.stock() > 10);
    }

    public static SeedProduct promoted() {
        return find(p -> p.promotionPercent() > 0 && p.stock() > 10);
    }

    public static SeedProduct soldOut() {
        return find(p -> p.stock() == 0);
    }

    public static SeedProduct lowStock() {
        return find(p -> p.stock() > 0 && p.stock() <= 3);
    }
}
