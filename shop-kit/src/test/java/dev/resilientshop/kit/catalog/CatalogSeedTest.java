package dev.resilientshop.kit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class CatalogSeedTest {

    @Test
    void generatesSixHundredUniqueProductsOverTwelveCategories() {
        var products = CatalogSeed.products();
        assertThat(products).hasSize(600);
        assertThat(products.stream().map(SeedProduct::sku).distinct()).hasSize(600);
        assertThat(products.stream().map(SeedProduct::category).distinct()).hasSize(12);
        assertThat(CatalogSeed.countsByCategory().values()).allMatch(n -> n == 50);
    }

    @Test
    void isTheSameShopOnEveryRun() {
        // The first product is fixed by the seed: a change here changes every screenshot and drill.
        var first = CatalogSeed.products().get(0);
        assertThat(first.sku()).isEqualTo("AUD-0001");
        assertThat(CatalogSeed.products()).isEqualTo(CatalogSeed.products());
        assertThat(PurchaseHistorySeed.coPurchases()).isEqualTo(PurchaseHistorySeed.coPurchases());
    }

    @Test
    void hasSoldOutAndLowStockProductsToShow() {
        var products = CatalogSeed.products();
        assertThat(products).anyMatch(p -> p.stock() == 0);
        assertThat(products).anyMatch(p -> p.stock() > 0 && p.stock() <= 3);
        assertThat(products).anyMatch(p -> p.promotionPercent() > 0);
        assertThat(products).allMatch(p -> p.listPriceCents() % 100 == 99);
    }

    @Test
    void coPurchasesAreSymmetricAndNeverSelfPairs() {
        var pairs = PurchaseHistorySeed.coPurchases();
        var keys = new HashSet<String>();
        pairs.forEach(p -> keys.add(p.sku() + "|" + p.otherSku() + "|" + p.count()));
        assertThat(pairs).allMatch(p -> !p.sku().equals(p.otherSku()));
        assertThat(pairs).allMatch(p -> keys.contains(p.otherSku() + "|" + p.sku() + "|" + p.count()));
        assertThat(PurchaseHistorySeed.userPurchases()).extracting(PurchaseHistorySeed.UserPurchase::userId)
                .contains("u001", "u200");
    }
}
