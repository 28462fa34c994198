package dev.resilientshop.kit.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
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
    void isTheSameShopOnEveryRun() throws Exception {
        // The first product is fixed by the seed: a change here changes every screenshot and drill.
        assertThat(CatalogSeed.products().get(0).sku()).isEqualTo("AUD-0001");
        // Same data as the build that checked the digest in (CatalogDigest says how to regenerate it
        // after a deliberate change): a generator that drifts between builds or runs fails here.
        var expected = readResource("/catalog-seed.sha256").strip();
        var here = CatalogDigest.compute();
        assertThat(here)
                .as("digest of the generated seed vs the checked-in one")
                .isEqualTo(expected);
        // And a second, separate JVM generates exactly the same data: nothing in the generator may
        // depend on the process (time, identity hash codes, an unseeded Random).
        assertThat(digestInAnotherJvm()).as("digest computed by a second JVM").isEqualTo(here);
    }

    private static String readResource(String name) throws IOException {
        try (var in = CatalogSeedTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String digestInAnotherJvm() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), CatalogDigest.class.getName())
                .redirectErrorStream(true)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("second JVM finished")
                .isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.strip();
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
        assertThat(PurchaseHistorySeed.userPurchases())
                .extracting(PurchaseHistorySeed.UserPurchase::userId)
                .contains("u001", "u200");
    }
}
