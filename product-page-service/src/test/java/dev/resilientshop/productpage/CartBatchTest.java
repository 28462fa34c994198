package dev.resilientshop.productpage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.catalog.CatalogSeed;
import dev.resilientshop.kit.catalog.SeedProduct;
import dev.resilientshop.productpage.stub.DownstreamStubResource;
import dev.resilientshop.productpage.stub.Stub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 19: a cart view read one product from inventory per line, so a 50-line cookie
 * (the most {@code Cart} accepts) cost 50 inventory calls per view, and anyone could send that
 * cookie in a loop. The lines are read in one batch ({@code GET /products?skus=...}).
 */
@QuarkusTest
@WithTestResource(DownstreamStubResource.class)
class CartBatchTest {

    @BeforeEach
    void resetStub() {
        Stub.reset();
    }

    @Test
    void aFiftyLineCartIsOneInventoryCallAndOnePricingCall() {
        var lines = CatalogSeed.products().stream().limit(50).toList();
        var cookie = lines.stream().map(p -> p.sku() + ":1").collect(Collectors.joining("|"));

        var html = given().cookie("cart", cookie)
                .when()
                .get("/cart")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // 50 lines = 1 batch read of names (+ at most 1 hedge to the other replica) + 1 batch read of prices
        assertThat(Stub.calls("inventory")).isBetween(1, 2);
        assertThat(Stub.calls("pricing")).isEqualTo(1);
        assertThat(html).contains(lines.get(0).name(), lines.get(49).name());
    }

    @Test
    void theJsonCartNamesEveryLineFromTheSameBatch() {
        SeedProduct a = Seeds.plain();
        SeedProduct b = Seeds.promoted();
        given().cookie("cart", a.sku() + ":2|" + b.sku() + ":1")
                .when()
                .get("/api/cart")
                .then()
                .statusCode(200)
                .body("lines.name", org.hamcrest.Matchers.contains(a.name(), b.name()));
        assertThat(Stub.calls("inventory")).isBetween(1, 2); // one batch read, at most one hedge
    }
}
