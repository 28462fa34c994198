package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.resilience.ResilienceMode;
import dev.resilientshop.productpage.inventory.StockSnapshot;
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
 * Issue 14: seed 002's snapshot fallback is for every page that shows stock, not only the product
 * page. While inventory fails, a category or a search page is read off the Redis snapshot
 * (filtered and paged as inventory would) under the stock banner, in resilient mode; with no
 * usable snapshot, or in naive mode, it is still the honest 503. The JSON listing
 * ({@code GET /api/products}) does the same and says so in its {@code servedBy} ("snapshot"). The Redis data lives under the
 * test prefix ({@code product-page-test:}, db 1) and is removed after each test.
 */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class ListingFallbackTest {

    static final String PREFIX = "product-page-test:";

    @Inject
    RedisDataSource redis;

    @Inject
    StockSnapshot snapshot;

    @Inject
    ResilienceMode mode;

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    @AfterEach
    void removeSnapshot() {
        mode.set(ResilienceMode.Mode.RESILIENT);
        Stub.reset();
        redis.key().del(PREFIX + "inventory:snapshot", PREFIX + "inventory:snapshot:ts");
        snapshot.refresh();
    }

    private static String product(String sku, String name, String category, String categoryName, int available) {
        return "{\"sku\":\"" + sku + "\",\"name\":\"" + name
                + "\",\"description\":\"from the snapshot\",\"category\":\""
                + category + "\",\"categoryName\":\"" + categoryName + "\",\"imageUrl\":\"/img/" + sku
                + ".svg\",\"available\":"
                + available + ",\"servedBy\":\"inventory-primary\"}";
    }

    private void writeSnapshot(long ageMillis) {
        redis.hash(String.class)
                .hset(
                        PREFIX + "inventory:snapshot",
                        Map.of(
                                "AUD-0902", product("AUD-0902", "Snapshot Speaker", "audio", "Audio", 2),
                                "AUD-0901", product("AUD-0901", "Snapshot Headphones", "audio", "Audio", 40),
                                "CAM-0901", product("CAM-0901", "Snapshot Camera", "cameras", "Cameras", 7)));
        redis.value(String.class)
                .set(
                        PREFIX + "inventory:snapshot:ts",
                        Instant.now().minusMillis(ageMillis).toString());
        snapshot.refresh();
    }

    @Test
    void inventoryDownCategoryPageServesTheSnapshotUnderTheBanner() {
        writeSnapshot(30_000);
        Stub.fail("inventory", 503);

        var html =
                given().when().get("/c/audio").then().statusCode(200).extract().asString();

        assertThat(html)
                .contains(
                        "Stock counts may lag by up to 2 minutes",
                        "snapshot taken 3",
                        "2 products",
                        "Snapshot Headphones",
                        "Snapshot Speaker",
                        "Only 2 left")
                .doesNotContain("Snapshot Camera");
        assertThat(html.indexOf("Snapshot Headphones"))
                .as("ordered by SKU, as inventory lists")
                .isLessThan(html.indexOf("Snapshot Speaker"));
    }

    @Test
    void inventoryDownSearchPageServesTheSnapshotUnderTheBanner() {
        writeSnapshot(30_000);
        Stub.fail("inventory", 503);

        var html = given().queryParam("q", "CAMERA")
                .when()
                .get("/search")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html)
                .contains("Stock counts may lag by up to 2 minutes", "Snapshot Camera")
                .doesNotContain("Snapshot Speaker", "Snapshot Headphones");
    }

    @Test
    void inventoryDownTheJsonListingIsTheSnapshotMarkedAsSuch() {
        writeSnapshot(30_000);
        Stub.fail("inventory", 503);

        var json = given().queryParam("category", "audio")
                .when()
                .get("/api/products")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(json.getString("servedBy")).isEqualTo("snapshot");
        assertThat(json.getInt("total")).isEqualTo(2);
        assertThat(json.getList("items.sku", String.class)).containsExactly("AUD-0901", "AUD-0902");
        assertThat(json.getList("items.available", Integer.class)).containsExactly(40, 2);
    }

    @Test
    void inventoryDownWithoutAUsableSnapshotTheJsonListingIsAProblem503() {
        Stub.fail("inventory", 503);
        given().when()
                .get("/api/products?q=speaker")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
    }

    @Test
    void healthyInventoryListsWithoutTheBanner() {
        writeSnapshot(1_000);
        var html =
                given().when().get("/c/audio").then().statusCode(200).extract().asString();
        assertThat(html).doesNotContain("Stock counts may", "Snapshot Speaker");
    }

    @Test
    void withoutAUsableSnapshotTheListingIsStillA503() {
        Stub.fail("inventory", 503);
        given().when().get("/c/audio").then().statusCode(503).header("Retry-After", "5");
        writeSnapshot(2 * 3_600_000L); // older than the 1 h maximum
        given().when().get("/search?q=speaker").then().statusCode(503);
    }

    @Test
    void naiveModeHasNoSnapshotFallback() {
        writeSnapshot(30_000);
        mode.set(ResilienceMode.Mode.NAIVE);
        Stub.fail("inventory", 503);
        given().when().get("/c/audio").then().statusCode(503);
        given().queryParam("category", "audio")
                .when()
                .get("/api/products")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5");
    }
}
