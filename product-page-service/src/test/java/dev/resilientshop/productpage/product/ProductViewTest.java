package dev.resilientshop.productpage.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.inventory.InventoryClient;
import dev.resilientshop.productpage.inventory.Product;
import dev.resilientshop.productpage.recommendations.Recommendations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stock banner promises what the snapshot can keep: seed 002's "Stock counts may lag by up to
 * 2 minutes" only while the snapshot is at most 2 minutes old. The page serves a snapshot up to an
 * hour old (shop.fallback.snapshot-max-age), and during an outage nobody refreshes it, so after two
 * minutes the promise would be false; the banner then says how old the counts are instead.
 */
class ProductViewTest {

    private static ProductDetails fromSnapshot(long ageSeconds) {
        var product = new Product("AUD-0001", "Headphones", "d", "audio", "Audio", "/img/AUD-0001.svg", 7, "snapshot");
        return new ProductDetails(
                product,
                null,
                null,
                new Recommendations("AUD-0001", null, null, List.of()),
                List.of("inventory"),
                Map.of("inventory", InventoryClient.SNAPSHOT),
                ageSeconds,
                null);
    }

    @Test
    void aSnapshotAtMostTwoMinutesOldGetsSeed002sBanner() {
        assertThat(ProductView.of(fromSnapshot(12), null).stockBanner())
                .isEqualTo("Stock counts may lag by up to 2 minutes");
        assertThat(ProductView.of(fromSnapshot(120), null).stockBanner())
                .isEqualTo("Stock counts may lag by up to 2 minutes");
    }

    @Test
    void anOlderSnapshotNeverClaimsTwoMinutes() {
        var view = ProductView.of(fromSnapshot(14 * 60), null);
        assertThat(view.stockBanner()).doesNotContain("2 minutes").isEqualTo("Stock counts may be out of date");
        assertThat(view.snapshotAgeText()).isEqualTo("snapshot taken 14 min ago");
    }
}
