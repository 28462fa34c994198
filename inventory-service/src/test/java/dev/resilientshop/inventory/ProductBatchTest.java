package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /products?skus=A,B,C}: the products of a cart in one read (issue 11, item 19: a
 * 50-line cart cookie cost 50 product reads a view). Capped at 100 SKUs; beyond the cap, or a
 * malformed SKU, is a 400 problem and no query.
 */
@QuarkusTest
class ProductBatchTest {

    @Test
    void returnsTheNamedProductsInSkuOrderAndLeavesUnknownOnesOut() {
        given().queryParam("skus", "CAM-0002,AUD-0001,ZZZ-9999,AUD-0001")
                .get("/products")
                .then()
                .statusCode(200)
                .body("items.sku", contains("AUD-0001", "CAM-0002"))
                .body("total", equalTo(2))
                .body("servedBy", equalTo("inventory-primary"));
    }

    @Test
    void moreThanAHundredSkusIsAProblem400() {
        var skus = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> String.format("AUD-%04d", i))
                .collect(Collectors.joining(","));
        given().queryParam("skus", skus)
                .get("/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 100"));
    }

    @Test
    void aMalformedSkuIsAProblem400() {
        given().queryParam("skus", "AUD-0001,not-a-sku")
                .get("/products")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
