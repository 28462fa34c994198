package dev.resilientshop.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StockResourceTest {

    @Test
    void readsOneStockLevel() {
        given().get("/stock/CAM-0001")
                .then()
                .statusCode(200)
                .body("sku", equalTo("CAM-0001"))
                .body("servedBy", equalTo("inventory-primary"));
    }

    @Test
    void readsABatchAndLeavesOutUnknownSkus() {
        given().queryParam("skus", "AUD-0001,CAM-0002,ZZZ-0001")
                .get("/stock")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items.sku", org.hamcrest.Matchers.contains("AUD-0001", "CAM-0002"));
    }

    @Test
    void rejectsMalformedBatches() {
        given().get("/stock").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("skus", "not-a-sku")
                .get("/stock")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        var tooMany = String.join(
                ",",
                java.util.stream.IntStream.rangeClosed(1, 101)
                        .mapToObj(i -> "AUD-%04d".formatted(i))
                        .toList());
        given().queryParam("skus", tooMany).get("/stock").then().statusCode(400);
    }

    @Test
    void unknownSkuIs404() {
        given().get("/stock/ZZZ-0001").then().statusCode(404).contentType("application/problem+json");
    }
}
