package dev.resilientshop.pricing.promotion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resilientshop.kit.catalog.CatalogSeed;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PromotionResourceTest {

    @Test
    void listsEverySeedPromotionOncePerSkuInSkuOrderWithItsLabel() {
        var expected = CatalogSeed.products().stream()
                .filter(p -> p.promotionPercent() > 0)
                .map(p -> Map.of(
                        "sku", p.sku(), "percentOff", p.promotionPercent(), "label", p.promotionPercent() + "% off"))
                .sorted((a, b) -> ((String) a.get("sku")).compareTo((String) b.get("sku")))
                .toList();

        var actual = given().get("/promotions")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("X-Served-By", "pricing")
                .extract()
                .jsonPath()
                .getList("", Map.class);

        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
