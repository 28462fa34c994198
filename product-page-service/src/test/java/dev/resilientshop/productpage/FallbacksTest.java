package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.productpage.inventory.StockSnapshot;
import dev.resilientshop.productpage.pricing.LastKnownPrices;
import dev.resilientshop.productpage.recommendations.PopularItems;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fallbacks of issue 6, each visible on the page: the Redis stock snapshot with seed 002's
 * banner, the last known price marked as such, and seed 003's recommendations chain headed
 * "Popular items". The Redis data lives under the test prefix ({@code product-page-test:}, db 1)
 * and is removed after each test, so the other test classes see no fallback data.
 */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class FallbacksTest {

    static final String PREFIX = "product-page-test:";

    @Inject
    RedisDataSource redis;

    @Inject
    StockSnapshot snapshot;

    @Inject
    LastKnownPrices lastKnown;

    @Inject
    PopularItems popular;

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    @AfterEach
    void removeFallbackData() {
        redis.key()
                .del(
                        PREFIX + "inventory:snapshot",
                        PREFIX + "inventory:snapshot:ts",
                        PREFIX + "pricing:last-known",
                        PREFIX + "pricing:last-known:ts",
                        PREFIX + "recs:popular",
                        PREFIX + "recs:popular:ts",
                        PREFIX + "recs:u007");
        refreshAll();
    }

    private void refreshAll() {
        snapshot.refresh();
        lastKnown.refresh();
        popular.refresh();
    }

    private void writeSnapshot(String sku, String name, int available, long ageMillis) {
        redis.hash(String.class)
                .hset(
                        PREFIX + "inventory:snapshot",
                        Map.of(
                                sku,
                                "{\"sku\":\"" + sku + "\",\"name\":\"" + name
                                        + "\",\"description\":\"from the snapshot\",\"category\":\"audio\","
                                        + "\"categoryName\":\"Audio\",\"imageUrl\":\"/img/" + sku
                                        + ".svg\",\"available\":" + available
                                        + ",\"servedBy\":\"inventory-primary\"}"));
        redis.value(String.class)
                .set(
                        PREFIX + "inventory:snapshot:ts",
                        Instant.now().minusMillis(ageMillis).toString());
        snapshot.refresh();
    }

    /** As recommendations-service publishes them (kit/fallback/RedisSnapshot): a hash by SKU and its ISO instant. */
    private void writePopular(Map<String, String> bySku, long ageMillis) {
        redis.hash(String.class).hset(PREFIX + "recs:popular", bySku);
        redis.value(String.class)
                .set(
                        PREFIX + "recs:popular:ts",
                        Instant.now().minusMillis(ageMillis).toString());
        popular.refresh();
    }

    @Test
    void inventoryDownRendersTheSnapshotWithTheBannerAndItsAge() {
        var p = Seeds.plain();
        writeSnapshot(p.sku(), p.name(), 3, 42_000);
        Stub.fail("inventory", 503);

        var html = given().when()
                .get("/p/" + p.sku())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html)
                .contains(
                        p.name(),
                        "Stock counts may lag by up to 2 minutes",
                        "snapshot taken 4",
                        " s ago",
                        "Only 3 left");
        given().when()
                .get("/api/products/" + p.sku())
                .then()
                .statusCode(200)
                .body("fallbacks.inventory", org.hamcrest.Matchers.equalTo("snapshot"))
                .body("stock.available", org.hamcrest.Matchers.equalTo(3));
    }

    @Test
    void healthyInventoryShowsNoBannerEvenWithASnapshotAround() {
        var p = Seeds.plain();
        writeSnapshot(p.sku(), p.name(), 3, 1_000);
        var html = given().when()
                .get("/p/" + p.sku())
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html).doesNotContain("Stock counts may lag");
    }

    @Test
    void inventoryAndSnapshotBothUnavailableIsA503PageWithRetryAfter() {
        Stub.fail("inventory", 503); // and no snapshot under the prefix
        var html = given().when()
                .get("/p/" + Seeds.plain().sku())
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .extract()
                .asString();
        assertThat(html).contains("not answering right now").doesNotContain("Exception", "at dev.resilientshop");
    }

    @Test
    void aSnapshotOlderThanTheMaximumAgeIsNotUsed() {
        var p = Seeds.plain();
        writeSnapshot(p.sku(), p.name(), 3, 2 * 3_600_000L); // 2 h old, the limit is 1 h
        Stub.fail("inventory", 503);
        given().when().get("/p/" + p.sku()).then().statusCode(503);
    }

    @Test
    void anUnknownSkuIsStillA404WhenInventoryAnswersIt() {
        writeSnapshot("AUD-9998", "Ghost", 1, 1_000);
        given().when().get("/p/AUD-9998").then().statusCode(404); // the stub says 404; no snapshot papers over it
    }

    @Test
    void pricingDownShowsTheLastKnownPriceMarkedAsSuch() {
        var p = Seeds.plain();
        redis.hash(String.class)
                .hset(
                        PREFIX + "pricing:last-known",
                        Map.of(
                                p.sku(),
                                "{\"sku\":\"" + p.sku()
                                        + "\",\"currency\":\"EUR\",\"listCents\":1234,\"priceCents\":1234,\"promotion\":null}"));
        redis.value(String.class)
                .set(
                        PREFIX + "pricing:last-known:ts",
                        Instant.now().minusSeconds(90).toString());
        lastKnown.refresh();
        Stub.fail("pricing", 503);

        var html = given().when()
                .get("/p/" + p.sku())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html)
                .contains("€12.34", "Last known price, published 9", "checkout confirms the current price")
                .doesNotContain("Price unavailable");
    }

    @Test
    void recommendationsDownServesTheUsersCachedAnswerFirstThenPopularThenBuiltIn() {
        var p = Seeds.plain();
        Stub.fail("recommendations", 503);
        redis.value(String.class)
                .set(
                        PREFIX + "recs:u007",
                        "{\"sku\":\"CAM-0001\",\"userId\":\"u007\",\"source\":\"co-purchase\","
                                + "\"items\":[{\"sku\":\"CAM-0009\",\"name\":\"Cached Camera\",\"category\":\"cameras\",\"score\":1.0}]}");
        writePopular(
                Map.of(
                        "TOY-0009",
                        "{\"sku\":\"TOY-0009\",\"name\":\"Popular Toy\",\"category\":\"toys\",\"score\":9.0}"),
                0);

        // 1. the user's cached answer
        assertThat(page(p.sku(), "u007")).contains("Popular items", "Cached Camera", "from your recent visits");
        // 2. another user has no cache: the best-sellers from recs:popular
        assertThat(page(p.sku(), "u008")).contains("Popular items", "Popular Toy", "our best-sellers");
        // 3. nothing in Redis: the built-in list
        redis.key().del(PREFIX + "recs:popular", PREFIX + "recs:popular:ts");
        popular.refresh();
        assertThat(page(p.sku(), "u008")).contains("Popular items", "a few favourites");
    }

    private static String page(String sku, String uid) {
        return given().cookie("uid", uid)
                .when()
                .get("/p/" + sku)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void rollingUpgradeASnapshotStampedInEpochMillisecondsByAnOlderInventoryIsStillUsed() {
        var p = Seeds.plain();
        writeSnapshot(p.sku(), p.name(), 3, 1_000);
        redis.value(Long.class).set(PREFIX + "inventory:snapshot:ts", System.currentTimeMillis() - 42_000);
        snapshot.refresh();
        Stub.fail("inventory", 503);

        var html = given().when()
                .get("/p/" + p.sku())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html).contains("Stock counts may lag by up to 2 minutes", "snapshot taken 4", "Only 3 left");
    }

    @Test
    void anUnparsableTimestampMeansNoUsableSnapshot() {
        var p = Seeds.plain();
        writeSnapshot(p.sku(), p.name(), 3, 1_000);
        redis.value(String.class).set(PREFIX + "inventory:snapshot:ts", "yesterday at noon");

        snapshot.refresh(); // does not throw: the age of what Redis holds is unknown, so nothing of it is shown
        Stub.fail("inventory", 503);

        given().when().get("/p/" + p.sku()).then().statusCode(503);
    }

    @Test
    void popularItemsAreAHashWithATimestampShownBestFirst() {
        var p = Seeds.plain();
        Stub.fail("recommendations", 503);
        writePopular(
                Map.of(
                        "TOY-0007",
                                "{\"sku\":\"TOY-0007\",\"name\":\"Lesser Toy\",\"category\":\"toys\",\"score\":3.0}",
                        "TOY-0009",
                                "{\"sku\":\"TOY-0009\",\"name\":\"Popular Toy\",\"category\":\"toys\",\"score\":9.0}"),
                30_000);

        var html = page(p.sku(), "u008");

        assertThat(html).contains("Popular items", "our best-sellers", "Popular Toy", "Lesser Toy");
        assertThat(html.indexOf("Popular Toy")).as("best first").isLessThan(html.indexOf("Lesser Toy"));
        assertThat(popular.ageSeconds()).as("how old the best-sellers are").isBetween(30L, 35L);
    }
}
